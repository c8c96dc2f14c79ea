import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ReferenceData, referenceData } from '@wohnlotse/shared'
import { errorResponses } from '../../lib/route-schemas.ts'

const reference: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/reference',
    {
      schema: {
        tags: ['reference'],
        summary: 'Districts, target groups, legal forms, topics, languages, lifecycle, stages — with German and English labels',
        response: { 200: ReferenceData, ...errorResponses(401) },
      },
    },
    async (_request, reply) => {
      // The lists change only with a deployment.
      reply.header('cache-control', 'private, max-age=3600')
      return referenceData
    },
  )
}

export default reference
