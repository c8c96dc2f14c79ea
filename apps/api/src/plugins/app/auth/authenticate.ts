import fp from 'fastify-plugin'
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { Role } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'
import { CLOCK_SKEW_MS } from '../../external/jwt.ts'
import type { SessionUser } from './session-cache.ts'

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
    /** The user and session a valid access token in the request names, without checking the session is alive (for logout). */
    tokenSession(request: FastifyRequest): { userId: string; sessionId: string } | undefined
  }
}

/**
 * Verifies the access token and checks the user together with the token's session on every request, so a
 * deactivation, a role change, a logout or a revoked session takes effect at once instead of when the token
 * expires. The answer comes from the session cache while the database has not told of a change (see
 * session-cache.ts and session-listener.ts), otherwise from one prepared statement.
 */
export default fp(
  async (fastify) => {
    const { sessionCache, usersRepository } = fastify
    /** The database's answer, kept in the session cache unless something was invalidated meanwhile. */
    const checkSession = async (userId: string, sessionId: string): Promise<SessionUser> => {
      const ticket = sessionCache.ticket()
      const row = await usersRepository.findBySession(userId, sessionId)
      if (!row) throw appError('UNAUTHENTICATED', 'The session has ended or the account is not active')
      const user = { id: row.id, email: row.email, name: row.name, role: row.role }
      sessionCache.store(ticket, sessionId, user, row.sessionExpiresAt)
      return user
    }

    /** The token's user and session ids; throws the 401 to answer for a missing, malformed, forged or expired token. */
    const claims = (request: FastifyRequest): { userId: string; sessionId: string } => {
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
      if (typeof sub !== 'string' || typeof sid !== 'string' || !UUID.test(sub) || !UUID.test(sid)) {
        throw appError('UNAUTHENTICATED', 'The session has ended or the account is not active')
      }
      return { userId: sub, sessionId: sid }
    }

    fastify.decorate('authenticate', async (request: FastifyRequest) => {
      const { userId, sessionId } = claims(request)
      request.user = { ...(sessionCache.get(userId, sessionId) ?? (await checkSession(userId, sessionId))), sessionId }
    })
    fastify.decorate('tokenSession', (request: FastifyRequest) => {
      if (!request.headers.authorization) return undefined
      try {
        return claims(request)
      } catch {
        return undefined
      }
    })
  },
  { name: 'authenticate', dependencies: ['jwt', 'users-repository', 'session-listener'] },
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
