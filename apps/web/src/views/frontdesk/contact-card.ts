import type { Offer, OfferContact } from '@wohnlotse/shared'

/**
 * An offer's contact as it is read out, copied or printed for the person. Only what the office entered is
 * shown; an offer without any contact data says so and nothing is made up.
 */

export const CONTACT_FIELDS = ['phone', 'email', 'url', 'address', 'openingHours'] as const
export type ContactField = (typeof CONTACT_FIELDS)[number]
/** Fields written over several lines (a textarea when entered, kept as lines when shown). */
export const MULTILINE_FIELDS: readonly ContactField[] = ['address', 'openingHours']

export interface ContactLine {
  field: ContactField
  value: string
}

/** The contact fields that hold something, in a fixed order. */
export function contactLines(contact: OfferContact): ContactLine[] {
  return CONTACT_FIELDS.flatMap((field) => {
    const value = contact[field]?.trim()
    return value ? [{ field, value }] : []
  })
}

/** Texts the card needs, in the UI language: the field names and the "not entered yet" sentence. */
export interface ContactTexts {
  field: (field: ContactField) => string
  missing: string
}

/**
 * The card as plain text, one line each: the offer, who runs it (where that is not the name), then
 * "Telefon: …" and so on, or the "not entered yet" sentence. A multi-line address keeps its lines.
 */
export function contactText(offer: Pick<Offer, 'name' | 'organisation' | 'contact'>, texts: ContactTexts): string {
  const lines = [offer.name]
  const organisation = offer.organisation?.trim()
  if (organisation && organisation !== offer.name) lines.push(organisation)
  const contact = contactLines(offer.contact)
  if (contact.length === 0) lines.push(texts.missing)
  for (const { field, value } of contact) lines.push(`${texts.field(field)}: ${value}`)
  return lines.join('\n')
}
