/**
 * The password limits of `Password` in packages/shared/src/user.ts: length is what counts (BSI, NIST 800-63B), so
 * there is a minimum and no complexity rule. Shared by every form that sets a password.
 */
export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 200
