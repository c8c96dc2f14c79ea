import { DEFAULT_FOLLOW_UP_DAYS } from '@wohnlotse/shared'
import { isIsoDate } from '../../lib/german-date.ts'
import { addDays } from '@wohnlotse/shared'

/**
 * The "anstehend" view's date range. By default today and the next 14 days: a referral made today gets its
 * follow-up in 14 days unless it names a day, so it shows up here right away.
 */
export interface FollowUpRange {
  from: string
  to: string
}

export function defaultRange(today: string): FollowUpRange {
  return { from: today, to: addDays(today, DEFAULT_FOLLOW_UP_DAYS) }
}

/** The range from the URL (`?from=&to=`), each bound falling back to the default when missing or no day. */
export function rangeFromQuery(query: Record<string, unknown>, today: string): FollowUpRange {
  const fallback = defaultRange(today)
  const pick = (value: unknown, otherwise: string) => (typeof value === 'string' && isIsoDate(value) ? value : otherwise)
  return { from: pick(query.from, fallback.from), to: pick(query.to, fallback.to) }
}

export type RangeProblem = 'fromInvalid' | 'toInvalid' | 'reversed'

/** Why the range cannot be asked for, or null when it can (both bounds days, `from` not after `to`). */
export function rangeProblem(range: FollowUpRange): RangeProblem | null {
  if (!isIsoDate(range.from)) return 'fromInvalid'
  if (!isIsoDate(range.to)) return 'toInvalid'
  return range.from > range.to ? 'reversed' : null
}
