import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  Consent,
  ConsentCreate,
  ConsentList,
  ConsentParams,
  ConsentWithdraw,
  ErasureRequest,
  ErasureResult,
  ExportQuery,
  PersonExport,
  PersonList,
  PersonPrivacy,
  PersonRefParams,
  PersonSearchQuery,
  Restriction,
  RestrictionChange,
  type Role,
} from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { exportPdf } from '../../../plugins/app/privacy/export-pdf.ts'

const coordinator: Role[] = ['coordinator']
// The front desk takes inquiries and so records (and withdraws) consent at intake; it reads nothing else here.
const intake: Role[] = ['coordinator', 'frontdesk']
const tags = ['privacy']

const people: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.privacyService

  fastify.get(
    '/',
    {
      config: { roles: coordinator },
      schema: {
        tags,
        summary: 'Find a person by name, e-mail or phone across enquirers, contact persons and accounts',
        querystring: PersonSearchQuery,
        response: { 200: PersonList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await service.search(request.query.q) }),
  )

  fastify.get(
    '/:ref',
    {
      config: { roles: coordinator },
      schema: { tags, summary: 'One person: restriction and consents', params: PersonRefParams, response: { 200: PersonPrivacy, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => service.get(request.params.ref),
  )

  fastify.get(
    '/:ref/export',
    {
      config: { roles: coordinator },
      schema: {
        tags,
        summary: 'Everything stored about the person (Art. 15), as JSON or with ?format=pdf as a German PDF',
        params: PersonRefParams,
        querystring: ExportQuery,
        produces: ['application/json', 'application/pdf'],
        response: { 200: Type.Union([PersonExport, Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })]), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const data = await service.export(request.user, request.params.ref)
      if (request.query.format !== 'pdf') return data
      const pdf = await exportPdf(data)
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="auskunft-${request.params.ref.replace(':', '-')}.pdf"`)
        .send(pdf)
    },
  )

  fastify.post(
    '/:ref/erase',
    {
      config: { roles: coordinator },
      schema: {
        tags,
        summary: 'Erase the person (Art. 17): their personal fields everywhere; anonymous records stay',
        params: PersonRefParams,
        body: ErasureRequest,
        response: { 200: ErasureResult, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.erase(request.user, request.params.ref, request.body.reason),
  )

  fastify.put(
    '/:ref/restriction',
    {
      config: { roles: coordinator },
      schema: {
        tags,
        summary: 'Restrict processing (Art. 18) or lift the restriction: restricted people are hidden from everyone but coordinators',
        params: PersonRefParams,
        body: RestrictionChange,
        response: { 200: Restriction, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.setRestriction(request.user, request.params.ref, request.body),
  )

  fastify.get(
    '/:ref/consents',
    {
      config: { roles: intake },
      schema: { tags, summary: 'Consents of an enquirer or contact person, withdrawn ones included', params: PersonRefParams, response: { 200: ConsentList, ...errorResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => ({ items: await service.listConsents(request.params.ref) }),
  )

  fastify.post(
    '/:ref/consents',
    {
      config: { roles: intake },
      schema: {
        tags,
        summary: 'Record a consent with its purpose and date',
        params: PersonRefParams,
        body: ConsentCreate,
        response: { 201: Consent, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.addConsent(request.user, request.params.ref, request.body)),
  )

  fastify.post(
    '/:ref/consents/:id/withdraw',
    {
      config: { roles: intake },
      schema: {
        tags,
        summary: 'Record that a consent was withdrawn (it stays on record)',
        params: ConsentParams,
        body: ConsentWithdraw,
        response: { 200: Consent, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.withdrawConsent(request.user, request.params.ref, request.params.id, request.body),
  )
}

export default people
