import { hash, verify } from '@node-rs/argon2'

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
