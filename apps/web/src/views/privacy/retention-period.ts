import type { RetentionUnit } from '@wohnlotse/shared'

/**
 * A retention period as the API keeps it (a whole number of the class's unit, days or months) and as a person
 * types it: ten years is "10 Jahre", not "120 Monate"; 18 months stays in months; sign-in traces count in days.
 */

export type InputUnit = 'days' | 'months' | 'years'

export interface PeriodInput {
  /** As typed: digits, or anything else, which the check refuses. */
  value: string
  unit: InputUnit
}

/** At most 30 years, as the API allows: the longest duty to keep records here is ten years (public money). */
const MAX_PERIOD: Record<RetentionUnit, number> = { days: 10950, months: 360 }

/** The units a class's period may be typed in. */
export function inputUnits(unit: RetentionUnit): readonly InputUnit[] {
  return unit === 'days' ? ['days'] : ['months', 'years']
}

export function periodInputOf(period: number, unit: RetentionUnit): PeriodInput {
  if (unit === 'months' && period % 12 === 0) return { value: String(period / 12), unit: 'years' }
  return { value: String(period), unit }
}

/** The period in the class's unit, or the i18n key of the problem. */
export function periodOf(input: PeriodInput, unit: RetentionUnit): { period: number } | { error: string } {
  const text = input.value.trim()
  if (text === '') return { error: 'privacy.retention.errors.required' }
  if (!/^\d{1,5}$/.test(text)) return { error: 'privacy.retention.errors.wholeNumber' }
  const period = Number(text) * (input.unit === 'years' ? 12 : 1)
  if (period < 1) return { error: 'privacy.retention.errors.tooShort' }
  if (period > MAX_PERIOD[unit]) return { error: 'privacy.retention.errors.tooLong' }
  return { period }
}

/** For reading: `{ n, unit }` to pick "6 Monate" / "2 Jahre" / "1 Jahr" / "90 Tage" from the messages. */
export function periodParts(period: number, unit: RetentionUnit): { n: number; unit: InputUnit } {
  const input = periodInputOf(period, unit)
  return { n: Number(input.value), unit: input.unit }
}
