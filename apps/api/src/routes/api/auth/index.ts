import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import {
  IdParams,
  LoginBody,
  LoginResponse,
  LoginResult,
  MfaConfirmBody,
  MfaConfirmResult,
  MfaDisableBody,
  MfaPolicy,
  MfaSetup,
  MfaSetupBody,
  MfaStatus,
  MfaVerifyBody,
  PasswordChange,
  SessionList,
} from '@wohnlotse/shared'
import type { FastifyRequest } from 'fastify'
import { notFound } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { REFRESH_TTL_MS } from '../../../plugins/app/auth/sessions-repository.ts'
import type { Client, LoginOutcome, MfaActor, SessionGrant } from '../../../plugins/app/auth/auth-service.ts'

const client = (request: FastifyRequest): Client => ({ ip: request.ip, userAgent: request.headers['user-agent'] })

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
  const answerOutcome = (reply: FastifyReply, outcome: LoginOutcome) => ('refreshToken' in outcome ? answer(reply, outcome) : outcome)

  // The public second-step routes refuse an address over its limit before parsing or validating anything.
  const addressLimit = async (request: FastifyRequest) => fastify.authService.checkAddress(request.ip)

  /** Setup and confirm run signed in, or (forced setup at sign-in) with the ticket and no token. */
  const mfaActor = async (request: FastifyRequest, ticket: string | undefined): Promise<MfaActor> => {
    if (ticket) return { ticket }
    await fastify.authenticate(request)
    return { userId: request.user.id }
  }

  fastify.post(
    '/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        description:
          'Answers the session (access token, refresh cookie), or `{mfaRequired, ticket}` when the account uses two-factor login ' +
          '(continue with /auth/mfa/verify), or `{mfaSetupRequired, ticket}` when two-factor login is required for the role and not set up ' +
          '(continue with /auth/mfa/setup and /auth/mfa/confirm, passing the ticket). Failures are throttled per address, per account and address, ' +
          'and per account across unknown addresses.',
        security: [],
        body: LoginBody,
        response: { 200: LoginResult, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => answerOutcome(reply, await fastify.authService.login(request.body.email, request.body.password, client(request))),
  )

  fastify.post(
    '/mfa/verify',
    {
      config: { public: true },
      onRequest: addressLimit,
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step: a TOTP code or an unused recovery code for the ticket from /auth/login',
        security: [],
        body: MfaVerifyBody,
        response: { 200: LoginResponse, ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request, reply) => answer(reply, await fastify.authService.mfaVerify(request.body.ticket, request.body.code, client(request))),
  )

  fastify.post(
    '/mfa/setup',
    {
      // Public so a forced setup can run with the sign-in ticket; without a ticket a bearer token is required.
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up two-factor login: a new TOTP secret, its otpauth URL and QR code (signed in, or with a setup ticket)',
        body: MfaSetupBody,
        response: { 200: MfaSetup, ...errorResponses(400, 401, 409) },
      },
    },
    async (request) => fastify.authService.mfaSetup(await mfaActor(request, request.body.ticket)),
  )

  fastify.post(
    '/mfa/confirm',
    {
      config: { public: true },
      onRequest: addressLimit,
      schema: {
        tags: ['auth'],
        summary: 'Confirm the setup with a code from the app; answers 10 single-use recovery codes (shown once). With a setup ticket it also signs in.',
        body: MfaConfirmBody,
        response: { 200: MfaConfirmResult, ...errorResponses(400, 401, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { grant, ...result } = await fastify.authService.mfaConfirm(await mfaActor(request, request.body.ticket), request.body.code, client(request))
      if (grant) answer(reply, grant)
      return result
    },
  )

  fastify.get(
    '/mfa',
    {
      schema: { tags: ['auth'], summary: 'Whether your two-factor login is set up and required', response: { 200: MfaStatus, ...errorResponses(401) } },
    },
    async (request) => fastify.authService.mfaStatus(request.user.id, request.user.role),
  )

  fastify.post(
    '/mfa/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn off your own two-factor login (current password required); set it up again to change devices',
        body: MfaDisableBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      await fastify.authService.mfaDisable(request.user.id, request.body.password, client(request))
      return reply.code(204).send(null)
    },
  )

  fastify.get(
    '/mfa/policy',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['auth'], summary: 'Whether admins and coordinators must use two-factor login (admin)', response: { 200: MfaPolicy, ...errorResponses(401, 403) } },
    },
    async () => ({ requiredForStaff: await fastify.authService.mfaRequiredForStaff() }),
  )

  fastify.put(
    '/mfa/policy',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Require (or stop requiring) two-factor login for admins and coordinators (admin, audited)',
        body: MfaPolicy,
        response: { 200: MfaPolicy, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      await fastify.authService.setMfaRequiredForStaff(request.user.id, request.body.requiredForStaff)
      return { requiredForStaff: request.body.requiredForStaff }
    },
  )

  fastify.get(
    '/sessions',
    {
      schema: { tags: ['auth'], summary: 'Your signed-in devices, newest use first', response: { 200: SessionList, ...errorResponses(401) } },
    },
    async (request) => ({ items: await fastify.authService.sessions(request.user.id, request.user.sessionId) }),
  )

  fastify.delete(
    '/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out one of your devices: its refresh token and access token stop working at once',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      if (!(await fastify.authService.endSession(request.user.id, request.params.id))) throw notFound('Session')
      return reply.code(204).send(null)
    },
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
        return answer(reply, await fastify.authService.refresh(request.cookies[REFRESH_COOKIE], client(request)))
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
        response: { 204: Type.Null(), ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body
      await fastify.authService.changePassword(request.user.id, currentPassword, newPassword, request.cookies[REFRESH_COOKIE], client(request))
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: "End the session: the refresh cookie's, and the one a valid access token names (a script client without the cookie)",
        security: [],
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await fastify.authService.logout(request.cookies[REFRESH_COOKIE], fastify.tokenSession(request))
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
      return reply.code(204).send(null)
    },
  )
}

export default auth
