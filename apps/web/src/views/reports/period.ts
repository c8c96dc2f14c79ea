/** Report periods as people pick them: a year, a half-year, a quarter, or any two days. */
export type PeriodKind = 'year' | 'half' | 'quarter' | 'custom'

const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** The first and last day of part `part` (1-based) of `year`; for 'year' the part is ignored. */
export function periodOf(kind: Exclude<PeriodKind, 'custom'>, year: number, part = 1): { from: string; to: string } {
  const months = kind === 'year' ? 12 : kind === 'half' ? 6 : 3
  const first = kind === 'year' ? 1 : (part - 1) * months + 1
  const last = first + months - 1
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` }
}

/** The last complete quarter before `today` (YYYY-MM-DD): what a report is usually about. */
export function lastQuarter(today: string): { year: number; part: number } {
  const year = Number(today.slice(0, 4))
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1
  return quarter === 1 ? { year: year - 1, part: 4 } : { year, part: quarter - 1 }
}
