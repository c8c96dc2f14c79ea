import type { CellFlag, Label, ReportCell, ReportColumn, ReportRow, ReportTable, ReportUnit } from '@wohnlotse/shared'
import { suppress } from './suppression.ts'

/** One value of a dimension: its key (an enum value, an id) and its label. */
export interface Dim {
  key: string
  label: Label
}

export const TOTAL: Label = { de: 'Gesamt', en: 'Total' }
export const NOT_STATED: Label = { de: 'ohne Angabe', en: 'not stated' }
export const COUNT: Label = { de: 'Anzahl', en: 'Count' }

export interface TableSpec {
  id: string
  title: Label
  rowHeader: Label
  rows: Dim[]
  columns: Dim[]
  unit: ReportUnit
  value: (row: string, column: string) => number
  /** Append a column of row totals / a row of column totals (only where the parts add up to the whole). */
  rowTotals?: boolean
  colTotals?: boolean
  /** Counts of people or groups: suppress small cells. */
  suppress?: boolean
  /** Leave out rows that are zero throughout (long lists such as districts or topics). */
  dropEmptyRows?: boolean
  chart?: boolean
  note?: Label
}

/** A table of numbers per row × column, with totals, suppressed as the spec says (k from the settings). */
export function buildTable(spec: TableSpec, k: number): ReportTable {
  const rows = spec.dropEmptyRows ? spec.rows.filter((r) => spec.columns.some((c) => spec.value(r.key, c.key) !== 0)) : spec.rows
  const grid = rows.map((r) => spec.columns.map((c) => spec.value(r.key, c.key)))
  const withTotals = grid.map((line) => (spec.rowTotals ? [...line, line.reduce((a, b) => a + b, 0)] : line))
  const width = spec.columns.length + (spec.rowTotals ? 1 : 0)
  if (spec.colTotals) withTotals.push(Array.from({ length: width }, (_, j) => withTotals.reduce((a, line) => a + line[j]!, 0)))
  const flags: CellFlag[][] =
    spec.suppress && withTotals.length > 0 && width > 0
      ? suppress({ values: withTotals, rowTotals: !!spec.rowTotals, colTotals: !!spec.colTotals, k })
      : withTotals.map((line) => line.map(() => 'none' as const))
  const columns: ReportColumn[] = spec.columns.map((c) => ({ key: c.key, label: c.label, unit: spec.unit }))
  if (spec.rowTotals) columns.push({ key: 'total', label: TOTAL, unit: spec.unit })
  const labelled: ReportRow[] = withTotals.map((line, i) => {
    const total = i === rows.length
    return {
      key: total ? 'total' : rows[i]!.key,
      label: total ? TOTAL : rows[i]!.label,
      total,
      cells: line.map((value, j) => ({ value, flag: flags[i]![j]! })),
    }
  })
  return { id: spec.id, title: spec.title, rowHeader: spec.rowHeader, columns, rows: labelled, chart: !!spec.chart, ...(spec.note ? { note: spec.note } : {}) }
}

/**
 * A table whose cells describe the cells of a suppressed count table (hours, planned homes, a median of n):
 * where that count is withheld, so is this figure ("•"), so the count cannot be read off a figure beside it.
 */
export function linkTo(table: ReportTable, counts: ReportTable): ReportTable {
  const flagOf = (rowKey: string, j: number): CellFlag => {
    const row = counts.rows.find((r) => r.key === rowKey)
    return row?.cells[Math.min(j, row.cells.length - 1)]?.flag ?? 'none'
  }
  return {
    ...table,
    rows: table.rows.map((r) => ({ ...r, cells: r.cells.map((c, j) => (c.flag === 'none' && flagOf(r.key, j) !== 'none' ? { ...c, flag: 'secondary' } : c)) })),
  }
}

/** The cell at the bottom right: the grand total of a table with totals, or a one-cell figure. */
export function grandTotal(table: ReportTable): ReportCell {
  const row = table.rows.at(-1)
  return row?.cells.at(-1) ?? { value: 0, flag: 'none' }
}

/** What the city and every export get: a withheld cell keeps its mark and loses its number. */
export function withoutSuppressedValues(table: ReportTable): ReportTable {
  return { ...table, rows: table.rows.map((r) => ({ ...r, cells: r.cells.map((c) => (c.flag === 'none' ? c : { value: null, flag: c.flag })) })) }
}

/**
 * Tables that count the same things two ways (inquiries by channel and by language) share their grand total:
 * where one of them had to withhold it, the others withhold it too, so it cannot be read off a neighbour.
 * Withholding more only takes knowledge away, so this never exposes a cell that was protected.
 */
export function alignGrandTotals(tables: ReportTable[]): ReportTable[] {
  if (!tables.some((t) => grandTotal(t).flag !== 'none')) return tables
  return tables.map((t) => {
    const last = t.rows.length - 1
    return {
      ...t,
      rows: t.rows.map((r, i) =>
        i === last ? { ...r, cells: r.cells.map((c, j) => (j === r.cells.length - 1 && c.flag === 'none' ? { ...c, flag: 'secondary' as const } : c)) } : r,
      ),
    }
  })
}
