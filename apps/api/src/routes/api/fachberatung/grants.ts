import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Grant,
  GrantCreate,
  GrantList,
  GrantListQuery,
  IdempotencyHeaders,
  IdParams,
  TimeEntry,
  TimeEntryCreate,
  TopUpCreate,
} from '@wohnlotse/shared'
import { notFound } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'

const tags = ['fachberatung']

const grants: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/groups/:id/grants',
    {
      config: { roles: ['coordinator'] },
      schema: {
        tags,
        summary: 'Grant Fachberatung hours (default 10 h) under a framework contract; commits the money',
        params: IdParams,
        body: GrantCreate,
        response: { 201: Grant, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await fastify.grantsService.create(request.user, request.params.id, request.body)),
  )

  fastify.get(
    '/grants',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: {
        tags,
        summary: 'Hour grants, newest first, paged by cursor (an advisor sees their own)',
        querystring: GrantListQuery,
        response: { 200: GrantList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => fastify.grantsRepository.list(request.query, request.user.role === 'advisor' ? request.user.id : undefined),
  )

  fastify.get(
    '/grants/:id',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: { tags, summary: 'One hour grant', params: IdParams, response: { 200: Grant, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const grant = await fastify.grantsRepository.findView(request.params.id, request.user.role === 'advisor' ? request.user.id : undefined)
      if (!grant) throw notFound('Grant')
      return grant
    },
  )

  fastify.post(
    '/grants/:id/top-ups',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Top up a grant, with a reason', params: IdParams, body: TopUpCreate, response: { 200: Grant, ...errorResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => fastify.grantsService.topUp(request.user, request.params.id, request.body),
  )

  fastify.post(
    '/grants/:id/close',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Close a grant; unused hours go back to the budget', params: IdParams, response: { 200: Grant, ...errorResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => fastify.grantsService.close(request.user, request.params.id),
  )

  fastify.post(
    '/grants/:id/time-entries',
    {
      // Only the grant's own advisor logs hours; for anyone else who may see money the grant does not exist.
      config: { roles: ['advisor', 'coordinator'] },
      schema: {
        tags,
        summary: 'Log hours against your own grant (quarter hours); never beyond the grant',
        description:
          'Send an `Idempotency-Key` to make retries safe: the same key with the same body on the same grant answers the first entry again (201); ' +
          'the key with another body or on another grant answers 422 IDEMPOTENCY_KEY_REUSED.',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: TimeEntryCreate,
        response: { 201: TimeEntry, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      if (request.user.role !== 'advisor') throw notFound('Grant')
      const { entry } = await fastify.timeEntriesService.create(request.user, request.params.id, request.body, request.headers['idempotency-key'])
      return reply.code(201).send(entry)
    },
  )
}

export default grants
