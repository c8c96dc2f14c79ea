import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { RouteOptions } from 'fastify'
import { ERROR_CODE_LIST, ERROR_CODES, ROLES, type ErrorCode, type Role } from '@wohnlotse/shared'
import { exampleFor } from '../../lib/openapi-examples.ts'

/*
 * The document is completed here, centrally, rather than in every route file: what the framework, the auth
 * hook and the database layer add to every operation (statuses, roles, examples) is true for all of them
 * and would drift if each route repeated it.
 */

type JsonObject = Record<string, unknown>
type Media = { schema?: JsonObject; example?: unknown; examples?: unknown }
type Response = { $ref?: string; description?: string; headers?: JsonObject; content?: Record<string, Media> }
type Operation = {
  operationId?: string
  parameters?: { in: string; name: string }[]
  requestBody?: { content?: Record<string, Media> }
  responses?: Record<string, Response>
  security?: unknown[]
  tags?: string[]
  'x-roles'?: readonly string[]
}
type OpenApi = {
  paths: Record<string, Record<string, Operation>>
  components: { schemas?: Record<string, JsonObject>; responses?: Record<string, Response> }
  tags?: { name: string; description: string }[]
}

/** Routes that count failed attempts and answer 429 TOO_MANY_ATTEMPTS (see plugins/app/auth/login-throttle.ts). */
const THROTTLED = new Set(['post /api/auth/login', 'post /api/auth/password', 'post /api/auth/mfa/verify'])

/** The most general code of a status, for the example of an error a route documents itself. */
const GENERAL_CODES: Partial<Record<number, [ErrorCode, string]>> = {
  400: ['VALIDATION_FAILED', 'The body is not valid'],
  401: ['UNAUTHENTICATED', 'Sign in first'],
  403: ['FORBIDDEN', 'This is not allowed for your account'],
  404: ['NOT_FOUND', 'Not found'],
  409: ['CONCURRENT_UPDATE', 'Someone else changed the same records at the same moment; try again'],
  422: ['RULE_VIOLATED', 'The change breaks a rule of the data'],
  429: ['TOO_MANY_ATTEMPTS', 'Too many failed attempts; try again later'],
  503: ['DATABASE_UNAVAILABLE', 'The database is not available; try again in a moment'],
}

function errorExample(status: number) {
  const [code, message] = GENERAL_CODES[status] ?? [
    (Object.keys(ERROR_CODES) as ErrorCode[]).find((c) => ERROR_CODES[c] === status) ?? 'INTERNAL_ERROR',
    'What went wrong, in a sentence',
  ]
  return { statusCode: status, code, message }
}

/** Statuses every operation of a kind can answer, whatever its handler does, as shared responses. */
const COMMON_RESPONSES: Record<string, { status: number; code: ErrorCode; description: string }> = {
  BadRequest: { status: 400, code: 'VALIDATION_FAILED', description: 'The request is not valid (VALIDATION_FAILED, MALFORMED_REQUEST, INVALID_CHARACTERS)' },
  Unauthenticated: { status: 401, code: 'UNAUTHENTICATED', description: 'No valid access token, or its session has ended' },
  Forbidden: { status: 403, code: 'FORBIDDEN', description: 'The role of the signed-in user may not call this operation' },
  RequestTimeout: { status: 408, code: 'REQUEST_TIMEOUT', description: 'The request was not received completely in time' },
  PayloadTooLarge: { status: 413, code: 'PAYLOAD_TOO_LARGE', description: 'The body is larger than 256 KiB' },
  UriTooLong: { status: 414, code: 'URI_TOO_LONG', description: 'A path segment is too long' },
  UnsupportedMediaType: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', description: 'The body is not JSON (application/json)' },
  TooManyAttempts: { status: 429, code: 'TOO_MANY_ATTEMPTS', description: 'Too many failed attempts; the Retry-After header says when to try again' },
  HeadersTooLarge: { status: 431, code: 'HEADERS_TOO_LARGE', description: 'The request headers are too large' },
  InternalError: { status: 500, code: 'INTERNAL_ERROR', description: 'An unexpected error; the details are in the server log only' },
  DatabaseUnavailable: { status: 503, code: 'DATABASE_UNAVAILABLE', description: 'The database is not available; the Retry-After header says when to try again' },
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: 'Sign-in, tokens, two-factor login, own sessions and password',
  users: 'Accounts and roles',
  audit: 'The append-only audit trail',
  reference: 'Fixed lists with German and English labels',
  system: 'Health of the service',
  groups: 'Housing-project groups, their stages, contacts and consultations',
  fachberatung: 'Framework contracts, the advisor budget, hour grants, time entries and statements',
  inquiries: 'Front-desk enquiries',
  offers: 'Existing offers the front desk refers to',
  referrals: 'Referrals of enquiries to offers (Verweisberatung)',
  dashboard: "Each role's Start page figures and the navigation counters",
}

/** `GET /api/groups/:id/contacts` → `getGroupsByIdContacts`: unique per method and path, stable, URL-safe. */
export function operationIdFor(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('')
}

type RouteConfig = { public?: boolean; roles?: readonly Role[] }

/** Per route: its operationId, and who may call it, in words and as `x-roles`. */
function transform({ schema, url, route }: { schema: unknown; url: string; route: RouteOptions }) {
  const s = (schema ?? {}) as JsonObject & { hide?: boolean; description?: string; operationId?: string }
  if (s.hide) return { schema: s, url }
  const config = (route.config ?? {}) as RouteConfig
  const method = [route.method].flat()[0] ?? 'GET'
  const roles = config.public ? [] : (config.roles ?? ROLES)
  const access = config.public
    ? 'Access: public, no sign-in needed.'
    : config.roles
      ? `Access: signed in with the role ${config.roles.join(', ')}.`
      : 'Access: any signed-in user (every role).'
  return {
    url,
    schema: {
      ...s,
      operationId: s.operationId ?? operationIdFor(method, url),
      description: s.description ? `${s.description}\n\n${access}` : access,
      'x-roles': roles,
      ...(config.public ? { security: [] } : {}),
    },
  }
}

/** The statuses the framework, the auth hook and the database add to an operation. */
function addCommonResponses(key: string, op: Operation) {
  const responses = (op.responses ??= {})
  const ref = (name: string) => ({ $ref: `#/components/responses/${name}` })
  const add = (name: string) => {
    const status = String(COMMON_RESPONSES[name]!.status)
    // A status the route documents itself keeps the route's own description.
    if (!responses[status]) responses[status] = ref(name)
  }
  const isPublic = Array.isArray(op.security) && op.security.length === 0
  // Every operation: validation and malformed requests, requests too slow or with oversized headers, an unexpected
  // error, and the database, which every request needs (the session is checked on each one).
  for (const name of ['BadRequest', 'RequestTimeout', 'HeadersTooLarge', 'InternalError', 'DatabaseUnavailable']) add(name)
  if (!isPublic) add('Unauthenticated')
  if (!isPublic && (op['x-roles']?.length ?? 0) < ROLES.length) add('Forbidden')
  if (op.requestBody) for (const name of ['PayloadTooLarge', 'UnsupportedMediaType']) add(name)
  if (op.parameters?.some((p) => p.in === 'path')) add('UriTooLong')
  if (THROTTLED.has(key)) add('TooManyAttempts')
}

/** Fills in a request example and an example for every response with content, generated from the schemas. */
function addExamples(op: Operation, resolve: (ref: string) => JsonObject | undefined) {
  const fill = (content: Record<string, Media> | undefined, status?: number) => {
    for (const media of Object.values(content ?? {})) {
      if (media.example !== undefined || media.examples !== undefined || !media.schema) continue
      // An error example names a code that belongs to its status.
      media.example = status && status >= 400 && isErrorSchema(media.schema) ? errorExample(status) : exampleFor(media.schema, resolve)
    }
  }
  fill(op.requestBody?.content)
  for (const [status, response] of Object.entries(op.responses ?? {})) if (!response.$ref) fill(response.content, Number(status))
}

/** The one error format, as @fastify/swagger inlines it (or refers to it) in each response. */
function isErrorSchema(schema: JsonObject): boolean {
  if (schema.$ref === ERROR_SCHEMA_REF) return true
  const code = (schema.properties as Record<string, { enum?: unknown[] }> | undefined)?.code
  return !!code?.enum && code.enum.length === ERROR_CODE_LIST.length && code.enum.every((c, i) => c === ERROR_CODE_LIST[i])
}

const ERROR_SCHEMA_REF = '#/components/schemas/ErrorResponse'

/**
 * Replaces each inlined copy of the error format with a reference to one component: the document shrinks
 * by the 60-odd codes in every error response, and readers see one format.
 */
function shareErrorSchema(doc: OpenApi) {
  let shared: JsonObject | undefined
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) {
      for (const response of Object.values(op.responses ?? {})) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.schema && media.schema.$ref !== ERROR_SCHEMA_REF && isErrorSchema(media.schema)) {
            shared ??= media.schema
            media.schema = { $ref: ERROR_SCHEMA_REF }
          }
        }
      }
    }
  }
  if (shared) (doc.components.schemas ??= {}).ErrorResponse = { ...shared, description: 'The one error format of the API' }
}

/** Completes the generated document: servers, shared responses, per-operation statuses and examples, tag texts. */
function transformObject(generated: object) {
  const doc = (generated as { openapiObject: OpenApi }).openapiObject
  shareErrorSchema(doc)
  const schemas = doc.components.schemas ?? {}
  const resolve = (ref: string) => schemas[ref.replace('#/components/schemas/', '')]
  const errorRef = { $ref: ERROR_SCHEMA_REF }
  doc.components.responses = Object.fromEntries(
    Object.entries(COMMON_RESPONSES).map(([name, r]) => [
      name,
      {
        description: r.description,
        // 429 and 503 say when to try again (login-throttle.ts, database-errors.ts).
        ...(r.status === 429 || r.status === 503
          ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } } }
          : {}),
        content: { 'application/json': { schema: errorRef, example: { statusCode: r.status, code: r.code, message: r.description } } },
      },
    ]),
  )
  const tags = new Set<string>()
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      addCommonResponses(`${method} ${path}`, op)
      addExamples(op, resolve)
      for (const tag of op.tags ?? []) tags.add(tag)
    }
  }
  doc.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }))
  // Shared responses no operation needed (every route documents that status itself) are left out.
  const used = JSON.stringify(doc.paths)
  for (const name of Object.keys(doc.components.responses)) if (!used.includes(`"#/components/responses/${name}"`)) delete doc.components.responses[name]
  return doc as never
}

/** OpenAPI 3 document generated from the routes' TypeBox contracts, and interactive docs. */
export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Wohnlotse API',
          description:
            'Case management for the Koordinationsstelle Gemeinschaftliches Wohnen Dresden. Every error answers in one format ' +
            '(`statusCode`, `code`, `message`, optional `details`); no answer may be stored by a browser or proxy (`Cache-Control: no-store`).',
          version: '0.1.0',
        },
        // The API is served by the same process and origin as the SPA; the origin is that of the installation.
        servers: [
          {
            url: '{origin}',
            description: 'This Wohnlotse installation (API and SPA share one origin)',
            variables: { origin: { default: 'http://localhost:3000', description: 'Scheme, host and port of the installation' } },
          },
        ],
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ bearer: [] }],
      },
      transform,
      transformObject,
    })
    await fastify.register(swaggerUi, {
      routePrefix: '/api/docs',
      // Swagger UI sets inline style attributes; allow those (not scripts) on the docs pages only.
      staticCSP:
        "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'",
    })
    fastify.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => fastify.swagger())
  },
  { name: 'swagger' },
)
