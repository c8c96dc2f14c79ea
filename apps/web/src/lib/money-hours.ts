import { formatDuration, type Locale } from '@wohnlotse/shared'

/**
 * Money (integer cents) and durations (integer minutes) as the office reads them, and the reverse for form input.
 * Pure functions with the locale passed in; `composables/use-fachberatung-format.ts` binds them to the UI language.
 * Number and unit are joined by a no-break space so "7,5 Std." never breaks across lines.
 */

const INTL_LOCALE: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' }

const euroFormats = new Map<Locale, Intl.NumberFormat>()

function cached(map: Map<Locale, Intl.NumberFormat>, locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = map.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], options)
    map.set(locale, format)
  }
  return format
}

/** 123456 → "1.234,56 €" (de) / "€1,234.56" (en). */
export function formatEuro(cents: number, locale: Locale): string {
  return cached(euroFormats, locale, { style: 'currency', currency: 'EUR' }).format(cents / 100)
}

/**
 * Minutes as a duration, the one way the app writes them (see `formatDuration` in @wohnlotse/shared, which the
 * statement CSV uses too): 450 → "7,5 Std.", 15 → "0,25 Std.", 600 → "10,0 Std." (de) / "10.0 h" (en).
 */
export function formatHours(minutes: number, locale: Locale): string {
  return formatDuration(minutes, locale)
}

/** "2026-03" → "März 2026" / "March 2026". */
export function formatMonth(month: string, locale: Locale): string {
  const [year, mon] = month.split('-').map(Number) as [number, number]
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, mon - 1, 1)),
  )
}

/** Quarter hours from 0,25 Std. up to `max` minutes: the only durations an entry can have. */
export function quarterHours(max = 600, min = 15): number[] {
  const options: number[] = []
  for (let m = min; m <= max; m += 15) options.push(m)
  return options
}

/**
 * An amount typed into a form, in euros, to cents; null when it is not one. Accepts "60000", "60.000", "60.000,50"
 * and "95,5" in German, "60,000.50" in English, with or without "€" and spaces. At most two decimals.
 */
export function parseEuro(text: string, locale: Locale): number | null {
  const [group, decimal] = locale === 'de' ? ['\\.', ','] : [',', '\\.']
  // Grouping only in its proper places: "60.000" yes, "6.00" no (in German).
  const pattern = new RegExp(`^(\\d{1,3}(?:${group}\\d{3})+|\\d+)(?:${decimal}(\\d{1,2}))?$`)
  const match = pattern.exec(text.replace(/[\s€]/g, ''))
  if (!match) return null
  const euros = Number(match[1]!.replace(/\D/g, ''))
  const cents = euros * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return Number.isSafeInteger(cents) ? cents : null
}

/**
 * Hours typed into a form to minutes; null when it is not a whole number of quarter hours above zero.
 * "10" → 600, "2,5" / "2.5" → 150, "1:45" → 105.
 */
export function parseHours(text: string): number | null {
  const plain = text.replace(/\s|h$/gi, '')
  let minutes: number
  const clock = /^(\d{1,5}):([0-5]\d)$/.exec(plain)
  if (clock) {
    minutes = Number(clock[1]) * 60 + Number(clock[2])
  } else if (/^\d{1,5}(?:[.,]\d{1,2})?$/.test(plain)) {
    minutes = Math.round(Number(plain.replace(',', '.')) * 60)
  } else {
    return null
  }
  return minutes > 0 && minutes % 15 === 0 ? minutes : null
}

/** Minutes as the text `parseHours` reads back in the given locale: 150 → "2,5" (de) / "2.5" (en). */
export function hoursInput(minutes: number, locale: Locale): string {
  const hours = String(minutes / 60)
  return locale === 'de' ? hours.replace('.', ',') : hours
}

/** Cents as the text `parseEuro` reads back: 9000 → "90,00" (de) / "90.00" (en), without grouping. */
export function euroInput(cents: number, locale: Locale): string {
  const text = (cents / 100).toFixed(2)
  return locale === 'de' ? text.replace('.', ',') : text
}
