import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import { LoginBody, LoginResponse, PasswordChange } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { REFRESH_TTL_MS } from '../../../plugins/app/auth/sessions-repository.ts'
import type { SessionGrant } from '../../../plugins/app/auth/auth-service.ts'

export const REFRESH_COOKIE = 'wohnlotse_refresh'
// Only the auth routes ever receive the refresh cookie.
const COOKIE_PATH = '/api/auth'

const auth: FastifyPluginAsyncTypebox<{ secureCookies: boolean }> = async (fastify, opts) => {
  const answer = (reply: FastifyReply, grant: SessionGrant) => {
    reply.setCookie(REFRESH_COOKIE, grant.refreshToken, {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.secureCookies,
      maxAge: Math.floor(REFRESH_TTL_MS / 1000),
    })
    return { accessToken: grant.accessToken, user: grant.user }
  }

  fastify.post(
    '/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        security: [],
        body: LoginBody,
        response: { 200: LoginResponse, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => answer(reply, await fastify.authService.login(request.body.email, request.body.password, request.ip)),
  )

  fastify.post(
    '/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)',
        security: [],
        response: { 200: LoginResponse, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      try {
        return answer(reply, await fastify.authService.refresh(request.cookies[REFRESH_COOKIE]))
      } catch (err) {
        reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
        throw err
      }
    },
  )

  fastify.post(
    '/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; your other sessions end',
        body: PasswordChange,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body
      await fastify.authService.changePassword(request.user.id, currentPassword, newPassword, request.cookies[REFRESH_COOKIE])
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/logout',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'End the session: the refresh token is revoked', security: [], response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await fastify.authService.logout(request.cookies[REFRESH_COOKIE])
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
      return reply.code(204).send(null)
    },
  )
}

export default auth
