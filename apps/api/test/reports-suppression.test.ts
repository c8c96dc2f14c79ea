import { describe, expect, it } from 'vitest'
import { suppress } from '../src/plugins/app/reports/suppression.ts'
import { possibleValues, withMargins } from './suppression-oracle.ts'

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
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
