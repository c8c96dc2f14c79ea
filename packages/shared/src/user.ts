import Type, { type Static } from 'typebox'
import { NextCursor, Timestamp, Uuid } from './common.ts'
import type { Labels } from './labels.ts'

export const ROLES = ['admin', 'coordinator', 'frontdesk', 'advisor', 'city'] as const
export type Role = (typeof ROLES)[number]
export const RoleSchema = Type.Enum(ROLES)

export const roleLabels = {
  admin: { de: 'Administration', en: 'Administration' },
  coordinator: { de: 'Koordination', en: 'Coordinator' },
  frontdesk: { de: 'Empfang / Anlaufstelle', en: 'Front desk' },
  advisor: { de: 'Fachberatung (extern)', en: 'External advisor' },
  /** The city's housing office (controlling): reads aggregated figures only, changes nothing. */
  city: { de: 'Stadt (Controlling)', en: 'City (controlling)' },
} satisfies Labels<Role>

/**
 * Roles a coordinator may hand out; only an admin creates or promotes admins and coordinators. The coordination
 * office also opens the accounts of the city's controlling staff it reports to.
 */
export const ROLES_MANAGED_BY_COORDINATOR = ['frontdesk', 'advisor', 'city'] as const satisfies readonly Role[]

/**
 * The limits as plain numbers too: the SPA's first page holds this module (for the role labels), so a form that
 * read them off the schemas would keep the schemas, and with them TypeBox, in the login page's bundle.
 */
export const EMAIL_MAX_LENGTH = 254
export const PERSON_NAME_MAX_LENGTH = 200
export const Email = Type.String({ format: 'email', maxLength: EMAIL_MAX_LENGTH })
export const PersonName = Type.String({ minLength: 1, maxLength: PERSON_NAME_MAX_LENGTH })
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 200

/**
 * Long passphrases beat complexity rules (BSI / NIST 800-63B): 12 characters at least and not only
 * whitespace. The API also refuses common and breached passwords (PASSWORD_TOO_COMMON), which needs a list
 * too large for the SPA.
 */
export const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, pattern: '\\S' })

export type PasswordProblem = 'tooShort' | 'tooLong' | 'onlyWhitespace'

/** The same rule as `Password`, for forms: counts characters as JSON Schema does (code points). */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort'
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong'
  if (!/\S/.test(password)) return 'onlyWhitespace'
  return undefined
}

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  active: Type.Boolean(),
  /** Whether two-factor login (TOTP) is set up; admins see who still lacks it. */
  mfaEnabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type User = Static<typeof User>

/** What a signed-in person knows about themselves. */
export const SessionUser = Type.Object({ id: Uuid, email: Type.String(), name: Type.String(), role: RoleSchema })
export type SessionUser = Static<typeof SessionUser>

export const UserCreate = Type.Object(
  { email: Email, name: PersonName, role: RoleSchema, password: Password },
  { additionalProperties: false },
)
export type UserCreate = Static<typeof UserCreate>

export const UserPatch = Type.Object(
  {
    name: Type.Optional(PersonName),
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UserPatch = Static<typeof UserPatch>

export const UserListQuery = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type UserListQuery = Static<typeof UserListQuery>

export const UserList = Type.Object({ items: Type.Array(User), nextCursor: NextCursor })
export type UserList = Static<typeof UserList>

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const LoginResponse = Type.Object({ accessToken: Type.String(), user: SessionUser })
export type LoginResponse = Static<typeof LoginResponse>

/** A signed-in person changes their own password; the current one proves it is them. */
export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
)
export type PasswordChange = Static<typeof PasswordChange>

/** An administrator (or a coordinator, for the accounts they manage) sets a new initial password. */
export const PasswordReset = Type.Object({ password: Password }, { additionalProperties: false })
export type PasswordReset = Static<typeof PasswordReset>
