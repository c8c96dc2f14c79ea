import fp from 'fastify-plugin'
import jwt from '@fastify/jwt'
import cookie from '@fastify/cookie'
import type { Role } from '@wohnlotse/shared'

/** Lifetime of an access token; the SPA refreshes silently with the httpOnly refresh cookie. */
export const ACCESS_TOKEN_TTL = '15m'

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; role: Role }
    user: { id: string; email: string; name: string; role: Role }
  }
}

export default fp<{ secret: string }>(
  async (fastify, opts) => {
    await fastify.register(cookie)
    await fastify.register(jwt, {
      secret: opts.secret,
      // The algorithm is fixed on both sides: a token with `alg: none` or another algorithm is refused.
      sign: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL, iss: 'wohnlotse' },
      verify: { algorithms: ['HS256'], allowedIss: 'wohnlotse' },
    })
  },
  { name: 'jwt' },
)
