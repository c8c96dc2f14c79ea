import { TOPICS, VAT_RATES, addMonths, monthBounds, monthOf, type Contract, type ContractCreate, type ContractPatch, type Locale, type Topic, type VatRate } from '@wohnlotse/shared'
import type { FieldErrors } from '../../lib/field-errors.ts'
import { isIsoDate } from '../../lib/german-date.ts'
import { euroInput, hoursInput, parseEuro, parseHours } from '../../lib/money-hours.ts'

/** The form for a framework contract (Rahmenvertrag). Limits mirror packages/shared/src/fachberatung.ts. */

export const CONTRACT_FORM_FIELDS = ['advisorId', 'number', 'validFrom', 'validUntil', 'hourlyRate', 'vatRatePercent', 'maxHours', 'expertise'] as const
export type ContractFormField = (typeof CONTRACT_FORM_FIELDS)[number]

export interface ContractFormValues {
  advisorId: string
  number: string
  validFrom: string
  validUntil: string
  /** Euros as typed, e.g. "90,00". */
  hourlyRate: string
  vatRatePercent: VatRate
  expertise: Topic[]
  /** Optional volume cap in hours as typed; empty for none. */
  maxHours: string
}

const RATE_MAX_CENTS = 100_000
const MAX_MINUTES = 1_000_000

/** Framework contracts typically run two years: from the first of next month to the day before, two years on. */
export function newContractForm(today: string): ContractFormValues {
  const month = monthOf(today)
  return {
    advisorId: '',
    number: '',
    validFrom: monthBounds(addMonths(month, 1)).first,
    validUntil: monthBounds(addMonths(month, 24)).last,
    hourlyRate: '',
    vatRatePercent: 19,
    expertise: [],
    maxHours: '',
  }
}

export function contractFormOf(contract: Contract, locale: Locale): ContractFormValues {
  return {
    advisorId: contract.advisorId,
    number: contract.number,
    validFrom: contract.validFrom,
    validUntil: contract.validUntil,
    hourlyRate: euroInput(contract.hourlyRateCents, locale),
    vatRatePercent: (VAT_RATES as readonly number[]).includes(contract.vatRatePercent) ? (contract.vatRatePercent as VatRate) : 19,
    expertise: [...contract.expertise],
    maxHours: contract.maxMinutes === null ? '' : hoursInput(contract.maxMinutes, locale),
  }
}

export function contractFieldMessage(field: ContractFormField): string {
  return `fachberatung.contractForm.invalid.${field}`
}

export function validateContractForm(values: ContractFormValues, locale: Locale, editing: boolean): FieldErrors<ContractFormField> {
  const errors: FieldErrors<ContractFormField> = {}
  if (!editing && !values.advisorId) errors.advisorId = 'fachberatung.contractForm.errors.advisorRequired'
  if (!values.number.trim()) errors.number = 'fachberatung.contractForm.errors.numberRequired'
  else if (values.number.trim().length > 50) errors.number = 'fachberatung.contractForm.errors.numberTooLong'
  if (!values.validFrom) errors.validFrom = 'fachberatung.contractForm.errors.dateRequired'
  else if (!isIsoDate(values.validFrom)) errors.validFrom = 'dateField.invalid'
  if (!values.validUntil) errors.validUntil = 'fachberatung.contractForm.errors.dateRequired'
  else if (!isIsoDate(values.validUntil)) errors.validUntil = 'dateField.invalid'
  else if (!errors.validFrom && values.validUntil < values.validFrom) errors.validUntil = 'fachberatung.contractForm.errors.untilBeforeFrom'
  const rate = parseEuro(values.hourlyRate, locale)
  if (rate === null || rate < 1 || rate > RATE_MAX_CENTS) errors.hourlyRate = 'fachberatung.contractForm.errors.rate'
  if (values.maxHours.trim()) {
    const minutes = parseHours(values.maxHours)
    if (minutes === null || minutes > MAX_MINUTES) errors.maxHours = 'fachberatung.contractForm.errors.maxHours'
  }
  return errors
}

/** Call only after `validateContractForm` found nothing. */
export function toContractCreate(values: ContractFormValues, locale: Locale): ContractCreate {
  const body: ContractCreate = {
    advisorId: values.advisorId,
    number: values.number.trim(),
    validFrom: values.validFrom,
    validUntil: values.validUntil,
    hourlyRateCents: parseEuro(values.hourlyRate, locale)!,
    vatRatePercent: values.vatRatePercent,
    expertise: TOPICS.filter((topic) => values.expertise.includes(topic)),
  }
  if (values.maxHours.trim()) body.maxMinutes = parseHours(values.maxHours)!
  return body
}

/** Only what changed; an emptied cap is removed with null. */
export function toContractPatch(values: ContractFormValues, contract: Contract, locale: Locale): ContractPatch {
  const full = toContractCreate({ ...values, advisorId: contract.advisorId }, locale)
  const patch: ContractPatch = {}
  if (full.number !== contract.number) patch.number = full.number
  if (full.validFrom !== contract.validFrom) patch.validFrom = full.validFrom
  if (full.validUntil !== contract.validUntil) patch.validUntil = full.validUntil
  if (full.hourlyRateCents !== contract.hourlyRateCents) patch.hourlyRateCents = full.hourlyRateCents
  if (full.vatRatePercent !== contract.vatRatePercent) patch.vatRatePercent = full.vatRatePercent
  if (full.expertise.join() !== TOPICS.filter((t) => contract.expertise.includes(t)).join()) patch.expertise = full.expertise
  const maxMinutes = full.maxMinutes ?? null
  if (maxMinutes !== contract.maxMinutes) patch.maxMinutes = maxMinutes
  return patch
}

export type ContractValidity = 'valid' | 'expired' | 'future'

export function contractValidity(contract: Pick<Contract, 'validFrom' | 'validUntil'>, today: string): ContractValidity {
  if (today < contract.validFrom) return 'future'
  if (today > contract.validUntil) return 'expired'
  return 'valid'
}
