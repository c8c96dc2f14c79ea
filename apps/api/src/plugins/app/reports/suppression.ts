import type { CellFlag } from '@wohnlotse/shared'

/**
 * Small-cell suppression for a table of counts with optional row and column totals.
 *
 * Primary: every count from 1 to k−1 (shown as "< k"). Complementary (secondary): further cells, chosen among
 * counts ≥ k, until no suppressed cell can be worked out from what is published.
 *
 * The model. A table with its margins is a circulation on a bipartite graph: row nodes 0..R (R = the totals row),
 * column nodes 0..C (C = the totals column); an inner cell (i, j) is an arc row i → column j, a row total an arc
 * column C → row i, a column total an arc column j → row R, the grand total an arc row R → column C. Every line
 * sum is flow conservation at a node. A total that is not published is an unknown arc with bounds [0, ∞).
 * Someone who knows the published cells and that a "< k" cell lies in [1, k−1] and a "•" cell in [k, ∞) can
 * work out a suppressed cell exactly iff no other solution exists; the constraint matrix is totally unimodular,
 * so another solution exists iff one unit can be pushed around a cycle through that cell within the bounds —
 * a path in the residual graph of the unknown arcs. That is what `determinable` checks.
 *
 * Where no choice of complementary cells protects every small cell (a table of only tiny counts), every cell of
 * the table is withheld ("•"), the small ones too: then nothing about the table is published but its layout.
 */

export interface SuppressionInput {
  /** The full grid: inner cells, then (when present) a last column of row totals and a last row of column totals. */
  values: number[][]
  rowTotals: boolean
  colTotals: boolean
  /** The threshold: counts 1..k−1 are suppressed. */
  k: number
}

interface Arc {
  from: number
  to: number
  value: number
  lo: number
  hi: number
}

const PUBLISHED = 'published'
type State = CellFlag | 'hidden' | typeof PUBLISHED

/** Grid with both margins present: hidden margins hold their computed value and are unknown to the reader. */
function fullGrid({ values, rowTotals, colTotals }: SuppressionInput): { grid: number[][]; state: State[][]; R: number; C: number } {
  const R = values.length - (colTotals ? 1 : 0)
  const C = (values[0]?.length ?? 0) - (rowTotals ? 1 : 0)
  const grid: number[][] = []
  const state: State[][] = []
  for (let i = 0; i <= R; i++) {
    grid.push([])
    state.push([])
    for (let j = 0; j <= C; j++) {
      const inner = (i < R || colTotals) && (j < C || rowTotals)
      grid[i]!.push(inner ? values[i]![j]! : 0)
      state[i]!.push(inner ? PUBLISHED : 'hidden')
    }
  }
  // Compute the hidden margins from the inner cells so the circulation balances.
  for (let i = 0; i < R; i++) if (!rowTotals) grid[i]![C] = grid[i]!.slice(0, C).reduce((a, b) => a + b, 0)
  for (let j = 0; j < C; j++) if (!colTotals) grid[R]![j] = grid.slice(0, R).reduce((a, row) => a + row[j]!, 0)
  if (!rowTotals || !colTotals) grid[R]![C] = grid.slice(0, R).reduce((a, row) => a + row.slice(0, C).reduce((x, y) => x + y, 0), 0)
  return { grid, state, R, C }
}

function arcOf(i: number, j: number, R: number, C: number): [number, number] {
  const row = (r: number) => r
  const col = (c: number) => R + 1 + c
  if (i < R && j < C) return [row(i), col(j)]
  if (i < R) return [col(C), row(i)]
  if (j < C) return [col(j), row(R)]
  return [row(R), col(C)]
}

/** Whether the value of the unknown cell (ci, cj) follows from everything published (see the module comment). */
export function determinable(grid: number[][], state: State[][], k: number, ci: number, cj: number): boolean {
  const R = grid.length - 1
  const C = grid[0]!.length - 1
  const nodes = R + C + 2
  const arcs: Arc[] = []
  for (let i = 0; i <= R; i++) {
    for (let j = 0; j <= C; j++) {
      const s = state[i]![j]!
      if (s === PUBLISHED || s === 'none' || (i === ci && j === cj)) continue
      const [from, to] = arcOf(i, j, R, C)
      const [lo, hi] = s === 'primary' ? [1, k - 1] : s === 'secondary' ? [k, Infinity] : [0, Infinity]
      arcs.push({ from, to, value: grid[i]![j]!, lo, hi })
    }
  }
  const residual: number[][] = Array.from({ length: nodes }, () => [])
  for (const a of arcs) {
    if (a.value < a.hi) residual[a.from]!.push(a.to)
    if (a.value > a.lo) residual[a.to]!.push(a.from)
  }
  const reaches = (start: number, goal: number) => {
    const seen = new Set([start])
    const queue = [start]
    while (queue.length) {
      const n = queue.shift()!
      if (n === goal) return true
      for (const m of residual[n]!) {
        if (seen.has(m)) continue
        seen.add(m)
        queue.push(m)
      }
    }
    return false
  }
  const [from, to] = arcOf(ci, cj, R, C)
  const s = state[ci]![cj]!
  const [lo, hi] = s === 'primary' ? [1, k - 1] : s === 'secondary' ? [k, Infinity] : [0, Infinity]
  const v = grid[ci]![cj]!
  const canRise = v < hi && reaches(to, from)
  const canFall = v > lo && reaches(from, to)
  return !canRise && !canFall
}

/** Flags for every cell of `values` (same shape): which are primary, which secondary, which published as they are. */
export function suppress(input: SuppressionInput): CellFlag[][] {
  const { k } = input
  const { grid, state, R, C } = fullGrid(input)
  const cells: [number, number][] = []
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (state[i]![j] === PUBLISHED) cells.push([i, j])

  for (const [i, j] of cells) if (grid[i]![j]! >= 1 && grid[i]![j]! < k) state[i]![j] = 'primary'

  const isSuppressed = (i: number, j: number) => state[i]![j] === 'primary' || state[i]![j] === 'secondary'
  // Each round adds one complementary cell, so this ends after at most as many rounds as there are cells.
  for (;;) {
    const exposed = cells.find(([i, j]) => isSuppressed(i, j) && determinable(grid, state, k, i, j))
    if (!exposed) break
    const [ei, ej] = exposed
    const candidates = cells.filter(([i, j]) => state[i]![j] === PUBLISHED && grid[i]![j]! >= k)
    const inLine = candidates.filter(([i, j]) => i === ei || j === ej)
    // The smallest count loses least information; an inner cell before a total.
    const pick = (list: [number, number][]) =>
      [...list].sort(([ai, aj], [bi, bj]) => grid[ai]![aj]! - grid[bi]![bj]! || Number(ai === R || aj === C) - Number(bi === R || bj === C))[0]
    const chosen = pick(inLine) ?? pick(candidates)
    if (!chosen) {
      // Nothing left to hide behind (e.g. 1 + 1 = "< 3" pins both cells): publish no count of this table at all,
      // not even the "< k" marks, since the marks themselves bound the values.
      for (const [i, j] of cells) state[i]![j] = 'secondary'
      break
    }
    state[chosen[0]]![chosen[1]] = 'secondary'
  }

  // The published cells keep their positions in the full grid (the margins, when present, are last).
  return input.values.map((row, i) => row.map((_, j) => (isSuppressed(i, j) ? (state[i]![j] as CellFlag) : 'none')))
}
