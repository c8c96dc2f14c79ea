import fp from 'fastify-plugin'
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { Role } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'

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
 * Verifies the access token and loads the user on every request, so a deactivation or a role change
 * takes effect at once instead of when the token expires.
 */
export default fp(
  async (fastify) => {
    fastify.decorate('authenticate', async (request: FastifyRequest) => {
      if (!request.headers.authorization) throw appError('UNAUTHENTICATED', 'Sign in first')
      let payload: { sub: string }
      try {
        payload = await request.jwtVerify<{ sub: string }>()
      } catch (err) {
        const code = (err as { code?: string }).code
        if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') throw appError('SESSION_EXPIRED', 'The session has expired')
        throw appError('UNAUTHENTICATED', 'The access token is not valid')
      }
      const user = typeof payload.sub === 'string' && /^[0-9a-f-]{36}$/i.test(payload.sub)
        ? await fastify.usersRepository.findById(payload.sub)
        : undefined
      if (!user || !user.active) throw appError('UNAUTHENTICATED', 'The account is not active')
      request.user = { id: user.id, email: user.email, name: user.name, role: user.role }
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
