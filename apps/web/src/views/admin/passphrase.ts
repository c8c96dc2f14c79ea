/**
 * A first password to hand over: random characters in groups, easy to read out and type, from the browser's
 * cryptographic random source. 25 characters from 32 symbols are 125 bits, far beyond guessing; there is no
 * complexity rule because length is what counts (BSI, NIST 800-63B), see `Password` in packages/shared.
 */

/** No 0/o, 1/l: nothing to confuse when the passphrase is read out or copied from paper. Exactly 32 symbols. */
export const PASSPHRASE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
export const PASSPHRASE_GROUPS = 5
export const PASSPHRASE_GROUP_LENGTH = 5

/** `crypto.getRandomValues`, replaceable in tests. */
export type RandomFill = (bytes: Uint8Array) => Uint8Array

const cryptoFill: RandomFill = (bytes) => crypto.getRandomValues(bytes)

/** E.g. `k7vqm-3xhte-p9dzr-wa2nf-6bycs` (29 characters). */
export function generatePassphrase(fill: RandomFill = cryptoFill): string {
  const bytes = fill(new Uint8Array(PASSPHRASE_GROUPS * PASSPHRASE_GROUP_LENGTH))
  // 256 is a multiple of 32, so keeping the low five bits picks every symbol with the same chance.
  const chars = Array.from(bytes, (byte) => PASSPHRASE_ALPHABET[byte & 31])
  const groups: string[] = []
  for (let i = 0; i < chars.length; i += PASSPHRASE_GROUP_LENGTH) groups.push(chars.slice(i, i + PASSPHRASE_GROUP_LENGTH).join(''))
  return groups.join('-')
}
