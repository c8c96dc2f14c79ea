/** Calendar months as `YYYY-MM`, the key of a monthly statement. Pure string arithmetic, no time zones. */

export function addMonths(month: string, delta: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number]
  const index = year * 12 + (mon - 1) + delta
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** The month of a date `YYYY-MM-DD`. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7)
}

/** Every month from `from` to `to` (both `YYYY-MM`, inclusive), newest first; empty when `from` is later. */
export function monthsBetween(from: string, to: string, newestFirst = true): string[] {
  const months: string[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m)
  return newestFirst ? months.reverse() : months
}

/**
 * The months a contract can have a statement for, newest first: from its start to its end, but not beyond the
 * current month (a statement covers hours that happened).
 */
export function statementMonths(validFrom: string, validUntil: string, currentMonth: string): string[] {
  const last = monthOf(validUntil) < currentMonth ? monthOf(validUntil) : currentMonth
  return monthsBetween(monthOf(validFrom), last)
}

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
}
