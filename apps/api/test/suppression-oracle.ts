import type { CellFlag } from '@wohnlotse/shared'
import type { SuppressionInput } from '../src/plugins/app/reports/suppression.ts'

/** What a reader of the suppressed table knows about a cell. */
type Known = { kind: 'value'; value: number } | { kind: 'primary' } | { kind: 'secondary' } | { kind: 'hidden' }

/**
 * Brute force, independent of the module's graph argument: every assignment of the unknown inner cells within
 * 0..limit that agrees with everything published (values, "< k" = 1..k−1, "•" = 0 or ≥ k, the line sums), and
 * the values each suppressed cell takes across them. A cell with one value only could be recovered.
 */
export function possibleValues(input: SuppressionInput, flags: CellFlag[][], limit: number): Map<string, Set<number>> {
  const { values, rowTotals, colTotals, k } = input
  const R = values.length - (colTotals ? 1 : 0)
  const C = values[0]!.length - (rowTotals ? 1 : 0)
  const known = (i: number, j: number): Known => {
    const present = (i < R || colTotals) && (j < C || rowTotals)
    if (!present) return { kind: 'hidden' }
    const f = flags[i]![j]!
    return f === 'none' ? { kind: 'value', value: values[i]![j]! } : { kind: f }
  }
  const fits = (kn: Known, v: number) =>
    kn.kind === 'hidden' || (kn.kind === 'value' ? v === kn.value : kn.kind === 'primary' ? v >= 1 && v < k : v === 0 || v >= k)
  const seen = new Map<string, Set<number>>()
  const note = (i: number, j: number, v: number) => {
    if (known(i, j).kind === 'value' || known(i, j).kind === 'hidden') return
    const key = `${i},${j}`
    if (!seen.has(key)) seen.set(key, new Set())
    seen.get(key)!.add(v)
  }
  const x: number[][] = Array.from({ length: R }, () => Array<number>(C).fill(0))
  const check = () => {
    for (let j = 0; j < C; j++) if (!fits(known(R, j), x.reduce((a, r) => a + r[j]!, 0))) return false
    const grand = x.flat().reduce((a, b) => a + b, 0)
    return fits(known(R, C), grand)
  }
  const record = () => {
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) note(i, j, x[i]![j]!)
    for (let i = 0; i < R; i++) note(i, C, x[i]!.reduce((a, b) => a + b, 0))
    for (let j = 0; j < C; j++) note(R, j, x.reduce((a, r) => a + r[j]!, 0))
    note(R, C, x.flat().reduce((a, b) => a + b, 0))
  }
  const walk = (cell: number) => {
    if (cell === R * C) {
      if (check()) record()
      return
    }
    const i = Math.floor(cell / C)
    const j = cell % C
    const kn = known(i, j)
    const options = kn.kind === 'value' ? [kn.value] : Array.from({ length: limit + 1 }, (_, v) => v).filter((v) => fits(kn, v))
    for (const v of options) {
      x[i]![j] = v
      // A finished row must agree with its total before going on.
      if (j === C - 1 && !fits(known(i, C), x[i]!.reduce((a, b) => a + b, 0))) continue
      walk(cell + 1)
    }
  }
  walk(0)
  return seen
}

/** The inner cells with their row totals (a last column) and column totals (a last row), as `suppress` takes them. */
export function withMargins(inner: number[][], rowTotals: boolean, colTotals: boolean): number[][] {
  const rows = inner.map((r) => (rowTotals ? [...r, r.reduce((a, b) => a + b, 0)] : [...r]))
  if (colTotals) rows.push(rows[0]!.map((_, j) => rows.reduce((a, r) => a + r[j]!, 0)))
  return rows
}
