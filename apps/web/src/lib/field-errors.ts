import { PHONE_PATTERN_SOURCE } from '@wohnlotse/shared'
import { nextTick } from 'vue'
import type { ErrorDetail } from '../api/http.ts'

/**
 * Form errors per field, as i18n keys (not texts) so that they follow a language switch. Shared by every form
 * that checks its input before sending and shows the API's VALIDATION_FAILED details at the fields.
 */
export type FieldErrors<F extends string> = Partial<Record<F, string>>

/**
 * The form field a detail's JSON pointer names: `/plannedHomes` → plannedHomes, `/targetGroups/2` → targetGroups.
 * Null for the body as a whole (`''`) and for anything the form does not have.
 */
export function fieldOfPath<F extends string>(path: string, fields: readonly F[]): F | null {
  const name = path.split('/')[1] ?? ''
  return (fields as readonly string[]).includes(name) ? (name as F) : null
}

/**
 * Puts the API's per-field problems at the fields, each with the form's own (translated) message for that field;
 * the API's messages are English and technical. Details no field matches are returned for a general message.
 */
export function errorsFromDetails<F extends string>(
  details: readonly ErrorDetail[],
  fields: readonly F[],
  messageKey: (field: F) => string,
): { errors: FieldErrors<F>; unmatched: ErrorDetail[] } {
  const errors: FieldErrors<F> = {}
  const unmatched: ErrorDetail[] = []
  for (const detail of details) {
    const field = fieldOfPath(detail.path, fields)
    if (field) errors[field] ??= messageKey(field)
    else unmatched.push(detail)
  }
  return { errors, unmatched }
}

/** The first field with an error, in the order the form shows them: that is where focus goes. */
export function firstInvalid<F extends string>(errors: FieldErrors<F>, order: readonly F[]): F | null {
  return order.find((field) => errors[field]) ?? null
}

/**
 * Gives the focus to the first field with an error, once the errors are rendered. `idOf` is the field's control
 * id (FormField's `id`); a fieldset of checkboxes passes it on to its first box.
 */
export async function focusFirstInvalid<F extends string>(
  errors: FieldErrors<F>,
  order: readonly F[],
  idOf: (field: F) => string,
): Promise<void> {
  const field = firstInvalid(errors, order)
  if (!field) return
  await nextTick()
  const el = document.getElementById(idOf(field))
  ;(el instanceof HTMLFieldSetElement ? el.querySelector<HTMLElement>('input') : el)?.focus()
}

/** A rough e-mail check before sending; the API has the last word (its detail then lands at the field). */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The API's phone pattern (packages/shared/src/group.ts, `Phone`). */
export const PHONE_PATTERN = new RegExp(PHONE_PATTERN_SOURCE)
