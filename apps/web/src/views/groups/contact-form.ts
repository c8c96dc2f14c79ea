import { ContactCreate, type Contact, type ContactPatch } from '@wohnlotse/shared'
import { EMAIL_PATTERN, PHONE_PATTERN, type FieldErrors } from '../../lib/field-errors.ts'
import { isIsoDate } from '../../lib/german-date.ts'
import { limitsOf, type FieldLimits } from '../../lib/schema-limits.ts'

/** The add/edit form of a contact person. Its limits are the API's own (ContactCreate). */

export const CONTACT_FORM_FIELDS = ['name', 'role', 'email', 'phone', 'since', 'until', 'consentAt'] as const
export type ContactFormField = (typeof CONTACT_FORM_FIELDS)[number]

/** Every value as the input holds it; '' = not stated. Dates are YYYY-MM-DD, or the typed text when it is none (DateField). */
export type ContactFormValues = Record<ContactFormField, string>

/** The text fields' limits (maxlength, the phone pattern) straight from the API's schema. */
export const CONTACT_LIMITS: Record<'name' | 'role' | 'email' | 'phone', FieldLimits> = {
  name: limitsOf(ContactCreate, 'name'),
  role: limitsOf(ContactCreate, 'role'),
  email: limitsOf(ContactCreate, 'email'),
  phone: limitsOf(ContactCreate, 'phone'),
}

const OPTIONAL_FIELDS = ['role', 'email', 'phone', 'since', 'until', 'consentAt'] as const

export function emptyContactForm(): ContactFormValues {
  return { name: '', role: '', email: '', phone: '', since: '', until: '', consentAt: '' }
}

export function contactFormFrom(contact: Contact): ContactFormValues {
  return {
    name: contact.name,
    role: contact.role ?? '',
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    since: contact.since ?? '',
    until: contact.until ?? '',
    consentAt: contact.consentAt ?? '',
  }
}

export function contactFieldMessage(field: ContactFormField): string {
  return `groups.contacts.invalid.${field}`
}

export function validateContactForm(values: ContactFormValues): FieldErrors<ContactFormField> {
  const errors: FieldErrors<ContactFormField> = {}
  const name = values.name.trim()
  if (!name) errors.name = 'groups.contacts.errors.nameRequired'
  else if (name.length > CONTACT_LIMITS.name.maxlength!) errors.name = 'groups.contacts.errors.nameTooLong'
  if (values.role.trim().length > CONTACT_LIMITS.role.maxlength!) errors.role = 'groups.contacts.errors.roleTooLong'
  const email = values.email.trim()
  if (email && (!EMAIL_PATTERN.test(email) || email.length > CONTACT_LIMITS.email.maxlength!)) errors.email = 'groups.contacts.errors.email'
  const phone = values.phone.trim()
  if (phone && !PHONE_PATTERN.test(phone)) errors.phone = 'groups.contacts.errors.phone'
  for (const field of ['since', 'until', 'consentAt'] as const) {
    if (values[field] && !isIsoDate(values[field])) errors[field] = 'dateField.invalid'
  }
  // ISO dates compare correctly as text.
  if (!errors.since && !errors.until && values.since && values.until && values.until < values.since) errors.until = 'groups.contacts.errors.untilBeforeSince'
  return errors
}

/** The body for POST …/contacts: empty fields are left out. */
export function toContactCreate(values: ContactFormValues): ContactCreate {
  const body: ContactCreate = { name: values.name.trim() }
  for (const field of OPTIONAL_FIELDS) {
    const value = values[field].trim()
    if (value) body[field] = value
  }
  return body
}

/** The body for PATCH …/contacts/:id: only what changed, a cleared field as null; empty when nothing changed. */
export function toContactPatch(values: ContactFormValues, original: Contact): ContactPatch {
  const patch: ContactPatch = {}
  const name = values.name.trim()
  if (name !== original.name) patch.name = name
  for (const field of OPTIONAL_FIELDS) {
    const value = values[field].trim() || null
    if (value !== original[field]) patch[field] = value
  }
  return patch
}

/** A contact whose `until` lies before today has left the group (members come and go). */
export function isFormerContact(contact: Contact, today: string): boolean {
  return contact.until !== null && contact.until < today
}
