import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import * as OTPAuth from 'otpauth'
import QRCode from 'qrcode'

/** RFC 6238 defaults that every authenticator app understands. */
const TOTP_PERIOD = 30
const ISSUER = 'Wohnlotse'

const totpFor = (secretBase32: string, label: string) =>
  new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: OTPAuth.Secret.fromBase32(secretBase32) })

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32
}

export async function totpSetup(secretBase32: string, email: string) {
  const otpauthUrl = totpFor(secretBase32, email).toString()
  const svg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return { secret: secretBase32, otpauthUrl, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
}

/**
 * The time step a six-digit code belongs to (one step of clock drift either way), or undefined. The caller
 * stores the step and accepts only later ones, so a code cannot be replayed within its window.
 */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const delta = OTPAuth.TOTP.validate({ token: code, secret: OTPAuth.Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, timestamp: now, window: 1 })
  return delta === null ? undefined : OTPAuth.TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta
}

/** Codes typed with spaces or dashes, or in capitals, still count. */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toLowerCase()

// Crockford-like alphabet without 0/o, 1/l/i: easy to read aloud and to type from paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** Ten codes `xxxxx-xxxxx` of ~49 bits each: random enough that a plain SHA-256 is a safe way to keep them. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10)
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('')
    return `${chars.slice(0, 5)}-${chars.slice(5)}`
  })
}

export const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseCode(code)).digest('hex')

/** AES-256-GCM with a random nonce; the stored text is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, data] = stored.split('.')
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('unknown secret format')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
}

export type TicketKind = 'mfa' | 'setup'
/** How long the second sign-in step may take after the password was right. */
export const TICKET_TTL_MS = 5 * 60_000

/**
 * A sign-in ticket: who passed the password check, for which next step, until when, HMAC-signed. It is no
 * JWT on purpose, so no verifier could ever mistake it for an access token.
 */
export function signTicket(key: Buffer, userId: string, kind: TicketKind, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ sub: userId, kind, exp: now + TICKET_TTL_MS })).toString('base64url')
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`
}

export function readTicket(key: Buffer, ticket: string, kind: TicketKind, now = Date.now()): string | undefined {
  const [body, mac] = ticket.split('.')
  if (!body || !mac) return undefined
  const expected = createHmac('sha256', key).update(body).digest()
  const given = Buffer.from(mac, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { sub?: unknown; kind?: unknown; exp?: unknown }
    if (payload.kind !== kind || typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || payload.exp < now) return undefined
    return payload.sub
  } catch {
    return undefined
  }
}

/** "Firefox on Linux" from a User-Agent, for the sessions list; no parsing library for four browsers. */
export function deviceSummary(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device'
  const browser =
    /Edg\//.test(userAgent) ? 'Edge'
    : /OPR\//.test(userAgent) ? 'Opera'
    : /Firefox\//.test(userAgent) ? 'Firefox'
    : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome'
    : /Safari\//.test(userAgent) ? 'Safari'
    : undefined
  const os =
    /Android/.test(userAgent) ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent) ? 'iOS'
    : /Windows/.test(userAgent) ? 'Windows'
    : /Mac OS X|Macintosh/.test(userAgent) ? 'macOS'
    : /Linux|X11/.test(userAgent) ? 'Linux'
    : undefined
  if (browser && os) return `${browser} on ${os}`
  return browser ?? os ?? userAgent.slice(0, 60)
}
