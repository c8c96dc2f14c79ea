import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, Offer, OfferCreate, OfferList, OfferListQuery, OfferPatch, type Role } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

// The front desk refers to offers; coordinators and admins keep the catalogue. Advisors have no part in it.
const readers: Role[] = ['frontdesk', 'coordinator', 'admin']
const keepers: Role[] = ['coordinator', 'admin']
const tags = ['offers']

const offers: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.offersService

  fastify.get(
    '/',
    {
      config: { roles: readers },
      schema: {
        tags,
        summary: 'Active offers by name; ranked with a matchScore when topics, target groups or a language are given',
        querystring: OfferListQuery,
        response: { 200: OfferList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.list(request.user, request.query),
  )

  fastify.post(
    '/',
    {
      config: { roles: keepers },
      schema: { tags, summary: 'Add an offer', body: OfferCreate, response: { 201: Offer, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => reply.code(201).send(await service.create(request.user, request.body)),
  )

  fastify.get(
    '/:id',
    {
      config: { roles: readers },
      schema: { tags, summary: 'One offer, active or not', params: IdParams, response: { 200: Offer, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.get(request.params.id),
  )

  fastify.patch(
    '/:id',
    {
      config: { roles: keepers },
      schema: {
        tags,
        summary: "Change an offer's data, or switch it off (active: false)",
        params: IdParams,
        body: OfferPatch,
        response: { 200: Offer, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.update(request.user, request.params.id, request.body),
  )
}

export default offers
