import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, PasswordReset, User, UserCreate, UserList, UserListQuery, UserPatch, type Role } from '@wohnlotse/shared'
import { notFound } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { toUser } from '../../../plugins/app/users/users-repository.ts'

const managers: Role[] = ['admin', 'coordinator']

const users: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      config: { roles: managers },
      schema: { tags: ['users'], summary: 'List accounts by name', querystring: UserListQuery, response: { 200: UserList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => fastify.usersRepository.list(request.query),
  )

  fastify.get(
    '/:id',
    {
      config: { roles: managers },
      schema: { tags: ['users'], summary: 'One account', params: IdParams, response: { 200: User, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const row = await fastify.usersRepository.findById(request.params.id)
      if (!row) throw notFound('User')
      return toUser(row)
    },
  )

  fastify.post(
    '/',
    {
      config: { roles: managers },
      schema: { tags: ['users'], summary: 'Create an account', body: UserCreate, response: { 201: User, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => reply.code(201).send(await fastify.usersService.create(request.user, request.body)),
  )

  fastify.patch(
    '/:id',
    {
      config: { roles: managers },
      schema: {
        tags: ['users'],
        summary: 'Rename, change the role of, or (de)activate an account',
        params: IdParams,
        body: UserPatch,
        response: { 200: User, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => fastify.usersService.update(request.user, request.params.id, request.body),
  )

  fastify.post(
    '/:id/mfa/reset',
    {
      // Admins only: a coordinator resetting a colleague's second factor would weaken exactly the accounts it protects.
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Remove the second factor of someone who lost it (admin, audited); their sessions end and the next sign-in sets up a new one',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await fastify.usersService.resetMfa(request.user, request.params.id)
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/:id/password',
    {
      config: { roles: managers },
      schema: {
        tags: ['users'],
        summary: 'Set a new initial password for someone who lost theirs; their sessions end',
        params: IdParams,
        body: PasswordReset,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await fastify.usersService.resetPassword(request.user, request.params.id, request.body.password)
      return reply.code(204).send(null)
    },
  )
}

export default users
