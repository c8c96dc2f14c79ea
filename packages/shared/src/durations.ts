import type { Locale } from './labels.ts'

/**
 * One way to write a duration, in the UI and in the statement CSV (issue 12): decimal hours with at least one and
 * at most two decimals, in German with a decimal comma and "Std.", in English with a point and "h".
 *
 *   15 → "0,25 Std."   90 → "1,5 Std."   105 → "1,75 Std."   1320 → "22,0 Std."   60000 → "1.000,0 Std."
 *   (en)  "0.25 h"       "1.5 h"          "1.75 h"           "22.0 h"            "1,000.0 h"
 *
 * Why decimal hours and not "22:00 h": a colon reads as a time of day, and a statement multiplies hours by an
 * hourly rate, which people check with decimal hours. Entries are whole quarter hours, so two decimals are exact;
 * the one fixed decimal keeps "22,0 Std." recognisable as a duration next to a count.
 */

const NBSP = '\u00a0'
const INTL_LOCALE: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' }
const UNIT: Record<Locale, string> = { de: 'Std.', en: 'h' }

const formats = new Map<string, Intl.NumberFormat>()

function numberFormat(locale: Locale, grouping: boolean): Intl.NumberFormat {
  const key = `${locale}:${grouping}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], {
      minimumFractionDigits: 1,
      maximumFractionDigits: 2,
      useGrouping: grouping,
    })
    formats.set(key, format)
  }
  return format
}

/**
 * Minutes as the number of hours alone: 90 → "1,5" (de) / "1.5" (en). `grouping: false` leaves out thousands
 * separators, for a spreadsheet cell ("1000,0" rather than "1.000,0"). A negative value gets a real minus sign.
 */
export function formatHoursNumber(minutes: number, locale: Locale, options: { grouping?: boolean } = {}): string {
  const text = numberFormat(locale, options.grouping ?? true).format(Math.abs(minutes) / 60)
  return minutes < 0 ? `−${text}` : text
}

/** Minutes as a duration with its unit, joined by a no-break space: 90 → "1,5 Std." (de) / "1.5 h" (en). */
export function formatDuration(minutes: number, locale: Locale): string {
  return `${formatHoursNumber(minutes, locale)}${NBSP}${UNIT[locale]}`
}
