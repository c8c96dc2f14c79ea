import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SessionUser } from '@wohnlotse/shared'
import { errorResponses } from '../../lib/route-schemas.ts'

const me: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: SessionUser, ...errorResponses(401) } } },
    async (request) => request.user,
  )
}

export default me
