/**
 * The receipt time of an inquiry is entered as Dresden wall-clock time (`<input type="datetime-local">`),
 * whatever time zone the browser is set to, and sent as an ISO timestamp.
 */

const TIME_ZONE = 'Europe/Berlin'

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})

/** A moment as Dresden wall-clock time to the minute: `2026-06-20T14:05`, the format of datetime-local. */
export function berlinMinute(moment: Date | string): string {
  const p = Object.fromEntries(parts.formatToParts(new Date(moment)).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/**
 * Dresden wall-clock time (`2026-06-20T14:05`) → the ISO timestamp it is (`2026-06-20T12:05:00.000Z`);
 * null for anything that is not such a value. The offset is found by trying: wall clock as UTC, minus the
 * offset Berlin has there, checked once more for the hour around a change to or from summer time.
 */
export function berlinMinuteToIso(value: string): string | null {
  const m = LOCAL.exec(value)
  if (!m) return null
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  const offsetAt = (t: number) => Date.parse(`${berlinMinute(new Date(t))}:00Z`) - Math.floor(t / 60_000) * 60_000
  let guess = asUtc - offsetAt(asUtc)
  guess = asUtc - offsetAt(guess)
  return Number.isNaN(guess) ? null : new Date(guess).toISOString()
}
