import { CONSENT_PURPOSES, type Consent, type ConsentCreate, type ConsentPurpose } from '@wohnlotse/shared'
import { isIsoDate } from '../../lib/german-date.ts'

/** The rules of the consents panel: which purposes can still be recorded, and the record form's check. */

export function isActive(consent: Consent): boolean {
  return consent.withdrawnOn === null
}

/** Purposes without a consent in force: recording one twice would only blur which one a withdrawal ends. */
export function openPurposes(consents: readonly Consent[]): ConsentPurpose[] {
  const active = new Set(consents.filter(isActive).map((c) => c.purpose))
  return CONSENT_PURPOSES.filter((p) => !active.has(p))
}

/** In force first, then newest given first: what applies now is on top. */
export function sortConsents(consents: readonly Consent[]): Consent[] {
  return [...consents].sort((a, b) => Number(isActive(b)) - Number(isActive(a)) || b.givenOn.localeCompare(a.givenOn))
}

export interface ConsentFormValues {
  purpose: ConsentPurpose | ''
  /** YYYY-MM-DD, or the typed text when it is none (DateField). */
  givenOn: string
}

export type ConsentFormErrors = Partial<Record<keyof ConsentFormValues, string>>

export function validateConsentForm(values: ConsentFormValues, today: string): ConsentFormErrors {
  const errors: ConsentFormErrors = {}
  if (!values.purpose) errors.purpose = 'privacy.consents.errors.purpose'
  if (!values.givenOn) errors.givenOn = 'privacy.consents.errors.givenOnRequired'
  else if (!isIsoDate(values.givenOn)) errors.givenOn = 'dateField.invalid'
  // ISO days compare correctly as text.
  else if (values.givenOn > today) errors.givenOn = 'privacy.consents.errors.future'
  return errors
}

export function toConsentCreate(values: ConsentFormValues): ConsentCreate {
  if (!values.purpose) throw new Error('validate the consent form first')
  return { purpose: values.purpose, givenOn: values.givenOn }
}
