import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

/**
 * Secrets never reach the audit trail: audit-repository strips every key that names a password, a hash,
 * a token or a secret from `before` and `after`. Today no caller hands it a secret, so the first test
 * calls the repository directly; the others go through the API writes that handle secrets and check
 * that none of their values lands in the trail, under any key.
 */

let t: TestApp
let admin: TestUser
beforeAll(async () => {
  t = await buildTestApp()
  admin = await createUser(t, 'admin')
})
afterAll(async () => t.close())

const refreshCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('wohnlotse_refresh='))!.split(';')[0]!

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf)
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)])
  return []
}

const SECRETS = {
  password: 'klartext-1',
  passwordHash: '$argon2id$v=19$m=19456$abc',
  password_hash: '$argon2id$v=19$m=19456$def',
  currentPassword: 'klartext-2',
  newPassword: 'klartext-3',
  token: 'eyJhbGciOi.token',
  accessToken: 'eyJhbGciOi.access',
  refreshToken: 'refresh-token-value',
  tokenHash: 'sha256-of-refresh',
  secret: 'geheim',
  jwtSecret: 'jwt-geheim',
  PASSWORD: 'KLARTEXT-4',
}

describe('audit redaction', () => {
  it('stores before and after without any key that names a secret, whatever a caller passes in', async () => {
    const entityId = randomUUID()
    await t.app.auditRepository.record(t.app.db, {
      actorId: admin.id,
      action: 'user.update',
      entity: 'user',
      entityId,
      before: { name: 'Alt', active: true, ...SECRETS },
      after: { name: 'Neu', email: 'neu@example.org', role: 'advisor', ...SECRETS },
    })
    const rows = await auditRows(t, entityId)
    expect(rows.map((r) => [r.action, r.before, r.after])).toEqual([
      // Personal fields are named, never stored (docs/privacy.md).
      ['user.update', { active: true }, { role: 'advisor', changedPersonalFields: ['email', 'name'] }],
    ])
  })

  // A caller passing `{ user: row }` instead of `toUser(row)` must not store the hash one level down.
  it('strips secret keys nested inside objects and arrays too', async () => {
    const entityId = randomUUID()
    await t.app.auditRepository.record(t.app.db, {
      actorId: admin.id,
      action: 'user.update',
      entity: 'user',
      entityId,
      after: { changes: { role: 'coordinator', passwordHash: SECRETS.passwordHash }, sessions: [{ tokenHash: SECRETS.tokenHash }] },
    })
    const [row] = await auditRows(t, entityId)
    expect(row!.after).toEqual({ changes: { role: 'coordinator' }, sessions: [{}] })
  })

  it('drops the personal fields of a nested entity (a time entry\'s grant purpose) as at the top level', async () => {
    const entityId = randomUUID()
    await t.app.auditRepository.record(t.app.db, {
      actorId: admin.id,
      action: 'time_entry.approve',
      entity: 'time_entry',
      entityId,
      after: { status: 'approved', grant: { purpose: 'Finanzierung mit Frau Beispiel', grantedMinutes: 600 }, user: { role: 'advisor', name: 'Lea Beispiel' } },
    })
    const [row] = await auditRows(t, entityId)
    expect(row!.after).toEqual({ status: 'approved', grant: { grantedMinutes: 600 }, user: { role: 'advisor' } })
  })

  it('keeps passwords, hashes and tokens of account and session writes out of the trail', async () => {
    const first = 'erstes-langes-passwort'
    const second = 'zweites-langes-passwort'
    const third = 'drittes-langes-passwort'
    const email = `secret-${randomUUID().slice(0, 8)}@example.org`

    // An admin creates the account with an initial password.
    const created = await t.api.post('/api/users').set(bearer(admin)).send({ email, name: 'Geheim Test', role: 'frontdesk', password: first }).expect(201)
    const id = created.body.id as string
    // The person signs in, refreshes the session and changes the password…
    const login = await t.api.post('/api/auth/login').send({ email, password: first }).expect(200)
    const refreshed = await t.api.post('/api/auth/refresh').set('cookie', refreshCookie(login)).expect(200)
    await t.api
      .post('/api/auth/password')
      .set({ authorization: `Bearer ${refreshed.body.accessToken}` })
      .set('cookie', refreshCookie(refreshed))
      .send({ currentPassword: first, newPassword: second })
      .expect(204)
    // …forgets it, the admin resets it, and the person signs in and out again.
    await t.api.post(`/api/users/${id}/password`).set(bearer(admin)).send({ password: third }).expect(204)
    const again = await t.api.post('/api/auth/login').send({ email, password: third }).expect(200)
    await t.api.post('/api/auth/logout').set('cookie', refreshCookie(again)).expect(204)

    const rows = await auditRows(t, id)
    expect(rows.map((r) => [r.action, r.actor_id, r.before, r.after])).toEqual([
      ['user.create', admin.id, null, { id, role: 'frontdesk', active: true, createdAt: expect.any(String), updatedAt: expect.any(String), changedPersonalFields: ['email', 'name'] }],
      ['auth.login', id, null, null],
      ['user.password', id, null, null],
      ['user.password_reset', admin.id, null, null],
      ['auth.login', id, null, null],
      ['auth.logout', id, null, null],
    ])

    // No value of a secret anywhere in the whole trail, under any key and at any depth.
    const { rows: stored } = await t.sql.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [id])
    const { rows: sessions } = await t.sql.query<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE user_id = $1', [id])
    const secrets = [
      first,
      second,
      third,
      stored[0]!.password_hash,
      ...sessions.map((s) => s.token_hash),
      login.body.accessToken,
      refreshed.body.accessToken,
      again.body.accessToken,
      ...[login, refreshed, again].map((res) => refreshCookie(res).split('=')[1]!),
    ]
    expect(sessions.length).toBeGreaterThanOrEqual(3)
    const { rows: trail } = await t.sql.query<{ before: unknown; after: unknown }>('SELECT before, after FROM audit_log')
    const text = JSON.stringify(trail)
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([])
    // (Keys only in this account's rows: the test above stores a nested secret on purpose.)
    const own = await t.sql.query('SELECT before, after FROM audit_log WHERE entity_id = $1 OR actor_id = $1', [id])
    expect(keysOf(own.rows.map((r) => [r.before, r.after])).filter((key) => /password|hash|token|secret/i.test(key))).toEqual([])
  })
})
