import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

let t: TestApp
let admin: TestUser
beforeAll(async () => {
  t = await buildTestApp()
  admin = await createUser(t, 'admin')
})
afterAll(async () => t.close())

const body = (i: number) => ({ email: `audit-${i}@example.org`, name: `Audit ${i}`, role: 'advisor', password: 'a-long-passphrase' })

describe('GET /api/audit', () => {
  it('lists entries newest first with the actor, filtered by entity and id, paged by cursor', async () => {
    const a = (await t.api.post('/api/users').set(bearer(admin)).send(body(1)).expect(201)).body
    const b = (await t.api.post('/api/users').set(bearer(admin)).send(body(2)).expect(201)).body
    await t.api.patch(`/api/users/${a.id}`).set(bearer(admin)).send({ name: 'Audit eins' }).expect(200)

    const all = await t.api.get('/api/audit?entity=user&limit=2').set(bearer(admin)).expect(200)
    expect(all.body.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([
      ['user.update', a.id],
      ['user.create', b.id],
    ])
    expect(all.body.items[0].actor).toEqual({ id: admin.id, name: admin.name })
    // Names are personal: the trail says that the name changed, not what it was (docs/privacy.md).
    expect(all.body.items[0].before).not.toHaveProperty('name')
    expect(all.body.items[0].after).toMatchObject({ changedPersonalFields: ['name'] })
    const next = await t.api.get(`/api/audit?entity=user&limit=2&cursor=${all.body.nextCursor}`).set(bearer(admin)).expect(200)
    expect(next.body.items[0]).toMatchObject({ action: 'user.create', entityId: a.id })

    const one = await t.api.get(`/api/audit?entity=user&entityId=${a.id}`).set(bearer(admin)).expect(200)
    expect(one.body.items.map((e: { action: string }) => e.action)).toEqual(['user.update', 'user.create'])
    expect(one.body.nextCursor).toBeNull()
  })

  it('is open to admin and coordinator only', async () => {
    await t.api.get('/api/audit').set(bearer(await createUser(t, 'coordinator'))).expect(200)
    expect((await t.api.get('/api/audit').set(bearer(await createUser(t, 'frontdesk'))).expect(403)).body.code).toBe('FORBIDDEN')
    expect((await t.api.get('/api/audit').set(bearer(await createUser(t, 'advisor'))).expect(403)).body.code).toBe('FORBIDDEN')
    await t.api.get('/api/audit').expect(401)
  })

  it('shows administrators the audit of accounts only, never case data', async () => {
    const coordinator = await createUser(t, 'coordinator')
    const group = (await t.api.post('/api/groups').set(bearer(coordinator)).send({ name: 'Hofgemeinschaft Audit' }).expect(201)).body
    const user = (await t.api.post('/api/users').set(bearer(admin)).send(body(4)).expect(201)).body

    const mine = await t.api.get('/api/audit?limit=200').set(bearer(admin)).expect(200)
    expect(new Set(mine.body.items.map((e: { entity: string }) => e.entity))).toEqual(new Set(['user']))
    expect(mine.body.items.map((e: { entityId: string }) => e.entityId)).toContain(user.id)
    expect(JSON.stringify(mine.body)).not.toContain('Hofgemeinschaft Audit')
    // Asking for a case entity by name or by id does not open it either.
    expect((await t.api.get('/api/audit?entity=group').set(bearer(admin)).expect(403)).body.code).toBe('FORBIDDEN')
    expect((await t.api.get(`/api/audit?entityId=${group.id}`).set(bearer(admin)).expect(200)).body.items).toEqual([])

    const theirs = await t.api.get(`/api/audit?entity=group&entityId=${group.id}`).set(bearer(coordinator)).expect(200)
    expect(theirs.body.items.map((e: { action: string }) => e.action)).toEqual(['group.create'])
  })

  it('refuses a malformed entity id with 400', async () => {
    expect((await t.api.get('/api/audit?entityId=abc').set(bearer(admin)).expect(400)).body.code).toBe('VALIDATION_FAILED')
  })
})

describe('the audit table', () => {
  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    await t.api.post('/api/users').set(bearer(admin)).send(body(3)).expect(201)
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM audit_log')
    await expect(t.sql.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only: UPDATE refused/)
    await expect(t.sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/)
    await expect(t.sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/)
    const after = await t.sql.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE action = 'forged')::int AS forged FROM audit_log`)
    expect(after.rows[0]).toEqual({ n: rows[0].n, forged: 0 })
  })
})
