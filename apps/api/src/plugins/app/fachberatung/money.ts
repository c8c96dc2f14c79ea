/**
 * Money arithmetic in integer cents. Rounding is commercial (half away from zero), applied once to a
 * total, never to the parts, so a statement's net equals minutes × rate without drift.
 */

/** round(numerator / denominator) half up, for non-negative integers, exactly. */
export function divideRounded(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new RangeError(`divideRounded needs safe non-negative integers, got ${numerator}/${denominator}`)
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator))
}

/** Net cents for a number of minutes at an hourly rate. */
export const netCentsFor = (minutes: number, hourlyRateCents: number) => divideRounded(minutes * hourlyRateCents, 60)

/** VAT on a net amount, rounded once. */
export const vatCentsFor = (netCents: number, vatRatePercent: number) => divideRounded(netCents * vatRatePercent, 100)
