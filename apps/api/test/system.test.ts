import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import supertest from 'supertest'
import { buildTestApp, createUser, bearer, JWT_SECRET, TEST_PASSWORD, type TestApp } from './helper.ts'
import { BODY_LIMIT, buildServer } from '../src/build.ts'

let t: TestApp
/** `METHOD /path` of every API route, in OpenAPI's path syntax. */
const routes: string[] = []
beforeAll(async () => {
  t = await buildTestApp({
    onRoute: (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      const path = route.url.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '')
      if (!path.startsWith('/api/') || path.startsWith('/api/docs') || path === '/api/openapi.json') return
      for (const m of methods) if (m !== 'HEAD') routes.push(`${m} ${path}`)
    },
  })
})
afterAll(async () => t.close())

describe('GET /api/health', () => {
  it('answers ok when the database answers', async () => {
    const res = await t.api.get('/api/health').expect(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('answers 503 DATABASE_UNAVAILABLE when the database is gone', async () => {
    // Nothing listens on port 1: the pool connects lazily, so the app starts and health must say so.
    const broken = await buildServer({
      databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none',
      jwtSecret: JWT_SECRET,
      corsOrigins: [],
      webDist: '/nonexistent',
      secureCookies: false,
    })
    await broken.ready()
    const res = await supertest(broken.server).get('/api/health').expect(503)
    expect(res.body).toEqual({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database does not answer' })
    await broken.close()
  })
})

describe('HTTP basics', () => {
  it('sends security headers and no x-powered-by', async () => {
    const res = await t.api.get('/api/health')
    expect(res.headers['x-powered-by']).toBeUndefined()
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })

  it('lets no browser or proxy store an API answer: the login with its token, data, errors and 404s', async () => {
    const user = await createUser(t, 'coordinator')
    const answers = [
      await t.api.post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200),
      await t.api.post('/api/auth/login').send({ email: user.email, password: 'not-the-password' }).expect(401),
      await t.api.get('/api/groups').set(bearer(user)).expect(200),
      await t.api.get('/api/reference').set(bearer(user)).expect(200),
      await t.api.get('/api/groups').expect(401),
      await t.api.get('/api/users').set(bearer(user)).expect(200),
      await t.api.post('/api/groups').set(bearer(user)).send({}).expect(400),
      await t.api.get('/api/does-not-exist').expect(404),
      await t.api.get('/api/openapi.json').expect(200),
    ]
    expect(answers[0]!.body.accessToken).toEqual(expect.any(String))
    expect(answers.map((res) => res.headers['cache-control'])).toEqual(Array(answers.length).fill('no-store'))
  })

  it('keeps CORS closed when no origin is configured', async () => {
    const res = await t.api.options('/api/health').set('origin', 'https://evil.example').set('access-control-request-method', 'GET')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers unknown /api paths with 404 ROUTE_NOT_FOUND in the error format', async () => {
    const res = await t.api.get('/api/does-not-exist').expect(404)
    expect(res.body).toEqual({ statusCode: 404, code: 'ROUTE_NOT_FOUND', message: 'No route GET /api/does-not-exist' })
  })

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.api
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(BODY_LIMIT) }))
      .expect(413)
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('refuses malformed JSON with 400 MALFORMED_REQUEST', async () => {
    const res = await t.api.post('/api/auth/login').set('content-type', 'application/json').send('{"email":').expect(400)
    expect(res.body.code).toBe('MALFORMED_REQUEST')
  })

  it('refuses other media types with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.api.post('/api/auth/login').set('content-type', 'text/plain').send('hello').expect(415)
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('answers an unexpected error with 500 INTERNAL_ERROR and no internals', async () => {
    const user = await createUser(t, 'admin')
    // Break a query the route needs: the audit table is missing from this connection's search path.
    await t.sql.query('ALTER TABLE audit_log RENAME TO audit_log_moved')
    try {
      const res = await t.api.get('/api/audit').set(bearer(user)).expect(500)
      expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' })
    } finally {
      await t.sql.query('ALTER TABLE audit_log_moved RENAME TO audit_log')
    }
  })
})

describe('GET /api/openapi.json', () => {
  it('documents every API route as OpenAPI 3', async () => {
    const res = await t.api.get('/api/openapi.json').expect(200)
    expect(res.body.openapi).toBe('3.0.3')
    // Every route the app serves under /api (but the document itself and the docs UI) is in the document.
    const documented = new Set(Object.entries(res.body.paths).flatMap(([p, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${p}`)))
    expect(routes.length).toBeGreaterThan(15)
    for (const route of routes) expect(documented).toContain(route)
    expect(res.body.paths['/api/users'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'name', 'role', 'password'])
  })

  it('serves interactive docs at /api/docs', async () => {
    const res = await t.api.get('/api/docs/').expect(200)
    expect(res.text).toContain('swagger')
  })
})
