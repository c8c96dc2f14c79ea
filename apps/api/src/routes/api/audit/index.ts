import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ACCOUNT_AUDIT_ENTITIES, AuditList, AuditQuery, AuditVerification } from '@wohnlotse/shared'
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

  fastify.get(
    '/verify',
    {
      config: { roles: ['admin', 'coordinator'] },
      schema: {
        tags: ['audit'],
        summary: 'Checks that the audit trail is unchanged: seals what is committed, then recomputes the hash chain',
        description:
          'Shortly after each audit row commits, the sealer appends a SHA-256 hash over its content and the previous seal\'s hash to the seal chain. This seals what is committed, recomputes the whole chain in the database and reports the first row where it breaks: a changed or removed row or seal, or a row slipped in unsealed. Reveals no content, so administrators may call it as well as coordinators.',
        response: { 200: AuditVerification, ...errorResponses(401, 403) },
      },
    },
    async () => fastify.auditRepository.verifyChain(),
  )
}

export default audit
