import fp from 'fastify-plugin'
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { Role } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'
import { CLOCK_SKEW_MS } from '../../external/jwt.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a token (login, refresh, health). */
    public?: boolean
    /** Roles allowed on the route; any signed-in user when absent. */
    roles?: readonly Role[]
  }
  interface FastifyInstance {
    authenticate(request: FastifyRequest): Promise<void>
  }
}

/**
 * Verifies the access token and loads the user together with the token's session on every request, so a
 * deactivation, a role change, a logout or a revoked session takes effect at once instead of when the token
 * expires.
 */
export default fp(
  async (fastify) => {
    fastify.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization
      if (!header) throw appError('UNAUTHENTICATED', 'Sign in first')
      const [scheme, token, rest] = header.split(' ')
      if (scheme?.toLowerCase() !== 'bearer' || !token || rest !== undefined) throw appError('UNAUTHENTICATED', 'The access token is not valid')
      let payload: { sub?: unknown; sid?: unknown; iat?: unknown }
      try {
        payload = fastify.verifyAccessToken(token)
      } catch (err) {
        if ((err as { code?: string }).code === 'FAST_JWT_EXPIRED') throw appError('SESSION_EXPIRED', 'The session has expired')
        throw appError('UNAUTHENTICATED', 'The access token is not valid')
      }
      // fast-jwt checks `iat` only against maxAge; a token "issued" in the future would outlive its lifetime.
      if (typeof payload.iat !== 'number' || payload.iat * 1000 > Date.now() + CLOCK_SKEW_MS) {
        throw appError('UNAUTHENTICATED', 'The access token is not valid')
      }
      const { sub, sid } = payload
      const user =
        typeof sub === 'string' && typeof sid === 'string' && UUID.test(sub) && UUID.test(sid)
          ? await fastify.usersRepository.findBySession(sub, sid)
          : undefined
      if (!user) throw appError('UNAUTHENTICATED', 'The session has ended or the account is not active')
      request.user = { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: sid as string }
    })
  },
  { name: 'authenticate', dependencies: ['jwt', 'users-repository'] },
)

/**
 * The API's access hook: one line per route (`config: { roles: [...] }`) decides who may call it, and
 * every route is closed to anonymous callers unless it says `public: true`.
 */
export const authorize: onRequestAsyncHookHandler = async function (request) {
  const config = request.routeOptions.config
  if (config.public) return
  await this.authenticate(request)
  if (config.roles && !config.roles.includes(request.user.role)) {
    throw appError('FORBIDDEN', 'Your role may not do this')
  }
}
