import fp from 'fastify-plugin'
import jwt from '@fastify/jwt'
import cookie from '@fastify/cookie'
import { createVerifier } from 'fast-jwt'
import { hkdfSync } from 'node:crypto'
import type { Role } from '@wohnlotse/shared'

/** Lifetime of an access token; the SPA refreshes silently with the httpOnly refresh cookie. */
export const ACCESS_TOKEN_TTL = '15m'
const ACCESS_TOKEN_TTL_MS = 15 * 60_000
export const TOKEN_ISSUER = 'wohnlotse'
/** Only this API accepts the access tokens (other token kinds, e.g. sign-in tickets, are not JWTs at all). */
export const TOKEN_AUDIENCE = 'wohnlotse-api'
/** Clocks of several API processes may drift a little; more than this and `iat` counts as forged. */
export const CLOCK_SKEW_MS = 30_000

declare module '@fastify/jwt' {
  interface FastifyJWT {
    /** `sid` is the session (refresh-token family): the token dies with it at logout, reset or theft. */
    payload: { sub: string; role: Role; sid: string }
    user: { id: string; email: string; name: string; role: Role; sessionId: string }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A 32-byte key derived from the signing secret for one purpose (HKDF), so one secret serves several keys. */
    deriveKey(purpose: string): Buffer
    /**
     * Verifies an access token (signature, algorithm, issuer, audience, required claims, expiry, age) and returns
     * its claims; throws fast-jwt's TokenError otherwise (code `FAST_JWT_EXPIRED` for an expired one).
     */
    verifyAccessToken(token: string): Record<string, unknown>
  }
}

export default fp<{ secret: string }>(
  async (fastify, opts) => {
    await fastify.register(cookie)
    // @fastify/jwt signs (and offers `fastify.jwt` to tests); requests are verified by `verifyAccessToken`.
    await fastify.register(jwt, {
      secret: opts.secret,
      // The algorithm is fixed on both sides: a token with `alg: none` or another algorithm is refused.
      sign: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE },
    })
    // fast-jwt directly, built once: @fastify/jwt's request.jwtVerify() decodes every token twice (once to find
    // the key, once to verify) and runs an async waterfall per request. The cache keeps verified tokens (by a hash
    // of the token, never past their `exp` or maxAge), so a client's next request skips the HMAC and the parse.
    const verify = createVerifier({
      key: opts.secret,
      algorithms: ['HS256'],
      allowedIss: TOKEN_ISSUER,
      allowedAud: TOKEN_AUDIENCE,
      // A token signed with the right key but without an expiry (or the rest) would otherwise live forever.
      requiredClaims: ['exp', 'iat', 'iss', 'aud', 'sub', 'sid'],
      clockTolerance: CLOCK_SKEW_MS,
      // Counted from `iat`: a token can never outlive the lifetime we issue, whatever its `exp` says.
      maxAge: ACCESS_TOKEN_TTL_MS + CLOCK_SKEW_MS,
      // The default key (a SHA-256 of the token) stays: any custom cacheKeyBuilder makes fast-jwt print a
      // security warning at start (GHSA-rp9m-7r4c-75qg), and start.test.ts refuses any warning.
      cache: 10_000,
    })
    fastify.decorate('verifyAccessToken', (token: string) => verify(token) as Record<string, unknown>)
    fastify.decorate('deriveKey', (purpose: string) =>
      Buffer.from(hkdfSync('sha256', opts.secret, 'wohnlotse', purpose, 32)),
    )
  },
  { name: 'jwt' },
)
