import { EMAIL_MAX_LENGTH, PERSON_NAME_MAX_LENGTH, type Role, type User, type UserCreate, type UserPatch } from '@wohnlotse/shared'
import { EMAIL_PATTERN, type FieldErrors } from '../../lib/field-errors.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '../../lib/password.ts'

/**
 * The account forms: "Konto anlegen" (name, e-mail, role, first password) and "Bearbeiten" (name, role). Checks
 * before sending give German messages as i18n keys; limits are the API's own (UserCreate's, as constants from user.ts).
 */

/** In the order the form shows them: the first invalid one gets the focus. */
export const USER_FORM_FIELDS = ['name', 'email', 'role', 'password'] as const
export type UserFormField = (typeof USER_FORM_FIELDS)[number]

export const NAME_MAX = PERSON_NAME_MAX_LENGTH
export const EMAIL_MAX = EMAIL_MAX_LENGTH
export { PASSWORD_MAX, PASSWORD_MIN }

export interface UserFormValues {
  name: string
  email: string
  /** '' until chosen: the role is a decision, not a default. */
  role: Role | ''
  password: string
}

export function emptyUserForm(): UserFormValues {
  return { name: '', email: '', role: '', password: '' }
}

const ERR = 'admin.users.form.errors'

function nameError(name: string): string | undefined {
  const trimmed = name.trim()
  if (!trimmed) return `${ERR}.nameRequired`
  if (trimmed.length > NAME_MAX) return `${ERR}.nameTooLong`
  return undefined
}

function roleError(role: Role | '', allowed: readonly Role[]): string | undefined {
  if (!role) return `${ERR}.roleRequired`
  if (!allowed.includes(role)) return `${ERR}.roleNotAllowed`
  return undefined
}

export function validateUserForm(values: UserFormValues, allowed: readonly Role[]): FieldErrors<UserFormField> {
  const errors: FieldErrors<UserFormField> = {}
  errors.name = nameError(values.name)
  const email = values.email.trim()
  if (!email) errors.email = `${ERR}.emailRequired`
  else if (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)) errors.email = `${ERR}.email`
  errors.role = roleError(values.role, allowed)
  // Spaces count: a passphrase may contain them, so the password is taken exactly as typed.
  if (!values.password) errors.password = `${ERR}.passwordRequired`
  else if (values.password.length < PASSWORD_MIN) errors.password = `${ERR}.passwordTooShort`
  else if (values.password.length > PASSWORD_MAX) errors.password = `${ERR}.passwordTooLong`
  return withoutEmpty(errors)
}

export function toUserCreate(values: UserFormValues): UserCreate {
  return { name: values.name.trim(), email: values.email.trim(), role: values.role as Role, password: values.password }
}

/** The edit dialog: name and (not for one's own account) role. */
export const USER_EDIT_FIELDS = ['name', 'role'] as const
export type UserEditField = (typeof USER_EDIT_FIELDS)[number]

export interface UserEditValues {
  name: string
  role: Role
}

export function validateUserEdit(values: UserEditValues, allowed: readonly Role[], roleLocked: boolean): FieldErrors<UserEditField> {
  return withoutEmpty({ name: nameError(values.name), role: roleLocked ? undefined : roleError(values.role, allowed) })
}

/** Only what changed; an empty patch means there is nothing to send. */
export function toUserPatch(values: UserEditValues, original: User): UserPatch {
  const patch: UserPatch = {}
  const name = values.name.trim()
  if (name !== original.name) patch.name = name
  if (values.role !== original.role) patch.role = values.role
  return patch
}

/** The message key for a field the API refused (its own messages are English). */
export function userFieldMessage(field: UserFormField): string {
  return `admin.users.form.invalid.${field}`
}

function withoutEmpty<F extends string>(errors: FieldErrors<F>): FieldErrors<F> {
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as FieldErrors<F>
}
