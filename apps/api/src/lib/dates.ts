/** The office works in Dresden: "today" is the calendar day in Europe/Berlin, not in UTC. */
const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' })

export function todayInBerlin(now: Date = new Date()): string {
  return berlinDay.format(now)
}

/** ISO dates (YYYY-MM-DD) compare correctly as strings. */
export const isAfter = (a: string, b: string) => a > b
