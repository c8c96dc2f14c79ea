import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ACCOUNT_AUDIT_ENTITIES, AuditList, AuditQuery } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'

const audit: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      config: { roles: ['admin', 'coordinator'] },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first, optionally for one entity',
        description:
          'Coordinators read the whole trail. Administrators hold no case data: they read the entries of accounts, sessions and settings only (403 for any other entity).',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      if (request.user.role !== 'admin') return fastify.auditRepository.list(request.query)
      const allowed: readonly string[] = ACCOUNT_AUDIT_ENTITIES
      if (request.query.entity && !allowed.includes(request.query.entity)) {
        throw appError('FORBIDDEN', 'Administrators read the audit of accounts, sessions and settings only')
      }
      return fastify.auditRepository.list(request.query, ACCOUNT_AUDIT_ENTITIES)
    },
  )
}

export default audit
