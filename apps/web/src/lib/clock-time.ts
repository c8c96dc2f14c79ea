/**
 * A time of day as typed at a desk: "14:05", "14.05", "1405", "905", "9" → "HH:MM" (24-hour); null for
 * anything else, including 24:00 and minutes past 59.
 */
export function parseTime(typed: string): string | null {
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))?$/.exec(typed.trim())
  if (!m) return null
  const hour = Number(m[1])
  const minute = Number(m[2] ?? '0')
  if (hour > 23 || minute > 59) return null
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}
