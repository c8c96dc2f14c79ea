import type { OfferContact } from '@wohnlotse/shared'
import { CONTACT_INPUTS, type ContactInput } from './offer-form.ts'

/** How far an offer's contact data is entered: all of it, part of it (which fields are missing), or none. */
export type ContactStatus = { kind: 'complete' } | { kind: 'partial'; missing: ContactInput[] } | { kind: 'none' }

export function contactStatus(contact: OfferContact): ContactStatus {
  const missing = CONTACT_INPUTS.filter((field) => !contact[field]?.trim())
  if (missing.length === 0) return { kind: 'complete' }
  if (missing.length === CONTACT_INPUTS.length) return { kind: 'none' }
  return { kind: 'partial', missing }
}
