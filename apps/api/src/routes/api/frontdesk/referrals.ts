import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, Referral, ReferralCreate, ReferralList, ReferralListQuery, ReferralOutcomeChange, ReferralPatch, type Role } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

const staff: Role[] = ['frontdesk', 'coordinator']
const tags = ['referrals']

const referrals: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.referralsService

  fastify.get(
    '/',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Referrals, newest first; due=true is the follow-up worklist, most overdue first',
        querystring: ReferralListQuery,
        response: { 200: ReferralList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.list(request.query),
  )

  fastify.post(
    '/',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Refer an inquiry or a group (exactly one) to an offer; follow-up in 14 days unless given',
        body: ReferralCreate,
        response: { 201: Referral, ...errorResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(request.user, request.body)),
  )

  fastify.get(
    '/:id',
    {
      config: { roles: staff },
      schema: { tags, summary: 'One referral', params: IdParams, response: { 200: Referral, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.get(request.params.id),
  )

  fastify.patch(
    '/:id',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Postpone the follow-up or correct reason and consent',
        params: IdParams,
        body: ReferralPatch,
        response: { 200: Referral, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.update(request.user, request.params.id, request.body),
  )

  fastify.post(
    '/:id/outcome',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Record what the follow-up found',
        params: IdParams,
        body: ReferralOutcomeChange,
        response: { 200: Referral, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.recordOutcome(request.user, request.params.id, request.body),
  )
}

export default referrals
