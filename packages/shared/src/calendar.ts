import { TZDate } from '@date-fns/tz'
import { addDays as addDaysTo, addMonths as addMonthsTo, differenceInCalendarDays, format, lastDayOfMonth } from 'date-fns'

/**
 * The office's calendar, one module for API and SPA on date-fns: days are ISO strings (`YYYY-MM-DD`), months
 * `YYYY-MM`, and "today", "this week" and wall-clock times are Dresden's (Europe/Berlin), whatever zone the
 * server or the browser runs in. Day and month arithmetic happens in UTC, where no summer-time change can shift
 * a day.
 */

export const OFFICE_TIME_ZONE = 'Europe/Berlin'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/** An ISO day as a date at its UTC midnight, for arithmetic without time zones. */
function utcDay(isoDate: string): TZDate {
  return new TZDate(`${isoDate}T00:00:00Z`, 'UTC')
}

const dayOf = (date: Date) => format(date, 'yyyy-MM-dd')

/**
 * True for a real calendar day written as YYYY-MM-DD ("2026-02-30" is not) in the years 1900–2999: what a case
 * file can hold, and a guard against a year typed half ("0202").
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = ISO_DATE.exec(value)
  if (!m || Number(m[1]) < 1900 || Number(m[1]) > 2999) return false
  // Plain UTC arithmetic: every request with a date checks it, and a TZDate asks Intl for an offset each time.
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.getUTCDate() === Number(m[3]) && date.getUTCMonth() + 1 === Number(m[2])
}

/** True for a month written as YYYY-MM. */
export function isIsoMonth(value: unknown): value is string {
  return typeof value === 'string' && ISO_MONTH.test(value)
}

/**
 * Dresden's calendar day of an instant, from one formatter made once: every logged hour asks for today, and a
 * TZDate computed its zone offset through a new round of Intl calls each time (issue 13's logging profile).
 */
const berlinDay = new Intl.DateTimeFormat('en-US', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/**
 * The last answer and the UTC minute it holds for. Dresden's day turns at a whole UTC minute (its offsets, +1 and
 * +2 hours, are whole minutes), so every instant of one UTC minute lies on the same day. formatToParts was still
 * 2 % of the hour-logging profile, which asks for today twice per entry.
 */
let lastDay = { minute: Number.NaN, day: '' }

/** Today's date in Dresden as YYYY-MM-DD. */
export function todayInBerlin(now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000)
  if (minute === lastDay.minute) return lastDay.day
  let year = ''
  let month = ''
  let day = ''
  for (const part of berlinDay.formatToParts(now)) {
    if (part.type === 'year') year = part.value
    else if (part.type === 'month') month = part.value
    else if (part.type === 'day') day = part.value
  }
  lastDay = { minute, day: `${year}-${month}-${day}` }
  return lastDay.day
}

/** The calendar day `days` after (or, negative, before) an ISO day. */
export function addDays(isoDate: string, days: number): string {
  return dayOf(addDaysTo(utcDay(isoDate), days))
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(utcDay(to), utcDay(from))
}

/** The Monday of the (ISO) week an ISO day lies in. */
export function mondayOf(isoDate: string): string {
  const weekday = (utcDay(isoDate).getDay() + 6) % 7
  return addDays(isoDate, -weekday)
}

/** The month (`YYYY-MM`) of an ISO day. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7)
}

/** The month `delta` months after (or before) `month`. */
export function addMonths(month: string, delta: number): string {
  return format(addMonthsTo(utcDay(`${month}-01`), delta), 'yyyy-MM')
}

/** The first and the last day of a month. */
export function monthBounds(month: string): { first: string; last: string } {
  const first = `${month}-01`
  return { first, last: dayOf(lastDayOfMonth(utcDay(first))) }
}

/** Every month from `from` to `to` (both `YYYY-MM`, inclusive), oldest first; empty when `from` is later. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m)
  return months
}

/** A moment as Dresden wall-clock time to the minute: `2026-06-20T14:05`. */
export function berlinMinute(moment: Date | string): string {
  return format(new TZDate(new Date(moment).getTime(), OFFICE_TIME_ZONE), "yyyy-MM-dd'T'HH:mm")
}

/**
 * Dresden wall-clock time (`2026-06-20T14:05`) → the moment it is, as an ISO timestamp (`2026-06-20T12:05:00.000Z`);
 * null for anything that is not such a value. In the hour a summer-time change skips or repeats, the zone
 * database decides (the later offset), as any clock in Dresden would.
 */
export function berlinMinuteToIso(value: string): string | null {
  const m = WALL_CLOCK.exec(value)
  if (!m || !isIsoDate(`${m[1]}-${m[2]}-${m[3]}`)) return null
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  if (hour > 23 || minute > 59) return null
  return new Date(new TZDate(year, month - 1, day, hour, minute, OFFICE_TIME_ZONE).getTime()).toISOString()
}

/** The moment a Dresden calendar day begins (its local midnight), e.g. to query "today" in timestamps. */
export function berlinDayStart(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number]
  return new Date(new TZDate(year, month - 1, day, OFFICE_TIME_ZONE).getTime())
}
