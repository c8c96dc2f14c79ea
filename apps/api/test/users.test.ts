import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@wohnlotse/shared'
import { auditRows, bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

let t: TestApp
let admin: TestUser
let coordinator: TestUser
let frontdesk: TestUser
let advisor: TestUser
beforeAll(async () => {
  t = await buildTestApp()
  admin = await createUser(t, 'admin', { name: 'Aa Admin' })
  coordinator = await createUser(t, 'coordinator', { name: 'Bb Coordinator' })
  frontdesk = await createUser(t, 'frontdesk', { name: 'Cc Frontdesk' })
  advisor = await createUser(t, 'advisor', { name: 'Dd Advisor' })
})
afterAll(async () => t.close())

let n = 0
const newUser = (role: Role) => ({ email: `new-${++n}@example.org`, name: `Neue Person ${n}`, role, password: 'a-long-passphrase' })

describe('access to the user endpoints per role', () => {
  it.each([
    ['admin', 200],
    ['coordinator', 200],
    ['frontdesk', 403],
    ['advisor', 403],
  ] as const)('GET /api/users as %s answers %i', async (role, status) => {
    const who = { admin, coordinator, frontdesk, advisor }[role]
    const res = await t.api.get('/api/users').set(bearer(who)).expect(status)
    if (status === 403) expect(res.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'Your role may not do this' })
  })

  it.each(['frontdesk', 'advisor'] as const)('POST and PATCH /api/users as %s answer 403 and change nothing', async (role) => {
    const who = role === 'frontdesk' ? frontdesk : advisor
    const body = newUser('advisor')
    await t.api.post('/api/users').set(bearer(who)).send(body).expect(403)
    await t.api.patch(`/api/users/${advisor.id}`).set(bearer(who)).send({ name: 'Hijacked' }).expect(403)
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email])
    expect(rows[0].n).toBe(0)
    const me = await t.sql.query('SELECT name FROM users WHERE id = $1', [advisor.id])
    expect(me.rows[0].name).toBe('Dd Advisor')
  })

  it('answers anonymous callers 401', async () => {
    await t.api.get('/api/users').expect(401)
    await t.api.post('/api/users').send(newUser('advisor')).expect(401)
  })
})

describe('POST /api/users', () => {
  it('lets an admin create any role, with the e-mail lower-cased and no password in the answer', async () => {
    const body = { ...newUser('coordinator'), email: 'Neue.Koordination@Example.org' }
    const res = await t.api.post('/api/users').set(bearer(admin)).send(body).expect(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: 'neue.koordination@example.org',
      name: body.name,
      role: 'coordinator',
      active: true,
      mfaEnabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const login = await t.api.post('/api/auth/login').send({ email: 'neue.koordination@example.org', password: body.password }).expect(200)
    expect(login.body.user.role).toBe('coordinator')
    const stored = await t.sql.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id])
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/)
  })

  it('lets a coordinator create front-desk and advisor accounts', async () => {
    await t.api.post('/api/users').set(bearer(coordinator)).send(newUser('frontdesk')).expect(201)
    await t.api.post('/api/users').set(bearer(coordinator)).send(newUser('advisor')).expect(201)
  })

  it.each(['admin', 'coordinator'] as const)('refuses a coordinator creating a %s with 403 ROLE_NOT_ALLOWED', async (role) => {
    const body = newUser(role)
    const res = await t.api.post('/api/users').set(bearer(coordinator)).send(body).expect(403)
    expect(res.body.code).toBe('ROLE_NOT_ALLOWED')
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email])
    expect(rows[0].n).toBe(0)
  })

  it('answers 409 EMAIL_TAKEN for an existing e-mail in any letter case', async () => {
    const body = newUser('advisor')
    await t.api.post('/api/users').set(bearer(admin)).send(body).expect(201)
    const res = await t.api.post('/api/users').set(bearer(admin)).send({ ...body, email: body.email.toUpperCase() }).expect(409)
    expect(res.body).toEqual({ statusCode: 409, code: 'EMAIL_TAKEN', message: 'An account with this e-mail exists already' })
  })

  it.each([
    ['a malformed e-mail', { email: 'not-an-email' }, '/email', 'must match format "email"'],
    ['an unknown role', { role: 'superuser' }, '/role', 'must be equal to one of the allowed values'],
    ['a short password', { password: 'short' }, '/password', 'must NOT have fewer than 12 characters'],
    ['an empty name', { name: '' }, '/name', 'must NOT have fewer than 1 characters'],
    ['a number as text', { name: 5 }, '/name', 'must be string'],
    ['an unknown field', { isAdmin: true }, '/isAdmin', 'must NOT have additional properties'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_label, change, path, message) => {
    const body = { ...newUser('advisor'), ...change }
    const res = await t.api.post('/api/users').set(bearer(admin)).send(body).expect(400)
    expect(res.body).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'The body is not valid', details: [{ path, message }] })
  })

  it('refuses a missing field with 400 and names it', async () => {
    const { password: _omit, ...body } = newUser('advisor')
    const res = await t.api.post('/api/users').set(bearer(admin)).send(body).expect(400)
    expect(res.body.details).toEqual([{ path: '/password', message: "must have required property 'password'" }])
  })
})

describe('PATCH /api/users/:id', () => {
  it('renames, changes the role and deactivates, answering the new state', async () => {
    const created = (await t.api.post('/api/users').set(bearer(admin)).send(newUser('advisor')).expect(201)).body
    const res = await t.api.patch(`/api/users/${created.id}`).set(bearer(admin)).send({ name: 'Umbenannt', role: 'frontdesk', active: false }).expect(200)
    expect(res.body).toMatchObject({ id: created.id, name: 'Umbenannt', role: 'frontdesk', active: false })
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt))
  })

  it('refuses a coordinator promoting someone to admin or coordinator', async () => {
    const target = await createUser(t, 'advisor')
    for (const role of ['admin', 'coordinator']) {
      const res = await t.api.patch(`/api/users/${target.id}`).set(bearer(coordinator)).send({ role }).expect(403)
      expect(res.body.code).toBe('ROLE_NOT_ALLOWED')
    }
    const { rows } = await t.sql.query('SELECT role FROM users WHERE id = $1', [target.id])
    expect(rows[0].role).toBe('advisor')
  })

  it('refuses a coordinator changing an admin account', async () => {
    const res = await t.api.patch(`/api/users/${admin.id}`).set(bearer(coordinator)).send({ active: false }).expect(403)
    expect(res.body.code).toBe('ROLE_NOT_ALLOWED')
  })

  it('refuses deactivating or demoting oneself with 422 CANNOT_CHANGE_OWN_ACCOUNT', async () => {
    const self = await createUser(t, 'admin')
    expect((await t.api.patch(`/api/users/${self.id}`).set(bearer(self)).send({ active: false }).expect(422)).body.code).toBe('CANNOT_CHANGE_OWN_ACCOUNT')
    expect((await t.api.patch(`/api/users/${self.id}`).set(bearer(self)).send({ role: 'advisor' }).expect(422)).body.code).toBe('CANNOT_CHANGE_OWN_ACCOUNT')
    await t.api.patch(`/api/users/${self.id}`).set(bearer(self)).send({ name: 'Neuer Name' }).expect(200)
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await t.api.patch('/api/users/00000000-0000-4000-8000-000000000000').set(bearer(admin)).send({ name: 'X' }).expect(404)
    expect(missing.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'User not found' })
    const bad = await t.api.patch('/api/users/42').set(bearer(admin)).send({ name: 'X' }).expect(400)
    expect(bad.body.code).toBe('VALIDATION_FAILED')
    expect(bad.body.message).toBe('The params is not valid')
  })

  it('refuses an empty patch, unknown fields and wrong types with 400', async () => {
    await t.api.patch(`/api/users/${advisor.id}`).set(bearer(admin)).send({}).expect(400)
    await t.api.patch(`/api/users/${advisor.id}`).set(bearer(admin)).send({ email: 'x@example.org' }).expect(400)
    await t.api.patch(`/api/users/${advisor.id}`).set(bearer(admin)).send({ active: 'false' }).expect(400)
  })
})

describe('GET /api/users', () => {
  it('pages by name with a cursor and filters by role', async () => {
    const p = new Set<string>()
    let cursor: string | null = null
    let pages = 0
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.api.get('/api/users').query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(bearer(admin)).expect(200)
      expect(res.body.items.length).toBeLessThanOrEqual(2)
      for (const u of res.body.items) p.add(u.id)
      cursor = res.body.nextCursor
      pages++
    } while (cursor && pages < 100)
    const { rows } = await t.sql.query('SELECT id FROM users ORDER BY name, id')
    expect([...p]).toEqual(rows.map((r) => r.id))

    const advisors = await t.api.get('/api/users?role=advisor').set(bearer(admin)).expect(200)
    expect(advisors.body.items.length).toBeGreaterThan(0)
    expect(advisors.body.items.every((u: { role: string }) => u.role === 'advisor')).toBe(true)
  })

  it('refuses a forged cursor and unknown query parameters with 400', async () => {
    expect((await t.api.get('/api/users?cursor=bm9wZQ').set(bearer(admin)).expect(400)).body.code).toBe('INVALID_CURSOR')
    expect((await t.api.get('/api/users?sort=email').set(bearer(admin)).expect(400)).body.code).toBe('VALIDATION_FAILED')
    expect((await t.api.get('/api/users?limit=0').set(bearer(admin)).expect(400)).body.code).toBe('VALIDATION_FAILED')
  })

  it('GET /api/users/:id answers one account', async () => {
    const res = await t.api.get(`/api/users/${advisor.id}`).set(bearer(coordinator)).expect(200)
    expect(res.body).toMatchObject({ id: advisor.id, role: 'advisor', name: 'Dd Advisor' })
  })
})

describe('audit rows for account changes', () => {
  it('records create and update with actor, before and after, and never the password or hash', async () => {
    const body = newUser('advisor')
    const created = (await t.api.post('/api/users').set(bearer(coordinator)).send(body).expect(201)).body
    await t.api.patch(`/api/users/${created.id}`).set(bearer(admin)).send({ active: false }).expect(200)
    const rows = await auditRows(t, created.id)
    expect(rows.map((r) => [r.action, r.actor_id, r.entity])).toEqual([
      ['user.create', coordinator.id, 'user'],
      ['user.update', admin.id, 'user'],
    ])
    expect(rows[0]!.before).toBeNull()
    expect(rows[0]!.after).toMatchObject({ role: 'advisor', active: true, changedPersonalFields: ['email', 'name'] })
    expect(rows[1]!.before).toMatchObject({ active: true })
    expect(rows[1]!.after).toMatchObject({ active: false })
    const text = JSON.stringify(rows)
    expect(text).not.toContain(body.password)
    expect(text).not.toMatch(/argon2|password/i)
  })

  it('writes nothing when the change is refused', async () => {
    const before = await t.sql.query('SELECT count(*)::int AS n FROM audit_log')
    await t.api.post('/api/users').set(bearer(coordinator)).send(newUser('admin')).expect(403)
    await t.api.post('/api/users').set(bearer(admin)).send({ ...newUser('advisor'), email: admin.email }).expect(409)
    const after = await t.sql.query('SELECT count(*)::int AS n FROM audit_log')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  })
})

describe('POST /api/users/:id/password', () => {
  it('sets a new initial password and ends the person’s sessions', async () => {
    const target = await createUser(t, 'advisor')
    const session = await t.api.post('/api/auth/login').send({ email: target.email, password: 'correct-horse-battery' }).expect(200)
    const cookie = (session.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('wohnlotse_refresh='))!.split(';')[0]!
    await t.api.post(`/api/users/${target.id}/password`).set(bearer(coordinator)).send({ password: 'handed-over-passphrase' }).expect(204)
    await t.api.post('/api/auth/refresh').set('cookie', cookie).expect(401)
    await t.api.post('/api/auth/login').send({ email: target.email, password: 'handed-over-passphrase' }).expect(200)
    expect((await auditRows(t, target.id)).map((r) => [r.action, r.actor_id])).toContainEqual(['user.password_reset', coordinator.id])
    expect(JSON.stringify(await auditRows(t, target.id))).not.toContain('handed-over-passphrase')
  })

  it('keeps the limits of who may manage whom, and not for oneself', async () => {
    expect((await t.api.post(`/api/users/${admin.id}/password`).set(bearer(coordinator)).send({ password: 'x'.repeat(12) }).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED')
    expect((await t.api.post(`/api/users/${admin.id}/password`).set(bearer(admin)).send({ password: 'x'.repeat(12) }).expect(422)).body.code).toBe('CANNOT_CHANGE_OWN_ACCOUNT')
    await t.api.post(`/api/users/${advisor.id}/password`).set(bearer(frontdesk)).send({ password: 'x'.repeat(12) }).expect(403)
    await t.api.post(`/api/users/${advisor.id}/password`).set(bearer(admin)).send({ password: 'short' }).expect(400)
    await t.api.post('/api/users/00000000-0000-4000-8000-000000000000/password').set(bearer(admin)).send({ password: 'x'.repeat(12) }).expect(404)
  })
})
