/** Calendar arithmetic on ISO dates (YYYY-MM-DD), free of time zones and daylight saving. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}
