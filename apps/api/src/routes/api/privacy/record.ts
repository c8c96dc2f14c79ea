import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ProcessingRecord } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

const record: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      config: { roles: ['coordinator'] },
      schema: {
        tags: ['privacy'],
        summary: 'Record of processing activities (Art. 30), generated from the data classes and retention settings; German',
        response: { 200: ProcessingRecord, ...errorResponses(401, 403) },
      },
    },
    async () => fastify.privacyService.record(),
  )
}

export default record
