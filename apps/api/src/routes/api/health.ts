import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthResponse } from '@wohnlotse/shared'
import { sql } from 'drizzle-orm'
import { appError } from '../../errors.ts'
import { errorResponses } from '../../lib/route-schemas.ts'

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: 'Liveness: 200 when the database answers', security: [], response: { 200: HealthResponse, ...errorResponses(503) } },
    },
    async () => {
      try {
        await fastify.db.execute(sql`SELECT 1`)
      } catch {
        throw appError('DATABASE_UNAVAILABLE', 'The database does not answer')
      }
      return { status: 'ok' as const }
    },
  )
}

export default health
