import { STAGES, stageLabels, type DashboardInquiryWeek, type Label, type ReportTable, type StageCounts } from '@wohnlotse/shared'
import { COUNT, buildTable, withoutSuppressedValues, type Dim } from '../reports/report-table.ts'
import type { StageFlow } from './dashboard-repository.ts'

/**
 * The city's Start page figures as report tables, suppressed by the council report's rules ("in everything the
 * city role sees"): counts 1..k−1 withheld as "< k", complementary cells where a total would give one away, and
 * no number in any withheld cell. Inquiries are weekly totals only: the channel split per week would be mostly
 * withheld at Dresden's volumes; the council report has it per period.
 */

const STAGE: Label = { de: 'Stufe', en: 'Stage' }
const NEW = 'new'
const stageDims: Dim[] = STAGES.map((s) => ({ key: s, label: stageLabels[s] }))

export interface CityFigures {
  counts: StageCounts
  flows: StageFlow[]
  weeks: DashboardInquiryWeek[]
}

export function cityTables({ counts, flows, weeks }: CityFigures, k: number): { stages: ReportTable; moves: ReportTable; inquiries: ReportTable } {
  const stages = buildTable(
    {
      id: 'dashboard_stages',
      title: { de: 'Aktive Gruppen nach Stufe', en: 'Active groups by stage' },
      rowHeader: STAGE,
      rows: stageDims,
      columns: [{ key: 'count', label: COUNT }],
      unit: 'count',
      value: (r) => counts[r as keyof StageCounts],
      colTotals: true,
      suppress: true,
      chart: true,
    },
    k,
  )
  const flow = (from: string, to: string) => flows.filter((f) => (f.fromStage ?? NEW) === from && f.toStage === to).reduce((a, f) => a + f.count, 0)
  const moves = buildTable(
    {
      id: 'dashboard_moves',
      title: { de: 'Neu aufgenommene Gruppen und Wechsel zwischen den Stufen (letzte 90 Tage)', en: 'Groups taken on and moves between stages (last 90 days)' },
      rowHeader: { de: 'von \\ nach', en: 'from \\ to' },
      rows: [{ key: NEW, label: { de: 'neu aufgenommen', en: 'taken on' } }, ...stageDims],
      columns: stageDims,
      unit: 'count',
      value: flow,
      rowTotals: true,
      colTotals: true,
      suppress: true,
    },
    k,
  )
  const inquiries = buildTable(
    {
      id: 'dashboard_inquiries',
      title: { de: 'Anfragen je Kalenderwoche (letzte 12 Wochen)', en: 'Inquiries per calendar week (last 12 weeks)' },
      rowHeader: { de: 'Kalenderwoche', en: 'Calendar week' },
      rows: weeks.map((w) => {
        const n = Number(w.isoWeek.slice(-2))
        return { key: w.week, label: { de: `KW ${n}`, en: `Week ${n}` } }
      }),
      columns: [{ key: 'count', label: COUNT }],
      unit: 'count',
      value: (r) => weeks.find((w) => w.week === r)!.total,
      colTotals: true,
      suppress: true,
      // No bars: most weeks are small and withheld, and a chart without their bars would read as empty weeks.
      chart: false,
    },
    k,
  )
  return { stages: withoutSuppressedValues(stages), moves: withoutSuppressedValues(moves), inquiries: withoutSuppressedValues(inquiries) }
}
