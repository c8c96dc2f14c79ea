import http from 'node:http'
import type { Socket } from 'node:net'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, type RouteOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import app, { type AppOptions } from './app.ts'
import { AppError } from './errors.ts'
import { AccessLog } from './lib/access-log.ts'
import { withPrivateSerializers } from './lib/log-serializers.ts'
import { serializerCompiler, validatorCompiler } from './lib/validation.ts'
import { securityHeaders } from './plugins/external/security.ts'

/** Body limit: forms and JSON only; nothing in this API uploads files. */
export const BODY_LIMIT = 256 * 1024

/** Longest path parameter the router accepts (ids are 36 characters); longer ones answer 414 URI_TOO_LONG. */
export const MAX_PARAM_LENGTH = 100

/**
 * Errors that Node's HTTP parser reports before Fastify sees a request (431 for oversized headers, 400 for
 * a broken request line). Fastify's default answers in its own format without our security headers, so the
 * answer is written here, in the one error format, with the same headers helmet sets.
 */
function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket) {
  // A reset connection has nobody to answer to; a destroyed socket cannot be written.
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  this.log.debug({ code: err.code }, 'client error')
  if (socket.writable) {
    const error =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError('HEADERS_TOO_LARGE', 'The request headers are too large')
        : // Headers or body not complete within the timeouts (a slow or stalled client, or slowloris).
          err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new AppError('REQUEST_TIMEOUT', 'The request was not received in time')
          : new AppError('MALFORMED_REQUEST', 'The request is malformed')
    socket.write(rawResponse(error.statusCode, JSON.stringify(error.toResponse())))
  }
  socket.destroy()
}

/** An HTTP/1.1 response as text, for a socket the parser has given up on (so the connection closes). */
function rawResponse(status: number, body: string): string {
  const headers: Record<string, string> = {
    ...securityHeaders(),
    'cache-control': 'no-store',
    connection: 'close',
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  }
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  return `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${head}\r\n${body}`
}

/**
 * The router's own refusals (an overlong path parameter, a broken percent-encoding) happen before any hook,
 * so before helmet: the format and headers are set here.
 */
function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let error: AppError
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') error = new AppError('URI_TOO_LONG', 'A path segment is too long')
  else if (err.code === 'FST_ERR_BAD_URL') error = new AppError('MALFORMED_REQUEST', 'The URL is not valid')
  else {
    request.log.error({ err }, 'framework error')
    error = new AppError('INTERNAL_ERROR', 'An unexpected error occurred')
  }
  // No hook runs for these answers, so the app's no-store (see app.ts) is set here too.
  return reply.code(error.statusCode).headers({ ...securityHeaders(), 'cache-control': 'no-store' }).send(error.toResponse())
}

/**
 * How long a client may take to send its headers, and its whole request. Without a limit a client that
 * sends a byte now and then holds a connection for ever (slowloris); Fastify leaves it off by default.
 */
export const REQUEST_TIMEOUTS: ServerTimeouts = { headersTimeout: 30_000, requestTimeout: 60_000 }

export interface ServerTimeouts {
  headersTimeout: number
  requestTimeout: number
  /** How often Node checks for expired requests (default 30 s); tests shorten it. */
  connectionsCheckingInterval?: number
}

/** Creates the Fastify instance with the app plugin; `server.ts` listens, tests inject. */
export async function buildServer(
  opts: AppOptions,
  logger: FastifyServerOptions['logger'] = false,
  /** Sees every route as it is added (the tests check each one is documented). */
  onRoute?: (route: RouteOptions) => void,
  timeouts: ServerTimeouts = REQUEST_TIMEOUTS,
): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: withPrivateSerializers(logger),
    bodyLimit: BODY_LIMIT,
    requestTimeout: timeouts.requestTimeout,
    http: {
      headersTimeout: timeouts.headersTimeout,
      requestTimeout: timeouts.requestTimeout,
      ...(timeouts.connectionsCheckingInterval ? { connectionsCheckingInterval: timeouts.connectionsCheckingInterval } : {}),
    },
    // Behind a reverse proxy in production: the client address comes from X-Forwarded-For.
    trustProxy: process.env.TRUST_PROXY === 'true',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler,
    frameworkErrors,
    // One access line per request, through the private serializers (see lib/access-log.ts).
    logController: new AccessLog(),
  }).withTypeProvider<TypeBoxTypeProvider>()
  fastify.setValidatorCompiler(validatorCompiler)
  fastify.setSerializerCompiler(serializerCompiler)
  // The API speaks JSON only; text bodies get 415 instead of a confusing validation error.
  fastify.removeContentTypeParser('text/plain')
  if (onRoute) fastify.addHook('onRoute', onRoute)
  await fastify.register(app, opts)
  return fastify
}
