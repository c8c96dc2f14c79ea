import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import supertest from 'supertest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../src/build.ts'
import { REFRESH_COOKIE } from '../src/routes/api/auth/index.ts'
import { bearer, buildTestApp, createUser, JWT_SECRET, TEST_PASSWORD, type TestApp, type TestUser } from './helper.ts'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'

// The app under test reaches this file's database only through a proxy the tests can break; `t` keeps a
// direct connection for setting up data.
let t: TestApp
let proxy: TcpProxy
let app: FastifyInstance
let api: ReturnType<typeof supertest>
let coordinator: TestUser
/** Set by a test: the database freezes the moment a request reaches its handler (signed in, mid-request). */
let freezeInHandler = false
/** Every API route as [method, url with sample parameters]. */
const routes: [string, string][] = []

const SAMPLE: Record<string, string> = { year: '2025', month: '2025-01' }

beforeAll(async () => {
  t = await buildTestApp()
  coordinator = await createUser(t, 'coordinator')
  proxy = await startTcpProxy(t.app.pool.options.connectionString!)
  app = await buildServer({ databaseUrl: proxy.url, jwtSecret: JWT_SECRET, corsOrigins: [], webDist: '/nonexistent', secureCookies: false }, false, (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.url === '/api/openapi.json') return
    const url = route.url.replace(/:(\w+)/g, (_, name: string) => SAMPLE[name] ?? randomUUID())
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push([method, url])
  })
  app.addHook('preHandler', async () => {
    if (freezeInHandler) proxy.freeze()
  })
  await app.ready()
  api = supertest(app.server)
})
afterAll(async () => {
  await app?.close()
  await proxy?.close()
  await t?.close()
})

/**
 * Sends a request that needs the database on `route`: signed in, or for the public routes with what makes
 * them look the caller up (credentials, a refresh cookie).
 */
function call([method, url]: [string, string]) {
  const req = api[method.toLowerCase() as 'get'](url).set(bearer(coordinator)).set('cookie', `${REFRESH_COOKIE}=${randomUUID()}`)
  if (url === '/api/auth/login') return req.send({ email: coordinator.email, password: TEST_PASSWORD })
  return method === 'GET' || method === 'DELETE' ? req : req.send({})
}

/** Every route at once: each must answer 503 DATABASE_UNAVAILABLE (the test's timeout bounds the wait). */
async function expectEveryRouteUnavailable() {
  expect(routes.length).toBeGreaterThan(50)
  const answers = await Promise.all(routes.map(async (route) => {
    const res = await call(route)
    return { route: route.join(' '), status: res.status, code: res.body.code }
  }))
  const unexpected = answers.filter((a) => a.status !== 503 || a.code !== 'DATABASE_UNAVAILABLE')
  expect(unexpected).toEqual([])
}

/** Healthy again: reads and transactions, more at once than the pool has connections. */
async function expectRecovered() {
  await proxy.resume()
  const reads = await Promise.all(Array.from({ length: 15 }, () => api.get('/api/groups').set(bearer(coordinator))))
  expect(reads.map((r) => r.status)).toEqual(Array(15).fill(200))
  const writes = await Promise.all(Array.from({ length: 12 }, (_, i) => api.post('/api/groups').set(bearer(coordinator)).send({ name: `Nach dem Ausfall ${randomUUID().slice(0, 6)} ${i}` })))
  expect(writes.map((r) => r.status)).toEqual(Array(12).fill(201))
  await api.get('/api/health').expect(200)
  // No connection stays checked out once every request has finished: a leaked one is gone for good. The audit
  // sealer borrows one every 500 ms for a moment (it has these writes to seal), so wait for it to give it back.
  await expect
    .poll(() => ({ total: app.pool.totalCount, idle: app.pool.idleCount, waiting: app.pool.waitingCount }), { timeout: 10_000, interval: 50 })
    .toEqual({ total: app.pool.totalCount, idle: app.pool.totalCount, waiting: 0 })
}

/** Opens several pooled connections, so that the failure hits connections in use as well as new ones. */
async function warmUp() {
  const res = await Promise.all(Array.from({ length: 6 }, () => api.post('/api/groups').set(bearer(coordinator)).send({ name: `Vorher ${randomUUID().slice(0, 8)}` })))
  expect(res.map((r) => r.status)).toEqual(Array(6).fill(201))
}

describe('while the database is away', () => {
  it('answers every route with 503 DATABASE_UNAVAILABLE when connections are refused, and recovers', async () => {
    await warmUp()
    await proxy.refuse()
    await expectEveryRouteUnavailable()
    const res = await api.get('/api/groups').set(bearer(coordinator)).expect(503)
    expect(res.body).toEqual({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not available; try again in a moment' })
    expect(res.headers['retry-after']).toBe('5')
    await expectRecovered()
  }, 120_000)

  it('answers 503 when open connections are dropped mid-way, and recovers', async () => {
    await warmUp()
    // Requests in flight when the connections break, then requests on the now-dead pool.
    const inFlight = Promise.all(Array.from({ length: 8 }, () => api.post('/api/groups').set(bearer(coordinator)).send({ name: `Abbruch ${randomUUID().slice(0, 8)}` })))
    proxy.drop()
    const statuses = (await inFlight).map((r) => r.status)
    // A request may have finished before the drop; none may fail any other way.
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([])
    await proxy.refuse()
    await expectEveryRouteUnavailable()
    await expectRecovered()
  }, 120_000)

  it('answers 503 within the timeouts when the database freezes (no byte moves), and recovers', async () => {
    await warmUp()
    proxy.freeze()
    // The session check is answered from memory for a few seconds after the warm-up (auth/session-cache.ts), so a
    // request could fail validation before it needs the database; the cache's LISTEN connection notices the
    // frozen database by its ping (within ping interval + query timeout) and from then on every request asks it.
    await vi.waitFor(() => expect(app.sessionCache.live).toBe(false), { timeout: 30_000, interval: 100 })
    await expectEveryRouteUnavailable()
    // Transactions on frozen connections, more than the pool holds, must not use up the pool for good.
    const writes = await Promise.all(Array.from({ length: 12 }, () => api.post('/api/groups').set(bearer(coordinator)).send({ name: `Eingefroren ${randomUUID().slice(0, 8)}` })))
    expect(writes.map((r) => r.status)).toEqual(Array(12).fill(503))
    await expectRecovered()
  }, 180_000)

  it('answers 503 when the database freezes in the middle of requests (after sign-in), and recovers', async () => {
    await warmUp()
    freezeInHandler = true
    try {
      const writes = await Promise.all(Array.from({ length: 12 }, () => api.post('/api/groups').set(bearer(coordinator)).send({ name: `Mittendrin ${randomUUID().slice(0, 8)}` })))
      expect(writes.map((r) => [r.status, r.body.code])).toEqual(Array(12).fill([503, 'DATABASE_UNAVAILABLE']))
    } finally {
      freezeInHandler = false
    }
    await expectRecovered()
  }, 180_000)
})
