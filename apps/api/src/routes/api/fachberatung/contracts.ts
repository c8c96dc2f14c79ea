import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Contract, ContractCreate, ContractList, ContractPatch, IdParams } from '@wohnlotse/shared'
import { notFound } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'

const tags = ['fachberatung']

const contracts: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: { tags, summary: 'Framework contracts (an advisor sees their own)', response: { 200: ContractList, ...errorResponses(401, 403) } },
    },
    async (request) => ({ items: await fastify.contractsRepository.list(request.user.role === 'advisor' ? request.user.id : undefined) }),
  )

  fastify.post(
    '/',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Record a framework contract with an advisor', body: ContractCreate, response: { 201: Contract, ...errorResponses(400, 401, 403, 409, 422) } },
    },
    async (request, reply) => reply.code(201).send(await fastify.contractsService.create(request.user, request.body)),
  )

  fastify.get(
    '/:id',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: { tags, summary: 'One framework contract', params: IdParams, response: { 200: Contract, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const contract = await fastify.contractsRepository.findView(request.params.id, request.user.role === 'advisor' ? request.user.id : undefined)
      if (!contract) throw notFound('Contract')
      return contract
    },
  )

  fastify.patch(
    '/:id',
    {
      config: { roles: ['coordinator'] },
      schema: {
        tags,
        summary: 'Change a framework contract (the rate only while nothing is granted under it)',
        params: IdParams,
        body: ContractPatch,
        response: { 200: Contract, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => fastify.contractsService.update(request.user, request.params.id, request.body),
  )
}

export default contracts
