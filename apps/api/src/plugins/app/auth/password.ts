import { hash, verify } from '@node-rs/argon2'
import { dictionary as commonDictionary } from '@zxcvbn-ts/language-common'
import { dictionary as germanDictionary } from '@zxcvbn-ts/language-de'
import { appError } from '../../../errors.ts'

// OWASP's recommended argon2id parameters (19 MiB, 2 iterations, 1 lane).
// `Algorithm` is a const enum that isolated modules cannot read; 2 is Algorithm.Argon2id.
const options = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string) => hash(password, options)

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined
/** Verifies against a throwaway hash so an unknown e-mail costs as long as a wrong password. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-just-timing')
  await verifyPassword(await dummyHash, password)
}

/**
 * Refuses passwords on zxcvbn-ts's list of ~49,000 common and breached passwords (language-common, from
 * leaked-password corpora) and the German common-words list, also when such an entry is only padded with
 * digits, symbols or spaces (`passwort1234`, `Sommer2024!`): that is the first thing a guesser tries.
 */
export function passwordTooCommon(password: string): boolean {
  const lower = password.toLowerCase().normalize('NFC')
  if (commonPasswords().has(lower)) return true
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  if (core !== lower && (core.length === 0 || commonPasswords().has(core) || germanWords().has(core))) return true
  return false
}

/** Throws PASSWORD_TOO_COMMON (422) for a new password `passwordTooCommon` refuses. */
export function assertPasswordAllowed(password: string, field = '/password'): void {
  if (passwordTooCommon(password)) {
    throw appError('PASSWORD_TOO_COMMON', 'This password is too common or known from breaches; choose a longer passphrase', [
      { path: field, message: 'too common' },
    ])
  }
}

let common: Set<string> | undefined
let german: Set<string> | undefined
const commonPasswords = () => (common ??= new Set(commonDictionary['passwords-common'] as string[]))
const germanWords = () => (german ??= new Set(germanDictionary.commonWords as string[]))
