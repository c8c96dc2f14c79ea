import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

// The city's controlling staff read aggregated figures only (shared/DOMAIN.md): every route refuses the `city`
// role unless it is listed here. The routes come from Fastify's own route table, so a route added later is
// walked too and must either refuse the city or be added to this list on purpose.

/** What the city may call: its own account and session, its dashboard, the council report, reference lists. */
const CITY_ALLOWED: RegExp[] = [
  /^GET \/api\/me$/,
  /^GET \/api\/reference$/,
  /^GET \/api\/dashboard(\/.*)?$/,
  // The council report and its stored snapshots: reading only (the engineer of the report suppresses small cells).
  /^GET \/api\/reports\/council(\/.*)?$/,
  // Own sessions, password and second factor ("Mein Konto").
  /^GET \/api\/auth\/sessions$/,
  /^DELETE \/api\/auth\/sessions\/:id$/,
  /^POST \/api\/auth\/password$/,
  /^GET \/api\/auth\/mfa$/,
  /^POST \/api\/auth\/mfa\/(setup|confirm|disable)$/,
]

/** Open to anyone, signed in or not: they answer the city as they answer a stranger. */
const PUBLIC: RegExp[] = [
  /^GET \/api\/health$/,
  /^POST \/api\/auth\/(login|refresh|logout)$/,
  /^POST \/api\/auth\/mfa\/verify$/,
  /^GET \/api\/openapi\.json$/,
  /^GET \/api\/docs(\/.*)?$/,
  // CORS preflight: answers with headers only, never with data.
  /^OPTIONS \*$/,
]

interface Route {
  key: string
  method: string
  url: string
}

let t: TestApp
let city: TestUser
const routes: Route[] = []

beforeAll(async () => {
  t = await buildTestApp({
    onRoute: (route) => {
      for (const method of [route.method].flat()) {
        // HEAD is the GET handler answering without a body.
        if (method !== 'HEAD') routes.push({ key: `${method} ${route.url}`, method, url: route.url })
      }
    },
  })
  city = await createUser(t, 'city')
})
afterAll(() => t.close())

const matches = (list: RegExp[], key: string) => list.some((pattern) => pattern.test(key))
/** Every path parameter filled with an id that exists nowhere: the role check comes before any lookup. */
const concrete = (url: string) => url.replace(/:\w+/g, randomUUID()).replace(/\*$/, 'x')

describe('the city role against every route', () => {
  it('finds the whole route table', () => {
    expect(routes.length).toBeGreaterThan(60)
    expect(routes.map((r) => r.key)).toContain('GET /api/groups')
  })

  it('is refused with 403 FORBIDDEN by every route that is not on its list, writes included', async () => {
    const answered: string[] = []
    for (const route of routes) {
      if (matches(CITY_ALLOWED, route.key) || matches(PUBLIC, route.key)) continue
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'
      const res = await t.api[method](concrete(route.url)).set(bearer(city)).send(method === 'get' || method === 'delete' ? undefined : {})
      if (res.status !== 403 || res.body.code !== 'FORBIDDEN') answered.push(`${route.key} → ${res.status} ${res.body.code ?? ''}`)
    }
    expect(answered).toEqual([])
  })

  it('reads its own account, sessions, second factor and the reference lists', async () => {
    const me = await t.api.get('/api/me').set(bearer(city)).expect(200)
    expect(me.body).toEqual({ id: city.id, email: city.email, name: city.name, role: 'city' })
    await t.api.get('/api/auth/sessions').set(bearer(city)).expect(200)
    expect((await t.api.get('/api/auth/mfa').set(bearer(city)).expect(200)).body).toMatchObject({ enabled: false, required: false })
    await t.api.get('/api/reference').set(bearer(city)).expect(200)
  })

  it('lists no route as allowed or public that does not exist, except the council report built beside it', () => {
    const keys = routes.map((r) => r.key)
    const unused = [...CITY_ALLOWED, ...PUBLIC].filter((p) => !keys.some((k) => p.test(k))).map(String)
    expect(unused.filter((p) => !p.includes('reports') && !p.includes('dashboard'))).toEqual([])
  })
})

describe('accounts of the city role', () => {
  it.each(['admin', 'coordinator'] as const)('are created by a %s, audited, and sign in with the role city', async (role) => {
    const actor = await createUser(t, role)
    const body = { email: `stadt-${randomUUID().slice(0, 8)}@example.org`, name: 'Stadt Controlling', role: 'city', password: 'ein langes stadt passwort' }
    const res = await t.api.post('/api/users').set(bearer(actor)).send(body).expect(201)
    expect(res.body).toMatchObject({ email: body.email, role: 'city', active: true })
    const audit = await t.sql.query('SELECT action, actor_id FROM audit_log WHERE entity_id = $1', [res.body.id])
    expect(audit.rows).toEqual([{ action: 'user.create', actor_id: actor.id }])
    const login = await t.api.post('/api/auth/login').send({ email: body.email, password: body.password }).expect(200)
    expect(login.body.user.role).toBe('city')
  })

  it('lets a coordinator deactivate a city account and move it to another role it manages', async () => {
    const coordinator = await createUser(t, 'coordinator')
    const account = await createUser(t, 'city')
    await t.api.patch(`/api/users/${account.id}`).set(bearer(coordinator)).send({ active: false }).expect(200)
    // A deactivated account's token ends at once.
    await t.api.get('/api/me').set(bearer(account)).expect(401)
    const moved = await t.api.patch(`/api/users/${account.id}`).set(bearer(coordinator)).send({ role: 'frontdesk' }).expect(200)
    expect(moved.body.role).toBe('frontdesk')
  })

  it('refuses a city account creating accounts, with nothing created', async () => {
    const email = `x-${randomUUID().slice(0, 8)}@example.org`
    await t.api.post('/api/users').set(bearer(city)).send({ email, name: 'X', role: 'city', password: 'ein langes stadt passwort' }).expect(403)
    expect((await t.sql.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email])).rows[0].n).toBe(0)
  })
})
