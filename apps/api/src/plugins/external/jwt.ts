import fp from 'fastify-plugin'
import jwt from '@fastify/jwt'
import cookie from '@fastify/cookie'
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
  }
}

export default fp<{ secret: string }>(
  async (fastify, opts) => {
    await fastify.register(cookie)
    await fastify.register(jwt, {
      secret: opts.secret,
      // The algorithm is fixed on both sides: a token with `alg: none` or another algorithm is refused.
      sign: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE },
      verify: {
        algorithms: ['HS256'],
        allowedIss: TOKEN_ISSUER,
        allowedAud: TOKEN_AUDIENCE,
        // A token signed with the right key but without an expiry (or the rest) would otherwise live forever.
        requiredClaims: ['exp', 'iat', 'iss', 'aud', 'sub', 'sid'],
        // fast-jwt takes milliseconds here…
        clockTolerance: CLOCK_SKEW_MS,
        // …but @fastify/jwt reads a numeric maxAge as seconds. Counted from `iat`: a token can never outlive
        // the lifetime we issue, whatever its `exp` says.
        maxAge: (ACCESS_TOKEN_TTL_MS + CLOCK_SKEW_MS) / 1000,
      },
    })
    fastify.decorate('deriveKey', (purpose: string) =>
      Buffer.from(hkdfSync('sha256', opts.secret, 'wohnlotse', purpose, 32)),
    )
  },
  { name: 'jwt' },
)
