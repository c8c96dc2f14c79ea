import Type, { type Static } from 'typebox'
import { Timestamp, Uuid } from './common.ts'
import { LoginResponse } from './user.ts'

/** A six-digit TOTP code or a recovery code (`xxxxx-xxxxx`); spaces and dashes are ignored. */
export const MfaCode = Type.String({ minLength: 6, maxLength: 20 })

/** The password was right; the second factor is still missing. The ticket lives 5 minutes. */
export const MfaChallenge = Type.Object({ mfaRequired: Type.Literal(true), ticket: Type.String() })
export type MfaChallenge = Static<typeof MfaChallenge>

/**
 * The password was right, but two-factor login is required for this role and not set up yet: nothing else
 * is possible until setup and confirm are done with this ticket (they then complete the sign-in).
 */
export const MfaSetupChallenge = Type.Object({ mfaSetupRequired: Type.Literal(true), ticket: Type.String() })
export type MfaSetupChallenge = Static<typeof MfaSetupChallenge>

export const LoginResult = Type.Union([LoginResponse, MfaChallenge, MfaSetupChallenge])
export type LoginResult = Static<typeof LoginResult>

/** Setup is done either signed in (bearer token) or with the ticket of a forced setup. */
export const MfaSetupBody = Type.Object({ ticket: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })
export type MfaSetupBody = Static<typeof MfaSetupBody>

export const MfaSetup = Type.Object({
  /** Base32, for typing into an authenticator app by hand. */
  secret: Type.String(),
  otpauthUrl: Type.String(),
  /** The otpauth URL as a QR code, a `data:image/svg+xml` URL. */
  qrCode: Type.String(),
})
export type MfaSetup = Static<typeof MfaSetup>

export const MfaConfirmBody = Type.Object(
  { code: MfaCode, ticket: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)
export type MfaConfirmBody = Static<typeof MfaConfirmBody>

/** Shown once; only hashes are kept. With a ticket, the answer also completes the sign-in. */
export const MfaConfirmResult = Type.Object({
  recoveryCodes: Type.Array(Type.String()),
  accessToken: Type.Optional(Type.String()),
  user: Type.Optional(LoginResponse.properties.user),
})
export type MfaConfirmResult = Static<typeof MfaConfirmResult>

export const MfaVerifyBody = Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 2000 }), code: MfaCode }, { additionalProperties: false })
export type MfaVerifyBody = Static<typeof MfaVerifyBody>

/** Turning the own second factor off needs the current password. */
export const MfaDisableBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export type MfaDisableBody = Static<typeof MfaDisableBody>

export const MfaStatus = Type.Object({
  enabled: Type.Boolean(),
  enabledAt: Type.Union([Timestamp, Type.Null()]),
  /** Unused recovery codes left. */
  recoveryCodesLeft: Type.Integer(),
  /** Whether the installation requires two-factor login for this person's role. */
  required: Type.Boolean(),
})
export type MfaStatus = Static<typeof MfaStatus>

/** Whether admins and coordinators must use two-factor login (on by default in production). */
export const MfaPolicy = Type.Object({ requiredForStaff: Type.Boolean() }, { additionalProperties: false })
export type MfaPolicy = Static<typeof MfaPolicy>

/** One signed-in device: a refresh-token family, from sign-in to its latest refresh. */
export const SessionInfo = Type.Object({
  id: Uuid,
  /** "Firefox on Linux" and the like, from the User-Agent at sign-in. */
  device: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  current: Type.Boolean(),
})
export type SessionInfo = Static<typeof SessionInfo>

export const SessionList = Type.Object({ items: Type.Array(SessionInfo) })
export type SessionList = Static<typeof SessionList>
