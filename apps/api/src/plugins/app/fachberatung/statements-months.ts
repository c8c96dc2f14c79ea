import { addMonths } from '@wohnlotse/shared'

/**
 * Calendar months as `YYYY-MM` (they compare correctly as strings), and the rule that decides which statement
 * bills an approved entry (issue 12, migration 0018).
 */

/** The month of an ISO date: the office's calendar in packages/shared. */
export { monthOf } from '@wohnlotse/shared'

/**
 * The statement an entry approved now belongs to: the month it was worked in (Leistungszeitraum), or — if that
 * month is finalised already — the first later month of the contract that is not (there it is a "Nachtrag").
 * `finalised` holds the contract's finalised months; the caller holds the contract's row lock, so none appears meanwhile.
 */
export function billingMonthFor(workedMonth: string, finalised: ReadonlySet<string>): string {
  let month = workedMonth
  while (finalised.has(month)) month = addMonths(month, 1)
  return month
}
