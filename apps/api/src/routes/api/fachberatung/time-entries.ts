import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { BulkApproveBody, BulkRejectBody, IdParams, RejectBody, TimeEntry, TimeEntryItems, TimeEntryList, TimeEntryListQuery, TimeEntryPatch } from '@wohnlotse/shared'
import { notFound } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'

const tags = ['fachberatung']

const timeEntries: FastifyPluginAsyncTypebox = async (fastify) => {
  const ownOnly = (user: { id: string; role: string }) => (user.role === 'advisor' ? user.id : undefined)

  fastify.get(
    '/',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: { tags, summary: 'Time entries, newest first (an advisor sees their own)', querystring: TimeEntryListQuery, response: { 200: TimeEntryList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => fastify.timeEntriesRepository.list(request.query, ownOnly(request.user)),
  )

  fastify.get(
    '/:id',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: { tags, summary: 'One time entry', params: IdParams, response: { 200: TimeEntry, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const entry = await fastify.timeEntriesRepository.findView(request.params.id, ownOnly(request.user))
      if (!entry) throw notFound('Time entry')
      return entry
    },
  )

  fastify.patch(
    '/:id',
    {
      config: { roles: ['advisor', 'coordinator'] },
      schema: { tags, summary: 'Change your own submitted entry', params: IdParams, body: TimeEntryPatch, response: { 200: TimeEntry, ...errorResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => fastify.timeEntriesService.update(request.user, request.params.id, request.body),
  )

  fastify.delete(
    '/:id',
    {
      config: { roles: ['advisor', 'coordinator'] },
      schema: { tags, summary: 'Withdraw your own submitted entry', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await fastify.timeEntriesService.remove(request.user, request.params.id)
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/:id/approve',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Approve a submitted entry (it is then locked)', params: IdParams, response: { 200: TimeEntry, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => (await fastify.timeEntriesService.approve(request.user, [request.params.id]))[0]!,
  )

  fastify.post(
    '/:id/reject',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Reject a submitted entry with a reason; its minutes go back to the grant', params: IdParams, body: RejectBody, response: { 200: TimeEntry, ...errorResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => (await fastify.timeEntriesService.reject(request.user, [request.params.id], request.body.reason))[0]!,
  )

  fastify.post(
    '/approve',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Approve several submitted entries at once (all or none)', body: BulkApproveBody, response: { 200: TimeEntryItems, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => ({ items: await fastify.timeEntriesService.approve(request.user, request.body.ids) }),
  )

  fastify.post(
    '/reject',
    {
      config: { roles: ['coordinator'] },
      schema: {
        tags,
        summary: 'Reject several submitted entries at once with one reason (all or none); their minutes go back to the grants',
        body: BulkRejectBody,
        response: { 200: TimeEntryItems, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => ({ items: await fastify.timeEntriesService.reject(request.user, request.body.ids, request.body.reason) }),
  )
}

export default timeEntries
