import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { isDatabaseError, safeDatabaseLog } from './database-errors.ts'

/*
 * What the logs may hold (ASVS 16.2.5, GDPR art. 5 (1c)): the route pattern, the method, ids, status codes
 * and timings. Never a query string (search terms are names: `?q=Hans Beispielmann`), a body, a header
 * (tokens, cookies), a path parameter that is not an id, or a database error's values and parameters.
 * The serializers apply to every logger the app gets, so a log line cannot opt out by forgetting them.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NUMBER = /^\d{1,10}$/

/** Path parameters that are ids (UUIDs) or small numbers (a year, a month); anything else is left out. */
function idParams(params: unknown): Record<string, string> | undefined {
  if (!params || typeof params !== 'object') return undefined
  const ids = Object.entries(params as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && (UUID.test(v) || NUMBER.test(v)))
  return ids.length > 0 ? (Object.fromEntries(ids) as Record<string, string>) : undefined
}

/** The route pattern (`/api/groups/:id`), or the path alone where no route matched (a 404 names no values). */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? '(no route)'
}

export type RequestLog = {
  method: string
  route: string
  params?: Record<string, string>
}

export function serializeRequest(request: FastifyRequest): RequestLog {
  const params = idParams(request.params)
  return { method: request.method, route: routeOf(request), ...(params ? { params } : {}) }
}

export type ResponseLog = {
  statusCode: number
  route?: string
  /** Who made the request, as an id: accountability without a name or an e-mail. */
  userId?: string
}

/** Fastify hands the reply here (typed loosely: its types allow a bare Node response too). */
export function serializeReply(reply: Pick<FastifyReply, 'statusCode'> & { request?: unknown }): ResponseLog {
  const request = reply.request as (FastifyRequest & { user?: { id?: unknown } }) | undefined
  const userId = request?.user && typeof request.user.id === 'string' ? request.user.id : undefined
  return { statusCode: reply.statusCode, ...(request ? { route: routeOf(request) } : {}), ...(userId ? { userId } : {}) }
}

export type ErrorLog = {
  type: string
  message: string
  code?: unknown
  statusCode?: unknown
  stack: string
  db?: ReturnType<typeof safeDatabaseLog>['db']
  query?: string
  cause?: ErrorLog
}

/** The stack's frames only: its first line repeats the message, which is what must not be logged. */
function framesOf(stack: unknown): string {
  return typeof stack === 'string' ? stack.split('\n').filter((line) => line.startsWith('    at ')).join('\n') : ''
}

/**
 * An error as it may be logged. Database errors keep only their safe facts (code, constraint, table, the
 * SQL text, see safeDatabaseLog): drizzle's message lists every parameter, pg's `detail` quotes row values.
 * No other property of any error is copied (`detail`, `params`, `body`, a validation's data), and the
 * stack keeps its frames without the message line.
 */
export function serializeError(err: unknown, depth = 0): ErrorLog {
  if (!err || typeof err !== 'object') return { type: typeof err, message: '', stack: '' }
  const e = err as { name?: unknown; message?: unknown; code?: unknown; statusCode?: unknown; stack?: unknown; cause?: unknown }
  const type = typeof e.name === 'string' ? e.name : (err.constructor?.name ?? 'Error')
  const stack = framesOf(e.stack)
  if (isDatabaseError(err)) {
    // The whole chain (drizzle's wrapper and pg's cause) is summed up once; its parts are not logged.
    const { db, query } = safeDatabaseLog(err)
    return { type, message: db.message ?? '', db, ...(query ? { query } : {}), stack }
  }
  const cause = e.cause !== undefined && depth < 3 ? serializeError(e.cause, depth + 1) : undefined
  return {
    type,
    message: typeof e.message === 'string' ? e.message : '',
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    stack,
    ...(cause ? { cause } : {}),
  }
}

export const logSerializers = { req: serializeRequest, res: serializeReply, err: serializeError, error: serializeError }

type LoggerOption = FastifyServerOptions['logger']

/**
 * The logger options as given, with our serializers in place of Fastify's defaults (which log `req.url`
 * with its query and the client's address and port). `false` stays off; a ready-made logger instance
 * cannot be changed here, so it must have been created with `logSerializers`.
 */
export function withPrivateSerializers(logger: LoggerOption): LoggerOption {
  if (!logger) return logger
  if (logger === true) return { serializers: logSerializers }
  return { ...logger, serializers: { ...(logger as { serializers?: object }).serializers, ...logSerializers } }
}
