/** Calendar months as `YYYY-MM`, the key of a monthly statement; the arithmetic is the office's calendar in packages/shared. */
import { addMonths, isIsoMonth, monthOf, monthsBetween as oldestFirst } from '@wohnlotse/shared'

export { addMonths, monthOf }

/** Every month from `from` to `to` (both `YYYY-MM`, inclusive), newest first; empty when `from` is later. */
export function monthsBetween(from: string, to: string, newestFirst = true): string[] {
  const months = oldestFirst(from, to)
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

export const isMonth = isIsoMonth
