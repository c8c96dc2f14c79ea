import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@wohnlotse/shared'

/**
 * The password limits of `Password` in packages/shared/src/user.ts: length is what counts (BSI, NIST 800-63B), so
 * there is a minimum and no complexity rule. Shared by every form that sets a password.
 */
export const PASSWORD_MIN = PASSWORD_MIN_LENGTH
export const PASSWORD_MAX = PASSWORD_MAX_LENGTH
