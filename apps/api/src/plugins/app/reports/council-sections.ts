import {
  CLOSE_REASONS,
  CONSULTATION_CHANNELS,
  DISTRICTS,
  INQUIRY_CHANNELS,
  LANGUAGES,
  LEGAL_FORMS,
  LIFECYCLES,
  REFERRAL_OUTCOMES,
  STAGES,
  TARGET_GROUPS,
  TOPICS,
  consultationChannelLabels,
  districtLabels,
  inquiryChannelLabels,
  languageLabels,
  legalFormLabels,
  lifecycleLabels,
  referralOutcomeLabels,
  stageLabels,
  targetGroupLabels,
  topicLabels,
  closeReasonLabels,
  type Label,
  type ReportSection,
  type ReportTable,
} from '@wohnlotse/shared'
import type { AggregateRow } from './council-repository.ts'
import { COUNT, NOT_STATED, alignGrandTotals, buildTable, grandTotal, linkTo, type Dim } from './report-table.ts'

/** The aggregates of one period, as the repository answers them. */
export interface PeriodAggregates {
  frontdesk: AggregateRow[]
  groups: AggregateRow[]
  consultations: AggregateRow[]
  expert: AggregateRow[]
}

const dims = <T extends string>(keys: readonly T[], labels: Record<T, Label>): Dim[] => keys.map((key) => ({ key, label: labels[key] }))
/** Enum values plus "not stated" (stored as '' by the repository). */
const withNotStated = (list: Dim[]): Dim[] => [...list, { key: '', label: NOT_STATED }]
const ONE: Dim[] = [{ key: 'n', label: COUNT }]
const MULTI_NOTE = (what: Label): Label => ({
  de: `Mehrfachnennungen möglich: ${what.de} können mehrere Angaben haben, die Zeilen ergeben zusammen keine Summe.`,
  en: `Several answers possible: ${what.en} may name several, so the rows do not add up.`,
})

/** Looks figures up in the long format: `n` (or `v`) of the row with this dimension and keys. */
function lookup(rows: AggregateRow[]) {
  const index = new Map<string, AggregateRow>()
  for (const r of rows) index.set(`${r.dim}|${r.a ?? ''}|${r.b ?? ''}`, r)
  const get = (dim: string, a = '', b = '') => index.get(`${dim}|${a}|${b}`)
  return {
    n: (dim: string, a = '', b = '') => get(dim, a, b)?.n ?? 0,
    v: (dim: string, a = '', b = '') => get(dim, a, b)?.v ?? 0,
    all: (dim: string) => rows.filter((r) => r.dim === dim),
  }
}

function frontdesk(rows: AggregateRow[], k: number): ReportSection {
  const f = lookup(rows)
  const offers = f.all('offer').map((o) => ({ key: o.a!, label: { de: o.b!, en: o.b! } })).sort((a, b) => a.label.de.localeCompare(b.label.de, 'de'))
  const inquiries = { de: 'Anfragen', en: 'inquiries' }
  const followUp = f.all('followup')[0]
  const referrals = followUp?.n ?? 0
  const recorded = followUp?.v ?? 0
  const followCounts = buildTable(
    {
      id: 'referral_followup',
      title: { de: 'Rückmeldung zu Verweisen binnen 14 Tagen', en: 'Referrals followed up within 14 days' },
      rowHeader: { de: 'Verweise', en: 'Referrals' },
      rows: [{ key: 'recorded', label: { de: 'Rückmeldung binnen 14 Tagen erfasst', en: 'Outcome recorded within 14 days' } }, { key: 'open', label: { de: 'später oder noch nicht erfasst', en: 'later or not yet recorded' } }],
      columns: ONE,
      unit: 'count',
      value: (r) => (r === 'recorded' ? recorded : referrals - recorded),
      colTotals: true,
      suppress: true,
    },
    k,
  )
  const refs = buildTable({ id: 'referrals_offer_outcome', title: { de: 'Verweise nach Angebot und Ergebnis', en: 'Referrals by offer and outcome' }, rowHeader: { de: 'Angebot', en: 'Offer' }, rows: offers, columns: dims(REFERRAL_OUTCOMES, referralOutcomeLabels), unit: 'count', value: (r, c) => f.n('referral', r, c), rowTotals: true, colTotals: true, suppress: true, dropEmptyRows: true }, k)
  const [referralsTable, followTable] = alignGrandTotals([refs, followCounts]) as [ReportTable, ReportTable]
  // The share with the total gives the recorded count away, and with that count the total: withheld with either.
  const shareWithheld = followTable.rows[0]!.cells[0]!.flag !== 'none' || grandTotal(followTable).flag !== 'none'
  const shareTable: ReportTable = {
    id: 'referral_followup_share',
    title: { de: 'Anteil der Verweise mit Rückmeldung binnen 14 Tagen', en: 'Share of referrals followed up within 14 days' },
    rowHeader: { de: 'Kennzahl', en: 'Figure' },
    columns: [{ key: 'share', label: { de: 'Anteil', en: 'Share' }, unit: 'percent' }],
    rows: [{
      key: 'share',
      label: { de: 'Rückmeldung binnen 14 Tagen', en: 'Followed up within 14 days' },
      total: false,
      cells: [{ value: referrals ? Math.round((1000 * recorded) / referrals) / 10 : null, flag: shareWithheld ? 'secondary' : 'none' }],
    }],
    chart: false,
  }
  return {
    id: 'frontdesk',
    title: { de: 'Anlaufberatung', en: 'Front desk' },
    tables: [
      ...alignGrandTotals([
        buildTable({ id: 'inquiries_channel', title: { de: 'Anfragen nach Zugangsweg', en: 'Inquiries by channel' }, rowHeader: { de: 'Zugangsweg', en: 'Channel' }, rows: dims(INQUIRY_CHANNELS, inquiryChannelLabels), columns: ONE, unit: 'count', value: (r) => f.n('channel', r), colTotals: true, suppress: true, chart: true }, k),
        buildTable({ id: 'inquiries_language', title: { de: 'Anfragen nach Sprache', en: 'Inquiries by language' }, rowHeader: { de: 'Sprache', en: 'Language' }, rows: withNotStated(dims(LANGUAGES, languageLabels)), columns: ONE, unit: 'count', value: (r) => f.n('language', r), colTotals: true, suppress: true, dropEmptyRows: true }, k),
      ]),
      buildTable({ id: 'inquiries_topic', title: { de: 'Anfragen nach Thema', en: 'Inquiries by topic' }, rowHeader: { de: 'Thema', en: 'Topic' }, rows: [...dims(TOPICS, topicLabels), { key: '', label: NOT_STATED }], columns: ONE, unit: 'count', value: (r) => (r === '' ? (f.all('inquiries')[0]?.v ?? 0) : f.n('topic', r)), suppress: true, dropEmptyRows: true, chart: true, note: MULTI_NOTE(inquiries) }, k),
      buildTable({ id: 'inquiries_target_group', title: { de: 'Anfragen nach Zielgruppe', en: 'Inquiries by target group' }, rowHeader: { de: 'Zielgruppe', en: 'Target group' }, rows: dims(TARGET_GROUPS, targetGroupLabels), columns: ONE, unit: 'count', value: (r) => f.n('target', r), suppress: true, dropEmptyRows: true, note: MULTI_NOTE(inquiries) }, k),
      referralsTable,
      followTable,
      shareTable,
    ],
  }
}

function groups(rows: AggregateRow[], k: number): ReportSection {
  const g = lookup(rows)
  const stages = dims(STAGES, stageLabels)
  const districts = withNotStated(dims(DISTRICTS, districtLabels))
  const district = { de: 'Stadtbezirk / Ortschaft', en: 'District' }
  const endCounts = buildTable({ id: 'groups_end_district_stage', title: { de: 'Gruppen am Ende des Zeitraums nach Stadtbezirk und Stufe', en: 'Groups at the end of the period by district and stage' }, rowHeader: district, rows: districts, columns: stages, unit: 'count', value: (r, c) => g.n('end_stage_district', c, r), rowTotals: true, colTotals: true, suppress: true, dropEmptyRows: true }, k)
  const homes = buildTable({ id: 'planned_homes_district_stage', title: { de: 'Geplante Wohnungen nach Stadtbezirk und Stufe', en: 'Planned homes by district and stage' }, rowHeader: district, rows: districts.filter((d) => endCounts.rows.some((r) => r.key === d.key)), columns: stages, unit: 'count', value: (r, c) => g.v('end_stage_district', c, r), rowTotals: true, colTotals: true, note: { de: 'Wohnungen der Gruppen, die eine Zahl angegeben haben; Felder mit zu wenigen Gruppen bleiben leer.', en: 'Homes of the groups that gave a number; cells with too few groups stay empty.' } }, k)
  const stays = buildTable({ id: 'stage_stays', title: { de: 'Abgeschlossene Aufenthalte in einer Stufe', en: 'Completed stays in a stage' }, rowHeader: { de: 'Stufe', en: 'Stage' }, rows: stages, columns: ONE, unit: 'count', value: (r) => g.n('stay', r), suppress: true }, k)
  const median = linkTo(
    buildTable({ id: 'stage_median_days', title: { de: 'Verweildauer in Tagen (Median)', en: 'Days in stage (median)' }, rowHeader: { de: 'Stufe', en: 'Stage' }, rows: stages, columns: [{ key: 'median', label: { de: 'Median Tage', en: 'Median days' } }], unit: 'days', value: (r) => g.v('stay', r), note: { de: 'Aufenthalte, die im Zeitraum endeten (Wechsel in eine andere Stufe).', en: 'Stays that ended in the period (a move to another stage).' } }, k),
    stays,
  )
  return {
    id: 'groups',
    title: { de: 'Gruppen', en: 'Groups' },
    tables: [
      ...alignGrandTotals([
      buildTable({ id: 'groups_new_district', title: { de: 'Neue Gruppen nach Stadtbezirk', en: 'New groups by district' }, rowHeader: district, rows: districts, columns: ONE, unit: 'count', value: (r) => g.n('new_district', r), colTotals: true, suppress: true, dropEmptyRows: true }, k),
      buildTable({ id: 'groups_new_legal_form', title: { de: 'Neue Gruppen nach Rechtsform', en: 'New groups by legal form' }, rowHeader: { de: 'Rechtsform', en: 'Legal form' }, rows: withNotStated(dims(LEGAL_FORMS, legalFormLabels)), columns: ONE, unit: 'count', value: (r) => g.n('new_legal', r), colTotals: true, suppress: true, dropEmptyRows: true }, k),
      ]),
      endCounts,
      linkTo(homes, endCounts),
      buildTable({ id: 'groups_end_target_group', title: { de: 'Gruppen am Ende des Zeitraums nach Zielgruppe', en: 'Groups at the end of the period by target group' }, rowHeader: { de: 'Zielgruppe', en: 'Target group' }, rows: dims(TARGET_GROUPS, targetGroupLabels), columns: ONE, unit: 'count', value: (r) => g.n('end_target', r), suppress: true, dropEmptyRows: true, chart: true, note: MULTI_NOTE({ de: 'Gruppen', en: 'groups' }) }, k),
      buildTable({ id: 'stage_moves', title: { de: 'Wechsel zwischen den Stufen', en: 'Moves between stages' }, rowHeader: { de: 'von \\ nach', en: 'from \\ to' }, rows: stages, columns: stages, unit: 'count', value: (r, c) => g.n('move', r, c), rowTotals: true, colTotals: true, suppress: true }, k),
      stays,
      median,
      // Both count the groups closed in the period (each once, by its last closing): one total, withheld alike.
      ...alignGrandTotals([
        buildTable({ id: 'groups_closed_reason', title: { de: 'Abgeschlossene Gruppen nach Grund', en: 'Groups closed, by reason' }, rowHeader: { de: 'Grund des Abschlusses', en: 'Reason for closing' }, rows: withNotStated(dims(CLOSE_REASONS, closeReasonLabels)), columns: ONE, unit: 'count', value: (r) => g.n('closed_reason', r), colTotals: true, suppress: true, dropEmptyRows: true, chart: true, note: { de: '„Nicht angegeben“: Abschlüsse, die vor der Einführung der Gründe erfasst wurden.', en: '“Not stated”: closings recorded before reasons were introduced.' } }, k),
        buildTable({ id: 'groups_closed', title: { de: 'Abgeschlossene Gruppen nach Projektphase', en: 'Groups closed, by lifecycle' }, rowHeader: { de: 'Projektphase', en: 'Lifecycle' }, rows: dims(LIFECYCLES, lifecycleLabels), columns: ONE, unit: 'count', value: (r) => g.n('closed', r), colTotals: true, suppress: true, note: { de: 'Die Projektphase, die in der Akte der Gruppe steht (umgesetzt, aufgegeben …).', en: 'The lifecycle recorded in the group’s file (realised, abandoned …).' } }, k),
      ]),
    ],
  }
}

function consultations(rows: AggregateRow[], k: number): ReportSection {
  const c = lookup(rows)
  const stages = dims(STAGES, stageLabels)
  const channels = dims(CONSULTATION_CHANNELS, consultationChannelLabels)
  const counts = buildTable({ id: 'consultations_stage_channel', title: { de: 'Beratungsgespräche nach Stufe und Form', en: 'Consultations by stage and channel' }, rowHeader: { de: 'Stufe', en: 'Stage' }, rows: stages, columns: channels, unit: 'count', value: (r, col) => c.n('stage_channel', r, col), rowTotals: true, colTotals: true, suppress: true, chart: true }, k)
  const minutes = buildTable({ id: 'consultations_hours', title: { de: 'Beratungsstunden nach Stufe und Form', en: 'Hours of consultation by stage and channel' }, rowHeader: { de: 'Stufe', en: 'Stage' }, rows: stages, columns: channels, unit: 'minutes', value: (r, col) => c.v('stage_channel', r, col), rowTotals: true, colTotals: true }, k)
  const [alignedCounts, byLanguage] = alignGrandTotals([
    counts,
    buildTable({ id: 'consultations_language', title: { de: 'Beratungsgespräche nach Sprache', en: 'Consultations by language' }, rowHeader: { de: 'Sprache', en: 'Language' }, rows: withNotStated(dims(LANGUAGES, languageLabels)), columns: ONE, unit: 'count', value: (r) => c.n('language', r), colTotals: true, suppress: true, dropEmptyRows: true }, k),
  ]) as [ReportTable, ReportTable]
  return {
    id: 'consultations',
    title: { de: 'Beratung', en: 'Consultations' },
    tables: [alignedCounts, linkTo(minutes, alignedCounts), byLanguage],
  }
}

function expert(rows: AggregateRow[], k: number): ReportSection {
  const e = lookup(rows)
  const contracts = e.all('contract').map((r) => ({ key: r.a!, label: { de: r.b!, en: r.b! } })).sort((a, b) => a.label.de.localeCompare(b.label.de))
  const hourColumns: Dim[] = [
    { key: 'granted', label: { de: 'bewilligt', en: 'granted' } },
    { key: 'approved', label: { de: 'freigegeben', en: 'approved' } },
    { key: 'billed', label: { de: 'abgerechnet', en: 'billed' } },
  ]
  const perContract = (r: string, col: string) => (col === 'granted' ? e.n('contract', r, e.all('contract').find((x) => x.a === r)?.b ?? '') : e.n(`contract_${col}`, r))
  const years = [...new Set(e.all('budget').map((r) => r.a!))].sort()
  const budget = (year: string, what: string) => e.n('budget', year, what)
  const advised = e.all('advised')[0]?.n ?? 0
  const netTotal = e.all('contract_net').reduce((sum, r) => sum + r.n, 0)
  const advisedTable = buildTable({ id: 'groups_advised', title: { de: 'Beratene Gruppen (mit freigegebenen Fachberatungsstunden)', en: 'Groups advised (with approved expert hours)' }, rowHeader: { de: 'Kennzahl', en: 'Figure' }, rows: [{ key: 'advised', label: { de: 'Gruppen', en: 'Groups' } }], columns: ONE, unit: 'count', value: () => advised, suppress: true }, k)
  const advisedFlag = advisedTable.rows[0]!.cells[0]!.flag
  const costTable: ReportTable = {
    id: 'cost_per_group',
    title: { de: 'Kosten je beratener Gruppe', en: 'Cost per group advised' },
    rowHeader: { de: 'Kennzahl', en: 'Figure' },
    columns: [{ key: 'cents', label: { de: 'Betrag netto', en: 'Net amount' }, unit: 'cents' }],
    rows: [
      { key: 'net', label: { de: 'Kosten freigegebener Stunden', en: 'Cost of approved hours' }, total: false, cells: [{ value: netTotal, flag: 'none' }] },
      // Cost ÷ cost per group would give a withheld number of groups away.
      { key: 'per_group', label: { de: 'je beratener Gruppe', en: 'per group advised' }, total: false, cells: [{ value: advised ? Math.round(netTotal / advised) : null, flag: advisedFlag === 'none' ? 'none' : 'secondary' }] },
    ],
    chart: false,
  }
  return {
    id: 'expert',
    title: { de: 'Fachberatung', en: 'Expert advice' },
    tables: [
      buildTable({ id: 'expert_hours_contract', title: { de: 'Fachberatungsstunden je Rahmenvertrag', en: 'Expert hours per framework contract' }, rowHeader: { de: 'Rahmenvertrag', en: 'Contract' }, rows: contracts, columns: hourColumns, unit: 'minutes', value: perContract, colTotals: true, chart: true }, k),
      buildTable({ id: 'expert_cost_contract', title: { de: 'Kosten freigegebener Stunden je Rahmenvertrag', en: 'Cost of approved hours per contract' }, rowHeader: { de: 'Rahmenvertrag', en: 'Contract' }, rows: contracts, columns: [{ key: 'net', label: { de: 'netto', en: 'net' } }], unit: 'cents', value: (r) => e.n('contract_net', r), colTotals: true }, k),
      buildTable({ id: 'expert_hours_field', title: { de: 'Fachberatungsstunden je Fachgebiet', en: 'Expert hours per field of expertise' }, rowHeader: { de: 'Fachgebiet', en: 'Field' }, rows: dims(TOPICS, topicLabels), columns: hourColumns, unit: 'minutes', value: (r, col) => e.n('expertise', r, col), dropEmptyRows: true, note: { de: 'Ein Rahmenvertrag kann mehrere Fachgebiete haben; seine Stunden zählen bei jedem.', en: 'A contract may cover several fields; its hours count in each.' } }, k),
      {
        id: 'budget',
        title: { de: 'Beraterbudget (Stand heute)', en: 'Advisor budget (as of today)' },
        rowHeader: { de: 'Jahr', en: 'Year' },
        columns: [
          { key: 'amount', label: { de: 'Budget', en: 'Budget' }, unit: 'cents' },
          { key: 'committed', label: { de: 'gebunden', en: 'committed' }, unit: 'cents' },
          { key: 'spent', label: { de: 'ausgegeben', en: 'spent' }, unit: 'cents' },
          { key: 'available', label: { de: 'verfügbar', en: 'available' }, unit: 'cents' },
          { key: 'committed_share', label: { de: 'gebunden in %', en: 'committed %' }, unit: 'percent' },
          { key: 'spent_share', label: { de: 'ausgegeben in %', en: 'spent %' }, unit: 'percent' },
        ],
        rows: years.map((y) => {
          const amount = budget(y, 'amount')
          const share = (part: number) => (amount ? Math.round((1000 * part) / amount) / 10 : null)
          const values = [amount, budget(y, 'committed'), budget(y, 'spent'), amount - budget(y, 'committed'), share(budget(y, 'committed')), share(budget(y, 'spent'))]
          return { key: y, label: { de: y, en: y }, total: false, cells: values.map((value) => ({ value, flag: 'none' as const })) }
        }),
        chart: false,
      },
      advisedTable,
      costTable,
    ],
  }
}

/** The figures compared with the year before: each the grand total of its table, withheld where that is. */
const TOTALS: { key: string; label: Label; table: string; unit: 'count' | 'minutes' | 'cents'; row?: string; col?: number }[] = [
  { key: 'inquiries', label: { de: 'Anfragen', en: 'Inquiries' }, table: 'inquiries_channel', unit: 'count' },
  { key: 'referrals', label: { de: 'Verweise', en: 'Referrals' }, table: 'referrals_offer_outcome', unit: 'count' },
  { key: 'groups_new', label: { de: 'Neue Gruppen', en: 'New groups' }, table: 'groups_new_district', unit: 'count' },
  { key: 'groups_end', label: { de: 'Gruppen am Ende des Zeitraums', en: 'Groups at the end of the period' }, table: 'groups_end_district_stage', unit: 'count' },
  { key: 'moves', label: { de: 'Wechsel zwischen den Stufen', en: 'Moves between stages' }, table: 'stage_moves', unit: 'count' },
  { key: 'consultations', label: { de: 'Beratungsgespräche', en: 'Consultations' }, table: 'consultations_stage_channel', unit: 'count' },
  { key: 'consultation_hours', label: { de: 'Beratungsstunden', en: 'Hours of consultation' }, table: 'consultations_hours', unit: 'minutes' },
  { key: 'expert_granted', label: { de: 'Fachberatungsstunden bewilligt', en: 'Expert hours granted' }, table: 'expert_hours_contract', unit: 'minutes', col: 0 },
  { key: 'expert_approved', label: { de: 'Fachberatungsstunden freigegeben', en: 'Expert hours approved' }, table: 'expert_hours_contract', unit: 'minutes', col: 1 },
  { key: 'expert_billed', label: { de: 'Fachberatungsstunden abgerechnet', en: 'Expert hours billed' }, table: 'expert_hours_contract', unit: 'minutes', col: 2 },
  { key: 'expert_cost', label: { de: 'Kosten freigegebener Stunden (netto)', en: 'Cost of approved hours (net)' }, table: 'expert_cost_contract', unit: 'cents' },
]

export function sectionsOf(a: PeriodAggregates, k: number): ReportSection[] {
  return [frontdesk(a.frontdesk, k), groups(a.groups, k), consultations(a.consultations, k), expert(a.expert, k)]
}

function figure(sections: ReportSection[], spec: (typeof TOTALS)[number]) {
  const table = sections.flatMap((s) => s.tables).find((t) => t.id === spec.table)!
  if (spec.col === undefined) return grandTotal(table)
  const totalRow = table.rows.find((r) => r.total)
  return totalRow?.cells[spec.col] ?? { value: 0, flag: 'none' as const }
}

/** Totals of the period beside those of the same period a year earlier, and the change in %. */
export function totalsSection(current: ReportSection[], previous: ReportSection[]): ReportSection {
  const rows = TOTALS.map((spec) => {
    const now = figure(current, spec)
    const before = figure(previous, spec)
    const withheld = now.flag !== 'none' || before.flag !== 'none'
    const change = !withheld && before.value ? Math.round((1000 * ((now.value ?? 0) - before.value)) / before.value) / 10 : null
    return { spec, cells: [now, before, { value: change, flag: withheld ? ('secondary' as const) : ('none' as const) }] }
  })
  // One table per unit, so a column never mixes counts, hours and euros.
  const units = [
    { unit: 'count' as const, id: 'totals_counts', title: { de: 'Fallzahlen', en: 'Counts' } },
    { unit: 'minutes' as const, id: 'totals_hours', title: { de: 'Stunden', en: 'Hours' } },
    { unit: 'cents' as const, id: 'totals_money', title: { de: 'Kosten', en: 'Cost' } },
  ]
  return {
    id: 'totals',
    title: { de: 'Gesamtzahlen und Vorjahresvergleich', en: 'Totals and the year before' },
    tables: units.map(({ unit, id, title }) => ({
      id,
      title,
      rowHeader: { de: 'Kennzahl', en: 'Figure' },
      columns: [
        { key: 'current', label: { de: 'Zeitraum', en: 'Period' }, unit },
        { key: 'previous', label: { de: 'Vorjahreszeitraum', en: 'Year before' }, unit },
        { key: 'change', label: { de: 'Veränderung in %', en: 'Change %' }, unit: 'percent' as const },
      ],
      rows: rows.filter((r) => r.spec.unit === unit).map((r) => ({ key: r.spec.key, label: r.spec.label, total: false, cells: r.cells })),
      chart: false,
    })),
  }
}
