import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditList, AuditQuery } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

const audit: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      config: { roles: ['admin', 'coordinator'] },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first, optionally for one entity',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => fastify.auditRepository.list(request.query),
  )
}

export default audit
