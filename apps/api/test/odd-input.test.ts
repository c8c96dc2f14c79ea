import { randomUUID } from 'node:crypto'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@wohnlotse/shared'
import { bearer, buildTestApp, createUser, TEST_PASSWORD, type TestApp, type TestUser } from './helper.ts'
import type { FastifyInstance } from 'fastify'
import { buildServer, MAX_PARAM_LENGTH } from '../src/build.ts'

// Odd input must never reach PostgreSQL as a 500: a NUL in any text answers 400 INVALID_CHARACTERS, and what
// Node's parser and the router refuse answers in the one error format with the usual security headers.

interface Schema {
  type?: string
  properties?: Record<string, Schema>
}
interface ApiRoute {
  method: string
  url: string
  roles?: readonly Role[]
  body?: Record<string, Schema>
  query: string[]
  params: string[]
}

let t: TestApp
const users = {} as Record<Role, TestUser>
const routes: ApiRoute[] = []

beforeAll(async () => {
  t = await buildTestApp({
    onRoute: (route) => {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return
      const schema = (route.schema ?? {}) as { body?: Schema; querystring?: Schema; params?: Schema }
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue
        routes.push({
          method,
          url: route.url,
          roles: (route.config as { roles?: readonly Role[] } | undefined)?.roles,
          body: schema.body?.properties,
          query: Object.keys(schema.querystring?.properties ?? {}),
          params: [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
        })
      }
    },
  })
  for (const role of ['coordinator', 'admin', 'frontdesk', 'advisor'] as const) users[role] = await createUser(t, role)
})
afterAll(async () => t.close())

const NUL = 'a\u0000b'
const SAMPLE_PARAMS: Record<string, string> = { year: '2025', month: '2025-01' }

/** Someone the route lets in, so that the request gets past authorisation to the input checks. */
const callerFor = (route: ApiRoute) => users[(['coordinator', 'admin', 'frontdesk', 'advisor'] as const).find((r) => !route.roles || route.roles.includes(r))!]

function path(route: ApiRoute, nulIn?: string) {
  return route.url.replace(/:(\w+)/g, (_, name: string) => (name === nulIn ? encodeURIComponent(NUL) : (SAMPLE_PARAMS[name] ?? randomUUID())))
}

/** Each way to put a NUL into a request for `route`: every path parameter, query parameter and body field. */
function nulRequests(route: ApiRoute): { where: string; url: string; body?: unknown }[] {
  const requests: { where: string; url: string; body?: unknown }[] = []
  for (const param of route.params) requests.push({ where: `path ${param}`, url: path(route, param) })
  // Declared query parameters, and one the route does not know (the check runs before validation).
  for (const name of [...route.query, 'stray']) requests.push({ where: `query ${name}`, url: `${path(route)}?${name}=${encodeURIComponent(NUL)}` })
  if (route.body) {
    for (const [field, schema] of Object.entries(route.body)) {
      requests.push({ where: `body ${field}`, url: path(route), body: { [field]: NUL } })
      if (schema.type === 'array') requests.push({ where: `body ${field}[0]`, url: path(route), body: { [field]: [NUL] } })
      const inner = Object.keys(schema.properties ?? {})[0]
      if (inner) requests.push({ where: `body ${field}.${inner}`, url: path(route), body: { [field]: { [inner]: NUL } } })
    }
    requests.push({ where: 'body key', url: path(route), body: { [NUL]: 'x' } })
  }
  return requests
}

describe('a NUL character anywhere in a request', () => {
  it('answers 400 INVALID_CHARACTERS on every route, signed in, for every text field', async () => {
    expect(routes.length).toBeGreaterThan(50)
    const answers: { request: string; status: number; code: unknown }[] = []
    for (const route of routes) {
      const caller = callerFor(route)
      const results = await Promise.all(nulRequests(route).map(async ({ where, url, body }) => {
        const req = t.api[route.method.toLowerCase() as 'post'](url).set(bearer(caller))
        const res = await (body === undefined ? req : req.send(body as object))
        return { request: `${route.method} ${route.url} (${where})`, status: res.status, code: res.body.code }
      }))
      answers.push(...results)
    }
    expect(answers.length).toBeGreaterThan(200)
    expect(answers.filter((a) => a.status !== 400 || a.code !== 'INVALID_CHARACTERS')).toEqual([])
  }, 120_000)

  it('answers 400 INVALID_CHARACTERS on the anonymous login and names the field', async () => {
    const user = users.coordinator
    for (const body of [
      { email: user.email.replace('@', '\u0000@'), password: TEST_PASSWORD },
      { email: user.email, password: `${TEST_PASSWORD}\u0000` },
    ]) {
      const res = await t.api.post('/api/auth/login').send(body).expect(400)
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'INVALID_CHARACTERS',
        message: 'The body contains a NUL character',
        details: [{ path: body.email === user.email ? '/password' : '/email', message: 'must not contain NUL characters' }],
      })
    }
    // The NUL was refused before the login was tried: no failed attempt was counted against the account.
    await t.api.post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200)
  })

  it('finds a NUL deep inside nested arrays without running out of stack', async () => {
    const depth = 50_000
    const body = `{"name":${'['.repeat(depth)}"a\\u0000b"${']'.repeat(depth)}}`
    const res = await t.api.post('/api/groups').set(bearer(users.coordinator)).set('content-type', 'application/json').send(body).expect(400)
    expect(res.body.code).toBe('INVALID_CHARACTERS')
    expect(res.body.details[0].path).toBe(`/name${'/0'.repeat(depth)}`)
  })
})

/** Sends raw bytes to the listening app and reads the whole answer (the server closes the connection). */
async function rawRequest(text: string, app: FastifyInstance = t.app): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  if (!app.server.listening) await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve))
  const { port } = app.server.address() as AddressInfo
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text))
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (data += chunk))
    socket.on('end', () => resolve(data))
    // The server may close while we still write; what it answered before is what counts.
    socket.on('error', (err) => (data ? resolve(data) : reject(err)))
  })
  const [head = '', body = ''] = raw.split('\r\n\r\n')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined }
}

/** The security headers every answer carries (see plugins/external/security.ts). */
function expectSecurityHeaders(headers: Record<string, string | undefined>) {
  expect(headers['content-security-policy']).toContain("default-src 'self'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('no-referrer')
  expect(headers['cross-origin-resource-policy']).toBe('same-origin')
  expect(headers['x-frame-options']).toBe('SAMEORIGIN')
}

describe('requests refused before routing', () => {
  it('answers oversized headers with 431 HEADERS_TOO_LARGE in the error format, with security headers', async () => {
    const res = await rawRequest(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Filler: ${'x'.repeat(20_000)}\r\n\r\n`)
    expect(res.status).toBe(431)
    expect(res.body).toEqual({ statusCode: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' })
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    expectSecurityHeaders(res.headers)
  })

  it('answers a request not received in time with 408 REQUEST_TIMEOUT in the error format', async () => {
    // A second app with short timeouts: the real ones are 30 s for headers and 60 s for the request.
    const slow = await buildServer(
      { databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none', jwtSecret: 'x'.repeat(40), corsOrigins: [], webDist: '/nonexistent', secureCookies: false },
      false,
      undefined,
      { headersTimeout: 200, requestTimeout: 200, connectionsCheckingInterval: 50 },
    )
    try {
      await new Promise<void>((resolve) => slow.server.listen(0, '127.0.0.1', resolve))
      // The headers never end: a stalled (or slowloris) client.
      const res = await rawRequest('GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', slow)
      expect(res.status).toBe(408)
      expect(res.body).toEqual({ statusCode: 408, code: 'REQUEST_TIMEOUT', message: 'The request was not received in time' })
      expect(res.headers['cache-control']).toBe('no-store')
      expectSecurityHeaders(res.headers)
    } finally {
      await slow.close()
    }
  })

  it('answers a request line Node cannot parse with 400 MALFORMED_REQUEST in the error format', async () => {
    const res = await rawRequest('GET /api/health HTTP/1.1\r\nHost: localhost\r\nBad Header Name: x\r\n\r\n')
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ statusCode: 400, code: 'MALFORMED_REQUEST', message: 'The request is malformed' })
    expectSecurityHeaders(res.headers)
  })

  it('answers an overlong path parameter with 414 URI_TOO_LONG in the error format, with security headers', async () => {
    const res = await t.api.get(`/api/groups/${'a'.repeat(MAX_PARAM_LENGTH + 1)}`).set(bearer(users.coordinator)).expect(414)
    expect(res.body).toEqual({ statusCode: 414, code: 'URI_TOO_LONG', message: 'A path segment is too long' })
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expectSecurityHeaders(res.headers)
  })

  it('answers a broken percent-encoding in the path with 400 MALFORMED_REQUEST, with security headers', async () => {
    const res = await t.api.get('/api/groups/%E0%A4%A').set(bearer(users.coordinator)).expect(400)
    expect(res.body).toEqual({ statusCode: 400, code: 'MALFORMED_REQUEST', message: 'The URL is not valid' })
    expectSecurityHeaders(res.headers)
  })

  it('still answers a path parameter of the longest allowed length normally', async () => {
    const res = await t.api.get(`/api/groups/${'a'.repeat(MAX_PARAM_LENGTH)}`).set(bearer(users.coordinator)).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
  })
})
