import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  Consultation,
  ConsultationCreate,
  ConsultationList,
  Contact,
  ContactCreate,
  ContactList,
  ContactParams,
  ContactPatch,
  Group,
  GroupCreate,
  GroupList,
  GroupListQuery,
  GroupPatch,
  IdParams,
  StageChange,
  StageCounts,
  StageCountsQuery,
  StageHistory,
  StatusChange,
  StatusHistory,
  type Role,
} from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { scopeOf } from '../../../plugins/app/groups/group-scope.ts'

// Admins hold no case data; advisors read only the groups of their grants; the front desk opens cases.
const readers: Role[] = ['coordinator', 'frontdesk', 'advisor']
const openers: Role[] = ['coordinator', 'frontdesk']
const steerers: Role[] = ['coordinator']
const tags = ['groups']

const groups: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.groupsService

  fastify.get(
    '/',
    {
      config: { roles: readers },
      schema: { tags, summary: 'Groups, most recently updated first', querystring: GroupListQuery, response: { 200: GroupList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => fastify.groupsRepository.list(request.query, scopeOf(request.user)),
  )

  fastify.get(
    '/stage-counts',
    {
      config: { roles: readers },
      schema: { tags, summary: 'Number of groups per stage under the list filters', querystring: StageCountsQuery, response: { 200: StageCounts, ...errorResponses(400, 401, 403) } },
    },
    async (request) => fastify.groupsRepository.stageCounts(request.query, scopeOf(request.user)),
  )

  fastify.post(
    '/',
    {
      config: { roles: openers },
      schema: { tags, summary: 'Open a group case (starts in Stufe I)', body: GroupCreate, response: { 201: Group, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.code(201).send(await service.create(request.user, request.body)),
  )

  fastify.get(
    '/:id',
    {
      config: { roles: readers },
      schema: { tags, summary: 'One group', params: IdParams, response: { 200: Group, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.get(request.user, request.params.id),
  )

  fastify.patch(
    '/:id',
    {
      config: { roles: steerers },
      schema: { tags, summary: "Change a group's data", params: IdParams, body: GroupPatch, response: { 200: Group, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.update(request.user, request.params.id, request.body),
  )

  fastify.post(
    '/:id/stage',
    {
      config: { roles: steerers },
      schema: {
        tags,
        summary: 'Move the group on the advice ladder; skipping or going back needs a reason',
        params: IdParams,
        body: StageChange,
        response: { 200: Group, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.changeStage(request.user, request.params.id, request.body),
  )

  fastify.get(
    '/:id/stage-history',
    {
      config: { roles: readers },
      schema: { tags, summary: 'Every stage change, oldest first', params: IdParams, response: { 200: StageHistory, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.stageHistory(request.user, request.params.id),
  )

  fastify.post(
    '/:id/status',
    {
      config: { roles: steerers },
      schema: {
        tags,
        summary: 'Pause, close (with a reason) or reactivate a group',
        params: IdParams,
        body: StatusChange,
        response: { 200: Group, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.changeStatus(request.user, request.params.id, request.body),
  )

  fastify.get(
    '/:id/status-history',
    {
      config: { roles: readers },
      schema: { tags, summary: 'Every status change (paused, closed, reactivated) with its reason, oldest first', params: IdParams, response: { 200: StatusHistory, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.statusHistory(request.user, request.params.id),
  )

  fastify.get(
    '/:id/contacts',
    {
      config: { roles: readers },
      schema: { tags, summary: 'Contact persons, current ones first', params: IdParams, response: { 200: ContactList, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => ({ items: await service.listContacts(request.user, request.params.id) }),
  )

  fastify.post(
    '/:id/contacts',
    {
      config: { roles: openers },
      schema: { tags, summary: 'Add a contact person', params: IdParams, body: ContactCreate, response: { 201: Contact, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => reply.code(201).send(await service.addContact(request.user, request.params.id, request.body)),
  )

  fastify.patch(
    '/:id/contacts/:contactId',
    {
      config: { roles: steerers },
      schema: { tags, summary: 'Change a contact person', params: ContactParams, body: ContactPatch, response: { 200: Contact, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => service.updateContact(request.user, request.params.id, request.params.contactId, request.body),
  )

  fastify.delete(
    '/:id/contacts/:contactId',
    {
      config: { roles: steerers },
      schema: { tags, summary: 'Erase a contact person', params: ContactParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await service.removeContact(request.user, request.params.id, request.params.contactId)
      return reply.code(204).send(null)
    },
  )

  fastify.get(
    '/:id/consultations',
    {
      config: { roles: readers },
      schema: { tags, summary: 'Consultations, newest first', params: IdParams, response: { 200: ConsultationList, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => ({ items: await service.listConsultations(request.user, request.params.id) }),
  )

  fastify.post(
    '/:id/consultations',
    {
      config: { roles: openers },
      schema: {
        tags,
        summary: "Log a consultation; it keeps the group's stage at that moment",
        params: IdParams,
        body: ConsultationCreate,
        response: { 201: Consultation, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.addConsultation(request.user, request.params.id, request.body)),
  )
}

export default groups
