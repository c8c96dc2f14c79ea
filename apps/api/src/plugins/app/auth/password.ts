import { hash, verify } from '@node-rs/argon2'
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
export async function passwordTooCommon(password: string): Promise<boolean> {
  const { common, german } = await (lists ??= loadLists())
  const lower = password.toLowerCase().normalize('NFC')
  if (common.has(lower)) return true
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  if (core !== lower && (core.length === 0 || common.has(core) || german.has(core))) return true
  return false
}

/** Throws PASSWORD_TOO_COMMON (422) for a new password `passwordTooCommon` refuses. */
export async function assertPasswordAllowed(password: string, field = '/password'): Promise<void> {
  if (await passwordTooCommon(password)) {
    throw appError('PASSWORD_TOO_COMMON', 'This password is too common or known from breaches; choose a longer passphrase', [
      { path: field, message: 'too common' },
    ])
  }
}

let lists: Promise<{ common: Set<string>; german: Set<string> }> | undefined
/**
 * The lists load when a password is first set, not at start: they are megabytes of heap that the every-day
 * requests (and a process that never sees a password change) do not need.
 */
async function loadLists() {
  const [{ dictionary: common }, { dictionary: german }] = await Promise.all([import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-de')])
  return { common: new Set(common['passwords-common'] as string[]), german: new Set(german.commonWords as string[]) }
}
