import { passwordProblem, type PasswordChange } from '@wohnlotse/shared'
import type { FieldErrors } from '../../lib/field-errors.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '../../lib/password.ts'

/**
 * "Passwort ändern" on "Mein Konto": the current password, the new one and its repetition. Checks before sending
 * give German messages as i18n keys; the first two field names are the API's (`PasswordChange`), so its details
 * land at the right field.
 */

/** In the order the form shows them: the first invalid one gets the focus. */
export const PASSWORD_CHANGE_FIELDS = ['currentPassword', 'newPassword', 'repeatPassword'] as const
export type PasswordChangeField = (typeof PASSWORD_CHANGE_FIELDS)[number]

export interface PasswordChangeValues {
  currentPassword: string
  newPassword: string
  repeatPassword: string
}

export function emptyPasswordChange(): PasswordChangeValues {
  return { currentPassword: '', newPassword: '', repeatPassword: '' }
}

const ERR = 'account.password.errors'

function newPasswordError(values: PasswordChangeValues): string | undefined {
  const { newPassword } = values
  if (!newPassword) return `${ERR}.newRequired`
  if (newPassword.length < PASSWORD_MIN) return `${ERR}.newTooShort`
  if (newPassword.length > PASSWORD_MAX) return `${ERR}.newTooLong`
  // The shared rule (as the API checks it): twelve spaces are no password.
  if (passwordProblem(newPassword) === 'onlyWhitespace') return `${ERR}.newOnlyWhitespace`
  // The API would take it, but then nothing changes while the other sessions still end: surely a slip.
  if (newPassword === values.currentPassword) return `${ERR}.newSameAsCurrent`
  return undefined
}

function repeatError(values: PasswordChangeValues): string | undefined {
  if (!values.repeatPassword) return `${ERR}.repeatRequired`
  if (values.repeatPassword !== values.newPassword) return `${ERR}.repeatMismatch`
  return undefined
}

/** Passwords are taken exactly as typed: spaces count, nothing is trimmed (a passphrase may contain them). */
export function validatePasswordChange(values: PasswordChangeValues): FieldErrors<PasswordChangeField> {
  const errors: FieldErrors<PasswordChangeField> = {}
  if (!values.currentPassword) errors.currentPassword = `${ERR}.currentRequired`
  const newError = newPasswordError(values)
  if (newError) errors.newPassword = newError
  // A mismatch only makes sense once the new password itself is fine.
  const repeat = newError ? (values.repeatPassword ? undefined : `${ERR}.repeatRequired`) : repeatError(values)
  if (repeat) errors.repeatPassword = repeat
  return errors
}

export function toPasswordChange(values: PasswordChangeValues): PasswordChange {
  return { currentPassword: values.currentPassword, newPassword: values.newPassword }
}

/** The fields the API knows; the repetition never leaves the browser. */
export const PASSWORD_CHANGE_API_FIELDS = ['currentPassword', 'newPassword'] as const satisfies readonly PasswordChangeField[]

/** The message key for a field the API refused (its own messages are English). */
export function passwordChangeFieldMessage(field: (typeof PASSWORD_CHANGE_API_FIELDS)[number]): string {
  return `account.password.invalid.${field}`
}
