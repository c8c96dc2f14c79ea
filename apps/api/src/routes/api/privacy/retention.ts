import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { RetentionPreview, RetentionRun, RetentionRunList, RetentionSettings, RetentionUpdate, type Role } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

const coordinator: Role[] = ['coordinator']
const tags = ['privacy']

const retention: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.privacyService

  fastify.get(
    '/',
    { config: { roles: coordinator }, schema: { tags, summary: 'Retention period per data class', response: { 200: RetentionSettings, ...errorResponses(401, 403) } } },
    async () => ({ items: await service.retention.settings.list(fastify.db) }),
  )

  fastify.put(
    '/',
    {
      config: { roles: coordinator },
      schema: { tags, summary: 'Change retention periods (the classes named)', body: RetentionUpdate, response: { 200: RetentionSettings, ...errorResponses(400, 401, 403) } },
    },
    async (request) => ({ items: await service.updateRetention(request.user, request.body) }),
  )

  fastify.get(
    '/preview',
    {
      config: { roles: coordinator },
      schema: { tags, summary: 'What a run now would anonymise: counts per class and the first records', response: { 200: RetentionPreview, ...errorResponses(401, 403) } },
    },
    async () => service.retention.preview(new Date()),
  )

  fastify.get(
    '/runs',
    { config: { roles: coordinator }, schema: { tags, summary: 'The last 100 retention runs, newest first', response: { 200: RetentionRunList, ...errorResponses(401, 403) } } },
    async () => ({ items: await service.retention.runs() }),
  )

  fastify.post(
    '/runs',
    {
      config: { roles: coordinator },
      schema: { tags, summary: 'Apply the retention periods now (audited)', response: { 201: RetentionRun, ...errorResponses(401, 403, 409) } },
    },
    async (request, reply) => reply.code(201).send((await service.retention.run(new Date(), 'manual', request.user.id))!),
  )
}

export default retention
