import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ConvertedGroup,
  GroupCreate,
  IdParams,
  Inquiry,
  InquiryClose,
  InquiryCreate,
  InquiryList,
  InquiryListQuery,
  InquiryPatch,
  type Role,
} from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

// First contact is the front desk's and the coordinators' work; admins and advisors hold no inquiries.
const staff: Role[] = ['frontdesk', 'coordinator']
const tags = ['inquiries']

const inquiries: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.inquiriesService

  fastify.get(
    '/',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Inquiries, most recently received first',
        querystring: InquiryListQuery,
        response: { 200: InquiryList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.list(request.user, request.query),
  )

  fastify.post(
    '/',
    {
      config: { roles: staff },
      schema: { tags, summary: 'Record an inquiry (anonymous is fine)', body: InquiryCreate, response: { 201: Inquiry, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.code(201).send(await service.create(request.user, request.body)),
  )

  fastify.get(
    '/:id',
    {
      config: { roles: staff },
      schema: { tags, summary: 'One inquiry', params: IdParams, response: { 200: Inquiry, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.get(request.user, request.params.id),
  )

  fastify.patch(
    '/:id',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Correct what was recorded; the status changes only by referral, close and convert',
        params: IdParams,
        body: InquiryPatch,
        response: { 200: Inquiry, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.update(request.user, request.params.id, request.body),
  )

  fastify.post(
    '/:id/close',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Close an open or referred inquiry, with a reason',
        params: IdParams,
        body: InquiryClose,
        response: { 200: Inquiry, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.close(request.user, request.params.id, request.body),
  )

  fastify.post(
    '/:id/convert',
    {
      config: { roles: staff },
      schema: {
        tags,
        summary: 'Open a group case (Stufe I) from the inquiry; a named inquirer becomes its first contact',
        params: IdParams,
        body: GroupCreate,
        response: { 201: ConvertedGroup, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.convert(request.user, request.params.id, request.body)),
  )
}

export default inquiries
