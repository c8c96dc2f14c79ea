import { OfferPatch, type Language, type Offer, type TargetGroup, type Topic } from '@wohnlotse/shared'
import type { ErrorDetail } from '../../api/http.ts'
import { EMAIL_PATTERN, PHONE_PATTERN, errorsFromDetails, type FieldErrors } from '../../lib/field-errors.ts'
import { limitsOf, type FieldLimits } from '../../lib/schema-limits.ts'

/** The offer's edit form: its contact data, then what it is about, for whom and in which languages. */
export const CONTACT_INPUTS = ['address', 'phone', 'email', 'url', 'openingHours'] as const
export type ContactInput = (typeof CONTACT_INPUTS)[number]
export const OFFER_FORM_FIELDS = [...CONTACT_INPUTS, 'topics', 'targetGroups', 'languages'] as const
export type OfferFormField = (typeof OFFER_FORM_FIELDS)[number]

export interface OfferFormValues extends Record<ContactInput, string> {
  topics: Topic[]
  targetGroups: TargetGroup[]
  languages: Language[]
}

/** Input limits straight from the API's patch schema, so the form never allows what the API refuses. */
export const CONTACT_LIMITS = Object.fromEntries(CONTACT_INPUTS.map((f) => [f, limitsOf(OfferPatch.properties.contact, f)])) as Record<
  ContactInput,
  FieldLimits
>

export function valuesOf(offer: Offer): OfferFormValues {
  const c = offer.contact
  return {
    address: c.address ?? '',
    phone: c.phone ?? '',
    email: c.email ?? '',
    url: c.url ?? '',
    openingHours: c.openingHours ?? '',
    topics: [...offer.topics],
    targetGroups: [...offer.targetGroups],
    languages: [...offer.languages],
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

/** Only what changed; an emptied contact field is cleared (null). Null when nothing changed. */
export function patchOf(offer: Offer, values: OfferFormValues): OfferPatch | null {
  const patch: OfferPatch = {}
  const contact: NonNullable<OfferPatch['contact']> = {}
  for (const field of CONTACT_INPUTS) {
    const value = values[field].trim() || null
    if (value !== (offer.contact[field] ?? null)) contact[field] = value
  }
  if (Object.keys(contact).length) patch.contact = contact
  if (!sameSet(values.topics, offer.topics)) patch.topics = values.topics
  if (!sameSet(values.targetGroups, offer.targetGroups)) patch.targetGroups = values.targetGroups
  if (!sameSet(values.languages, offer.languages)) patch.languages = values.languages
  return Object.keys(patch).length ? patch : null
}

/** The message (i18n key) for a field the API or the form's own check refused. */
export function messageKey(field: OfferFormField): string {
  switch (field) {
    case 'phone':
      return 'frontdesk.contact.phoneInvalid'
    case 'email':
      return 'frontdesk.contact.emailInvalid'
    case 'url':
      return 'frontdesk.contact.urlInvalid'
    case 'address':
    case 'openingHours':
      return 'offers.edit.textInvalid'
    default:
      return 'offers.edit.choiceInvalid'
  }
}

const CHECKS: Partial<Record<ContactInput, RegExp>> = { phone: PHONE_PATTERN, email: EMAIL_PATTERN, url: /^https?:\/\/\S+$/ }

/** The contact fields' own check before sending (also the offer contact dialog's); the API has the last word. */
export function checkContact(values: Record<ContactInput, string>): FieldErrors<ContactInput> {
  const errors: FieldErrors<ContactInput> = {}
  for (const field of CONTACT_INPUTS) {
    const value = values[field].trim()
    const rule = CHECKS[field]
    if (value && rule && !rule.test(value)) errors[field] = messageKey(field)
  }
  return errors
}

/** The form's own check before sending; the API has the last word. */
export function checkOffer(values: OfferFormValues): FieldErrors<OfferFormField> {
  return checkContact(values)
}

/** The API's VALIDATION_FAILED details at the fields: `/contact/phone` belongs to the phone field. */
export function errorsFromApi(details: readonly ErrorDetail[]) {
  const flat = details.map((d) => ({ ...d, path: d.path.replace(/^\/contact(?=\/)/, '') }))
  return errorsFromDetails(flat, OFFER_FORM_FIELDS, messageKey)
}
