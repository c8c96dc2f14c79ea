import Type, { type Static } from 'typebox'
import { ActorRef, Timestamp, Uuid, nullable } from './common.ts'
import { formatHoursNumber } from './durations.ts'

/**
 * The report to the city council (Berichtswesen Stadtrat). One generic shape — sections of tables of cells —
 * so suppression, the screen, CSV, XLSX and PDF all read the same thing and cannot drift apart.
 */

/** Longest period one report covers: two years and a day (a leap year inside). */
export const REPORT_MAX_DAYS = 732
/** Small-cell threshold k: counts 1..k−1 are suppressed. Below 3 the mark "< k" would give the value away. */
export const REPORT_MIN_CELL_DEFAULT = 3
export const REPORT_MIN_CELL_MIN = 3
export const REPORT_MIN_CELL_MAX = 20

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 })

export const CouncilReportQuery = Type.Object(
  { from: Day, to: Day, format: Type.Optional(Type.Enum(REPORT_FORMATS)) },
  { additionalProperties: false },
)
export type CouncilReportQuery = Static<typeof CouncilReportQuery>

export const LabelSchema = Type.Object({ de: Type.String(), en: Type.String() })

/**
 * `primary`: a count from 1 to k−1; `secondary`: suppressed so that no primary cell can be worked out from the
 * totals (complementary suppression). For the city role and in exports such a cell's `value` is null.
 */
export const CELL_FLAGS = ['none', 'primary', 'secondary'] as const
export type CellFlag = (typeof CELL_FLAGS)[number]

export const ReportCell = Type.Object({ value: nullable(Type.Number()), flag: Type.Enum(CELL_FLAGS) })
export type ReportCell = Static<typeof ReportCell>

/** How a column's numbers read: counts, minutes (shown as hours), cents (shown as euros), percent, days. */
export const REPORT_UNITS = ['count', 'minutes', 'cents', 'percent', 'days'] as const
export type ReportUnit = (typeof REPORT_UNITS)[number]

export const ReportColumn = Type.Object({ key: Type.String(), label: LabelSchema, unit: Type.Enum(REPORT_UNITS) })
export type ReportColumn = Static<typeof ReportColumn>

export const ReportRow = Type.Object({
  key: Type.String(),
  label: LabelSchema,
  /** The row of column totals (and the total column's cell is the grand total). */
  total: Type.Boolean(),
  cells: Type.Array(ReportCell),
})
export type ReportRow = Static<typeof ReportRow>

export const ReportTable = Type.Object({
  id: Type.String(),
  title: LabelSchema,
  /** What the rows are (the header of the first column). */
  rowHeader: LabelSchema,
  columns: Type.Array(ReportColumn),
  rows: Type.Array(ReportRow),
  /** A note under the table, e.g. that one inquiry may name several topics. */
  note: Type.Optional(LabelSchema),
  /** Whether the screen and the PDF draw the first column as bars. */
  chart: Type.Boolean(),
})
export type ReportTable = Static<typeof ReportTable>

export const REPORT_SECTIONS = ['frontdesk', 'groups', 'consultations', 'expert', 'totals'] as const
export type ReportSectionId = (typeof REPORT_SECTIONS)[number]

export const ReportSection = Type.Object({ id: Type.Enum(REPORT_SECTIONS), title: LabelSchema, tables: Type.Array(ReportTable) })
export type ReportSection = Static<typeof ReportSection>

export const Period = Type.Object({ from: Type.String(), to: Type.String() })
export type Period = Static<typeof Period>

export const CouncilReport = Type.Object({
  period: Period,
  /** The same period a year earlier, compared in the totals. */
  previousPeriod: Period,
  generatedAt: Timestamp,
  minCellSize: Type.Integer(),
  /** True: suppressed cells carry no value (city role, exports). False: coordinators see values with flags. */
  suppressed: Type.Boolean(),
  sections: Type.Array(ReportSection),
})
export type CouncilReport = Static<typeof CouncilReport>

// ---- Snapshots ("Bericht festschreiben") ----

export const SnapshotCreate = Type.Object({ from: Day, to: Day }, { additionalProperties: false })
export type SnapshotCreate = Static<typeof SnapshotCreate>

export const SnapshotSummary = Type.Object({
  id: Uuid,
  period: Period,
  /** SHA-256 (hex) over the stored report's canonical JSON. */
  hash: Type.String(),
  createdAt: Timestamp,
  createdBy: nullable(ActorRef),
})
export type SnapshotSummary = Static<typeof SnapshotSummary>

export const SnapshotList = Type.Object({ items: Type.Array(SnapshotSummary) })
export type SnapshotList = Static<typeof SnapshotList>

/** A figure that differs between the stored report and the report generated now. */
export const SnapshotChange = Type.Object({
  tableId: Type.String(),
  table: LabelSchema,
  row: LabelSchema,
  column: LabelSchema,
  unit: Type.Enum(REPORT_UNITS),
  stored: nullable(Type.Number()),
  current: nullable(Type.Number()),
})
export type SnapshotChange = Static<typeof SnapshotChange>

export const Snapshot = Type.Object({
  ...SnapshotSummary.properties,
  report: CouncilReport,
  /** Whether the stored report still matches its hash. */
  intact: Type.Boolean(),
  /** What changed since: figures that the same period gives differently today (empty: nothing changed). */
  changes: Type.Array(SnapshotChange),
})
export type Snapshot = Static<typeof Snapshot>

export const ReportSettings = Type.Object({ minCellSize: Type.Integer() })
export type ReportSettings = Static<typeof ReportSettings>
export const ReportSettingsPut = Type.Object(
  { minCellSize: Type.Integer({ minimum: REPORT_MIN_CELL_MIN, maximum: REPORT_MIN_CELL_MAX }) },
  { additionalProperties: false },
)
export type ReportSettingsPut = Static<typeof ReportSettingsPut>

/** "2026-07-01".."2026-09-30" → "2026-Q3"; a whole year "2026", a half "2026-H1", a month "2026-07", else both days. */
export function periodName(from: string, to: string): string {
  const y = from.slice(0, 4)
  const sameYear = to.slice(0, 4) === y
  const md = (d: string) => d.slice(5)
  if (sameYear && md(from) === '01-01' && md(to) === '12-31') return y
  if (sameYear && md(from) === '01-01' && md(to) === '06-30') return `${y}-H1`
  if (sameYear && md(from) === '07-01' && md(to) === '12-31') return `${y}-H2`
  const quarters: [string, string][] = [['01-01', '03-31'], ['04-01', '06-30'], ['07-01', '09-30'], ['10-01', '12-31']]
  const q = quarters.findIndex(([a, b]) => md(from) === a && md(to) === b)
  if (sameYear && q >= 0) return `${y}-Q${q + 1}`
  const lastDay = new Date(Date.UTC(Number(y), Number(from.slice(5, 7)), 0)).getUTCDate()
  if (sameYear && from.slice(5, 7) === to.slice(5, 7) && from.slice(8) === '01' && Number(to.slice(8)) === lastDay) return from.slice(0, 7)
  return `${from}_${to}`
}

/** A withheld figure as shown everywhere: a small count "< k", a complementary or linked one "•". */
export function withheldMark(flag: CellFlag, k: number): string {
  return flag === 'primary' ? `< ${k}` : '•'
}

/** A figure as text in the UI, the CSV and the PDF; units as the column says. Null (not applicable): "–". */
export function formatReportNumber(value: number | null, unit: ReportUnit, locale: 'de' | 'en', grouping = true): string {
  if (value === null) return '–'
  const tag = locale === 'de' ? 'de-DE' : 'en-GB'
  const fixed = (digits: number, min = digits) => new Intl.NumberFormat(tag, { minimumFractionDigits: min, maximumFractionDigits: digits, useGrouping: grouping }).format(value)
  switch (unit) {
    case 'minutes':
      return formatHoursNumber(value, locale, { grouping })
    case 'cents':
      return new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: grouping }).format(value / 100)
    case 'percent':
    case 'days':
      return fixed(1, 0)
    default:
      return fixed(0)
  }
}

/** The unit in a column header: "Stunden", "EUR", "%". */
export const reportUnitSuffix: Record<ReportUnit, { de: string; en: string }> = {
  count: { de: '', en: '' },
  minutes: { de: 'Std.', en: 'h' },
  cents: { de: 'EUR', en: 'EUR' },
  percent: { de: '%', en: '%' },
  days: { de: 'Tage', en: 'days' },
}
