import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Dashboard, DashboardCounters, ROLES } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

const tags = ['dashboard']

/** Every role's Start page: the caller's own figures, never another role's. */
const dashboard: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      config: { roles: [...ROLES] },
      schema: {
        tags,
        summary: "The figures of the caller's Start page, by role (the city sees aggregates only)",
        response: { 200: Dashboard, ...errorResponses(401, 403) },
      },
    },
    async (request) => fastify.dashboardService.forUser(request.user),
  )

  fastify.get(
    '/counters',
    {
      config: { roles: [...ROLES] },
      schema: {
        tags,
        summary: 'The navigation badges: time entries awaiting approval, follow-ups due',
        response: { 200: DashboardCounters, ...errorResponses(401, 403) },
      },
    },
    async (request) => fastify.dashboardService.counters(request.user),
  )
}

export default dashboard
