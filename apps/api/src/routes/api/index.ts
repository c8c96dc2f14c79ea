import type { FastifyPluginAsync } from 'fastify'
import { authorize } from '../../plugins/app/auth/authenticate.ts'
import health from './health.ts'
import me from './me.ts'
import auth from './auth/index.ts'
import users from './users/index.ts'
import audit from './audit/index.ts'
import reference from './reference.ts'
import groups from './groups/index.ts'
import fachberatung from './fachberatung/index.ts'
import frontdesk from './frontdesk/index.ts'
import privacy from './privacy/index.ts'
import dashboard from './dashboard/index.ts'
import reports from './reports/index.ts'

/** Everything under /api: closed to anonymous callers unless a route says `public: true`. */
const api: FastifyPluginAsync<{ secureCookies: boolean }> = async (fastify, opts) => {
  fastify.addHook('onRequest', authorize)
  await fastify.register(health)
  await fastify.register(me)
  await fastify.register(auth, { prefix: '/auth', secureCookies: opts.secureCookies })
  await fastify.register(users, { prefix: '/users' })
  await fastify.register(audit, { prefix: '/audit' })
  await fastify.register(reference)
  await fastify.register(groups, { prefix: '/groups' })
  await fastify.register(fachberatung)
  await fastify.register(frontdesk)
  await fastify.register(privacy, { prefix: '/privacy' })
  await fastify.register(dashboard, { prefix: '/dashboard' })
  await fastify.register(reports, { prefix: '/reports' })
}

export default api
