import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ThrottleOptions } from './plugins/app/auth/login-throttle.ts'
import { AppError } from './errors.ts'
import { databaseErrorToAppError, isDatabaseError, safeDatabaseLog } from './lib/database-errors.ts'
import { refuseNulCharacters } from './lib/invalid-characters.ts'
import { isApiPath } from './lib/api-path.ts'
import closing from './plugins/external/closing.ts'
import db from './plugins/external/db.ts'
import security from './plugins/external/security.ts'
import jwt from './plugins/external/jwt.ts'
import swagger from './plugins/external/swagger.ts'
import spa from './plugins/external/spa.ts'
import jobQueue from './plugins/external/job-queue.ts'
import auditRepository from './plugins/app/audit/audit-repository.ts'
import auditSealer from './plugins/app/audit/audit-sealer.ts'
import usersRepository from './plugins/app/users/users-repository.ts'
import sessionsRepository from './plugins/app/auth/sessions-repository.ts'
import sessionListener, { type SessionListenerOptions } from './plugins/app/auth/session-listener.ts'
import authenticate from './plugins/app/auth/authenticate.ts'
import authService from './plugins/app/auth/auth-service.ts'
import usersService from './plugins/app/users/users-service.ts'
import groupsRepository from './plugins/app/groups/groups-repository.ts'
import contactsRepository from './plugins/app/groups/contacts-repository.ts'
import consultationsRepository from './plugins/app/groups/consultations-repository.ts'
import groupsService from './plugins/app/groups/groups-service.ts'
import fachberatung from './plugins/app/fachberatung/index.ts'
import frontdesk from './plugins/app/frontdesk/index.ts'
import privacyService from './plugins/app/privacy/privacy-service.ts'
import dashboard from './plugins/app/dashboard/index.ts'
import reports from './plugins/app/reports/index.ts'
import retentionJob from './plugins/app/privacy/retention-job.ts'
import api from './routes/api/index.ts'

export interface AppOptions {
  databaseUrl: string
  jwtSecret: string
  corsOrigins: string[]
  webDist: string
  secureCookies: boolean
  loginThrottle?: ThrottleOptions
  /** The per-request session check's cache and its listener; defaults in auth/session-cache.ts and session-listener.ts. */
  sessionCache?: SessionListenerOptions
  /** Workers and schedules (pg-boss); off when absent, as in most tests. */
  jobQueue?: { pollingIntervalSeconds?: number }
}

/** Maps Fastify's own errors (parsing, limits, validation) and the database's onto our codes; anything else is a 500. */
function toAppError(err: FastifyError): AppError | undefined {
  if (err instanceof AppError) return err
  if (err.validation) {
    const context = err.validationContext ?? 'body'
    return new AppError(
      'VALIDATION_FAILED',
      `The ${context} is not valid`,
      err.validation.map((v) => {
        const extra = (v.params as { additionalProperty?: string; missingProperty?: string }) ?? {}
        const field = extra.additionalProperty ?? extra.missingProperty
        return { path: `${v.instancePath}${field ? `/${field}` : ''}` || '', message: v.message ?? 'invalid' }
      }),
    )
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (application/json)')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_REQUEST', 'The request body is not valid JSON')
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && !err.code?.startsWith('FST_JWT'))) {
    return new AppError('MALFORMED_REQUEST', 'The request is malformed')
  }
  if (err.statusCode === 404) return new AppError('NOT_FOUND', 'Not found')
  return databaseErrorToAppError(err)
}

/** What to log about an error: database errors only as their safe facts (see safeDatabaseLog), with the route. */
function logFields(err: FastifyError, request: FastifyRequest) {
  const route = { method: request.method, route: request.routeOptions.url }
  return isDatabaseError(err) ? { ...route, ...safeDatabaseLog(err) } : { ...route, err }
}

/** The whole application as one plugin: external plugins, then app plugins, then routes. */
const app: FastifyPluginAsync<AppOptions> = async (fastify, opts) => {
  // Set before any route is registered: child contexts copy the handlers at registration.
  fastify.setErrorHandler(function (err: FastifyError, request, reply) {
    const known = toAppError(err)
    if (!known) {
      // Unexpected: detail to the log (but no query parameters), nothing internal to the caller.
      request.log.error(logFields(err, request), 'unhandled error')
      return reply.code(500).send({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' })
    }
    if (known.statusCode >= 500) request.log.error(logFields(err, request), known.message)
    // A constraint the database had to enforce means a service let something through: worth a look.
    else if (!(err instanceof AppError) && isDatabaseError(err)) request.log.warn(logFields(err, request), known.message)
    return reply.code(known.statusCode).headers(known.headers).send(known.toResponse())
  })

  // API answers carry tokens and personal data: no browser or proxy may keep them (ASVS 14.3). Set in
  // onSend, which also runs for errors and 404s; the SPA's files keep the caching spa.ts gives them, and
  // anything else without a policy of its own is not stored either.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (isApiPath(request.url) || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    done(null, payload)
  })

  // Before validation, so a NUL is named as such even where a pattern would also refuse it.
  fastify.addHook('preValidation', refuseNulCharacters)

  fastify.setNotFoundHandler(function (request, reply) {
    const url = request.url.split('?')[0] ?? ''
    if (!isApiPath(url) && (this as FastifyInstance).spaEnabled && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
    }
    return reply
      .code(404)
      .send({ statusCode: 404, code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${url}` })
  })

  await fastify.register(closing)
  await fastify.register(db, { databaseUrl: opts.databaseUrl })
  await fastify.register(security, { corsOrigins: opts.corsOrigins })
  await fastify.register(jwt, { secret: opts.jwtSecret })
  await fastify.register(swagger)
  await fastify.register(jobQueue, { databaseUrl: opts.databaseUrl, enabled: opts.jobQueue !== undefined, ...opts.jobQueue })

  await fastify.register(auditRepository)
  await fastify.register(auditSealer)
  await fastify.register(usersRepository)
  await fastify.register(sessionsRepository)
  await fastify.register(sessionListener, { databaseUrl: opts.databaseUrl, ...opts.sessionCache })
  await fastify.register(authenticate)
  await fastify.register(authService, { throttle: opts.loginThrottle })
  await fastify.register(usersService)
  await fastify.register(groupsRepository)
  await fastify.register(contactsRepository)
  await fastify.register(consultationsRepository)
  await fastify.register(groupsService)
  await fastify.register(fachberatung)
  await fastify.register(frontdesk)
  await fastify.register(privacyService)
  // The council report first: the city's dashboard is suppressed with its threshold k.
  await fastify.register(reports)
  await fastify.register(dashboard)
  await fastify.register(retentionJob)

  await fastify.register(api, { prefix: '/api', secureCookies: opts.secureCookies })
  await fastify.register(spa, { webDist: opts.webDist })
}

// Not encapsulated, so tests and server.ts reach the decorators (db, jwt, …) on the root instance.
export default fp(app, { name: 'wohnlotse' })
