/**
 * Calendar days as the office writes them, TT.MM.JJJJ, whatever the browser's language (issue 12: native date
 * inputs showed mm/dd/yyyy in an English browser). Values in forms and the API stay ISO (YYYY-MM-DD).
 */

import { addDays, isIsoDate } from '@wohnlotse/shared'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day written as YYYY-MM-DD ("2026-02-30" is not): the office's calendar in packages/shared. */
export { isIsoDate }

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * What someone typed to YYYY-MM-DD; null when it is not a calendar day. Reads "1.2.2026", "01.02.2026",
 * "01022026" (a phone's number pad has no dot) and a pasted "2026-02-01". Day first, always: "02/01/2026" is
 * refused rather than guessed. No two-digit years: "1.2.20" would count as a date while "1.2.2026" is still
 * being typed, and a filter would fire for 2020.
 */
export function parseGermanDate(text: string): string | null {
  const plain = text.replace(/\s/g, '')
  let parts: [number, number, number] | null = null
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(plain)
  const digits = /^(\d{2})(\d{2})(\d{4})$/.exec(plain)
  const isoMatch = ISO_DATE.exec(plain)
  if (dotted) {
    parts = [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])]
  } else if (digits) {
    parts = [Number(digits[3]), Number(digits[2]), Number(digits[1])]
  } else if (isoMatch) {
    parts = [Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])]
  }
  if (!parts) return null
  const value = iso(...parts)
  return isIsoDate(value) ? value : null
}

/** "2026-02-01" → "01.02.2026"; anything that is not an ISO day comes back unchanged. */
export function formatGermanDate(isoDate: string): string {
  const match = ISO_DATE.exec(isoDate)
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDate
}

/** The calendar day `days` after (or before) an ISO day. */
export const shiftDay = addDays
