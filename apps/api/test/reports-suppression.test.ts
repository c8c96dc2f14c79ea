import { describe, expect, it } from 'vitest'
import type { CellFlag } from '@wohnlotse/shared'
import { suppress, type SuppressionInput } from '../src/plugins/app/reports/suppression.ts'

/** What a reader of the suppressed table knows about a cell. */
type Known = { kind: 'value'; value: number } | { kind: 'primary' } | { kind: 'secondary' } | { kind: 'hidden' }

/**
 * Brute force, independent of the module's graph argument: every assignment of the unknown inner cells within
 * 0..limit that agrees with everything published (values, "< k" = 1..k−1, "•" = 0 or ≥ k, the line sums), and
 * the values each suppressed cell takes across them. A cell with one value only could be recovered.
 */
function possibleValues(input: SuppressionInput, flags: CellFlag[][], limit: number): Map<string, Set<number>> {
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

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function withMargins(inner: number[][], rowTotals: boolean, colTotals: boolean): number[][] {
  const rows = inner.map((r) => (rowTotals ? [...r, r.reduce((a, b) => a + b, 0)] : [...r]))
  if (colTotals) rows.push(rows[0]!.map((_, j) => rows.reduce((a, r) => a + r[j]!, 0)))
  return rows
}

describe('small-cell suppression', () => {
  it('suppresses counts 1..k−1 and leaves zeros and counts from k on', () => {
    const flags = suppress({ values: [[0], [1], [2], [3], [9]], rowTotals: false, colTotals: false, k: 3 })
    expect(flags).toEqual([['none'], ['primary'], ['primary'], ['none'], ['none']])
  })

  it('hides a second cell when a column total would give a single suppressed cell away', () => {
    // 2 + 5 + 8 = 15: with the total published, the 2 would follow from 15 − 5 − 8.
    const flags = suppress({ values: [[2], [5], [8], [15]], rowTotals: false, colTotals: true, k: 3 })
    expect(flags).toEqual([['primary'], ['secondary'], ['none'], ['none']])
  })

  it('protects a cross table with both totals by a rectangle of suppressed cells', () => {
    const values = withMargins([[1, 6, 7], [5, 9, 4], [8, 3, 10]], true, true)
    const flags = suppress({ values, rowTotals: true, colTotals: true, k: 3 })
    expect(flags[0]![0]).toBe('primary')
    // Every line that holds a suppressed cell holds at least two.
    for (const line of [...flags, ...flags[0]!.map((_, j) => flags.map((r) => r[j]!))]) {
      expect(line.filter((f) => f !== 'none').length).not.toBe(1)
    }
    const seen = possibleValues({ values, rowTotals: true, colTotals: true, k: 3 }, flags, 12)
    for (const [, set] of seen) expect(set.size).toBeGreaterThan(1)
  })

  it('does not let two small cells of one line pin each other (1 + 1 with "< 3" each)', () => {
    const values = withMargins([[1, 1, 6], [7, 8, 9]], true, true)
    const flags = suppress({ values, rowTotals: true, colTotals: true, k: 3 })
    const seen = possibleValues({ values, rowTotals: true, colTotals: true, k: 3 }, flags, 30)
    for (const [, set] of seen) expect(set.size).toBeGreaterThan(1)
  })

  it('withholds a whole table of tiny counts, where the "< k" marks would pin each other', () => {
    const values = withMargins([[1, 0, 1]], true, true)
    expect(suppress({ values, rowTotals: true, colTotals: true, k: 3 }).flat().every((f) => f === 'secondary')).toBe(true)
  })

  it('property: in random tables no suppressed cell can be recovered by trying every assignment', () => {
    const next = random(20261201)
    let tables = 0
    let withSuppression = 0
    for (let n = 0; n < 250; n++) {
      const R = 1 + Math.floor(next() * 3)
      const C = 1 + Math.floor(next() * 2) + (R === 1 ? 1 : 0)
      const k = next() < 0.7 ? 3 : 4
      const inner = Array.from({ length: R }, () => Array.from({ length: C }, () => (next() < 0.35 ? Math.floor(next() * k) : k + Math.floor(next() * 5))))
      const rowTotals = next() < 0.6
      const colTotals = next() < 0.8
      const input = { values: withMargins(inner, rowTotals, colTotals), rowTotals, colTotals, k }
      const flags = suppress(input)
      tables++
      // Every count 1..k−1 is suppressed, and nothing else is primary.
      const withheld = flags.flat().every((f) => f === 'secondary')
      if (withheld) continue // nothing published at all: nothing to recover from
      input.values.forEach((row, i) => row.forEach((v, j) => expect(flags[i]![j] === 'primary', `${JSON.stringify(input)} ${i},${j}`).toBe(v >= 1 && v < k)))
      if (flags.flat().every((f) => f === 'none')) continue
      withSuppression++
      const seen = possibleValues(input, flags, 3 * k + 6)
      for (const [cell, set] of seen) expect(set.size, `${JSON.stringify(input)} cell ${cell}: ${[...set]}`).toBeGreaterThan(1)
    }
    expect(tables).toBe(250)
    expect(withSuppression).toBeGreaterThan(100)
  })
})
