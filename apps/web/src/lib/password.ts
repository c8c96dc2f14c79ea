import { UserCreate } from '@wohnlotse/shared'
import { limitsOf } from './schema-limits.ts'

/**
 * The password limits of `Password` in packages/shared/src/user.ts: length is what counts (BSI, NIST 800-63B), so
 * there is a minimum and no complexity rule. Shared by every form that sets a password.
 */
const PASSWORD = limitsOf(UserCreate, 'password')
export const PASSWORD_MIN = PASSWORD.minlength!
export const PASSWORD_MAX = PASSWORD.maxlength!
