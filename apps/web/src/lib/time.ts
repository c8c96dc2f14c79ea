/**
 * Calendar days and lengths of time, as the office talks about them. Pure functions: the caller passes "now",
 * so tests and the timeline agree on one moment.
 */

/** Today's date in Dresden as YYYY-MM-DD: the office's calendar in packages/shared. */
export { todayInBerlin } from '@wohnlotse/shared'

export type DurationUnit = 'day' | 'week' | 'month' | 'year'

/** A length of time rounded down to the one unit people would name: "12 Tage", "5 Wochen", "3 Monate", "2 Jahre". */
export interface Duration {
  unit: DurationUnit
  /** 0 only for `day`: less than a day. */
  count: number
}

const DAY_MS = 86_400_000

/** Whole calendar months from `from` to `to` (UTC), not counting a month that is not complete yet. */
function wholeMonths(from: Date, to: Date): number {
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth())
  const monthNotComplete =
    to.getUTCDate() < from.getUTCDate() ||
    (to.getUTCDate() === from.getUTCDate() && to.getTime() % DAY_MS < from.getTime() % DAY_MS)
  return months - (monthNotComplete ? 1 : 0)
}

/**
 * How long it is from `from` to `to` (timestamps or Date): days up to two weeks, weeks up to two months, months
 * up to two years, then years. A negative span (clock skew between server and browser) counts as none.
 */
export function durationBetween(from: string | Date, to: string | Date): Duration {
  const start = new Date(from)
  const end = new Date(to)
  const days = Math.floor(Math.max(0, end.getTime() - start.getTime()) / DAY_MS)
  if (days < 14) return { unit: 'day', count: days }
  const months = wholeMonths(start, end)
  if (months < 2) return { unit: 'week', count: Math.floor(days / 7) }
  if (months < 24) return { unit: 'month', count: months }
  return { unit: 'year', count: Math.floor(months / 12) }
}
