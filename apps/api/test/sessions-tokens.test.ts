import { createHmac, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, createUser, bearer, TEST_PASSWORD, JWT_SECRET, type TestApp } from './helper.ts'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => t.close())

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url')
const refreshCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('wohnlotse_refresh='))!.split(';')[0]!
const login = (email: string, password = TEST_PASSWORD, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0') =>
  t.api.post('/api/auth/login').set('user-agent', userAgent).send({ email, password })
const withToken = (token: string) => ({ authorization: `Bearer ${token}` })

/** Signs a token with the real key but the claims the test chooses, as an attacker holding the key could not. */
function sign(payload: Record<string, unknown>): string {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`
}

describe('access token claims', () => {
  it('issues tokens with exp, iat, iss, aud and the session id', async () => {
    const user = await createUser(t, 'frontdesk')
    const res = await login(user.email).expect(200)
    const payload = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString())
    expect(payload).toEqual({
      sub: user.id,
      role: 'frontdesk',
      sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iss: 'wohnlotse',
      aud: 'wohnlotse-api',
      iat: expect.any(Number),
      exp: payload.iat + 15 * 60,
    })
  })

  it('refuses a correctly signed token that lacks exp, iat, iss, aud or sid, or names another issuer or audience', async () => {
    const user = await createUser(t, 'admin')
    const now = Math.floor(Date.now() / 1000)
    const full = { sub: user.id, role: 'admin', sid: user.sessionId, iss: 'wohnlotse', aud: 'wohnlotse-api', iat: now, exp: now + 600 }
    await t.api.get('/api/me').set(withToken(sign(full))).expect(200)
    for (const claim of ['exp', 'iat', 'iss', 'aud', 'sid'] as const) {
      const { [claim]: _, ...rest } = full
      const res = await t.api.get('/api/me').set(withToken(sign(rest))).expect(401)
      expect(res.body.code, claim).toBe('UNAUTHENTICATED')
    }
    await t.api.get('/api/me').set(withToken(sign({ ...full, iss: 'someone-else' }))).expect(401)
    await t.api.get('/api/me').set(withToken(sign({ ...full, aud: 'another-app' }))).expect(401)
  })

  it('refuses a token issued in the future beyond 30 s of clock skew, and one that claims a lifetime beyond 15 minutes', async () => {
    const user = await createUser(t, 'admin')
    const now = Math.floor(Date.now() / 1000)
    const base = { sub: user.id, role: 'admin', sid: user.sessionId, iss: 'wohnlotse', aud: 'wohnlotse-api' }
    await t.api.get('/api/me').set(withToken(sign({ ...base, iat: now + 20, exp: now + 600 }))).expect(200)
    await t.api.get('/api/me').set(withToken(sign({ ...base, iat: now + 120, exp: now + 600 }))).expect(401)
    // exp a year ahead, iat an hour ago: the token is older than any token we issue.
    const old = await t.api.get('/api/me').set(withToken(sign({ ...base, iat: now - 3600, exp: now + 365 * 86400 }))).expect(401)
    expect(old.body.code).toBe('SESSION_EXPIRED')
  })

  it('refuses a token for a session that does not exist or belongs to someone else', async () => {
    const user = await createUser(t, 'admin')
    const other = await createUser(t, 'advisor')
    await t.api.get('/api/me').set(withToken(t.app.jwt.sign({ sub: user.id, role: 'admin', sid: randomUUID() }))).expect(401)
    await t.api.get('/api/me').set(withToken(t.app.jwt.sign({ sub: user.id, role: 'admin', sid: other.sessionId }))).expect(401)
  })
})

describe('an access token dies with its session', () => {
  it('at logout', async () => {
    const user = await createUser(t, 'advisor')
    const res = await login(user.email).expect(200)
    await t.api.get('/api/me').set(withToken(res.body.accessToken)).expect(200)
    await t.api.post('/api/auth/logout').set('cookie', refreshCookie(res)).expect(204)
    const after = await t.api.get('/api/me').set(withToken(res.body.accessToken)).expect(401)
    expect(after.body.code).toBe('UNAUTHENTICATED')
  })

  it('at a password change (other sessions) and at a password reset (all sessions)', async () => {
    const admin = await createUser(t, 'admin')
    const user = await createUser(t, 'frontdesk')
    const here = await login(user.email).expect(200)
    const elsewhere = await login(user.email).expect(200)
    await t.api
      .post('/api/auth/password')
      .set(withToken(here.body.accessToken))
      .set('cookie', refreshCookie(here))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-passphrase' })
      .expect(204)
    await t.api.get('/api/me').set(withToken(elsewhere.body.accessToken)).expect(401)
    await t.api.get('/api/me').set(withToken(here.body.accessToken)).expect(200)
    await t.api.post(`/api/users/${user.id}/password`).set(bearer(admin)).send({ password: 'handed-over-passphrase' }).expect(204)
    await t.api.get('/api/me').set(withToken(here.body.accessToken)).expect(401)
  })

  it('at deactivation, and when a refresh-token family is revoked for reuse', async () => {
    const admin = await createUser(t, 'admin')
    const user = await createUser(t, 'coordinator')
    const first = await login(user.email).expect(200)
    const oldCookie = refreshCookie(first)
    const rotated = await t.api.post('/api/auth/refresh').set('cookie', oldCookie).expect(200)
    await t.api.get('/api/me').set(withToken(rotated.body.accessToken)).expect(200)
    // The first access token stays valid across a normal rotation (same session)…
    await t.api.get('/api/me').set(withToken(first.body.accessToken)).expect(200)
    // …but replaying the rotated refresh token ends the family, and every access token of it.
    await t.api.post('/api/auth/refresh').set('cookie', oldCookie).expect(401)
    await t.api.get('/api/me').set(withToken(rotated.body.accessToken)).expect(401)
    await t.api.get('/api/me').set(withToken(first.body.accessToken)).expect(401)

    const again = await login(user.email).expect(200)
    await t.api.patch(`/api/users/${user.id}`).set(bearer(admin)).send({ active: false }).expect(200)
    await t.api.get('/api/me').set(withToken(again.body.accessToken)).expect(401)
  })
})

describe('GET /api/auth/sessions and DELETE /api/auth/sessions/:id', () => {
  it('lists the own live sessions with device and times, marks the current one, and ends another', async () => {
    const user = await createUser(t, 'advisor')
    await t.sql.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1', [user.id])
    const phone = await login(user.email, TEST_PASSWORD, 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36').expect(200)
    const desk = await login(user.email).expect(200)
    const list = await t.api.get('/api/auth/sessions').set(withToken(desk.body.accessToken)).expect(200)
    expect(list.body).toEqual({
      items: [
        { id: expect.any(String), device: 'Firefox on Linux', createdAt: expect.any(String), lastUsedAt: expect.any(String), current: true },
        { id: expect.any(String), device: 'Chrome on Android', createdAt: expect.any(String), lastUsedAt: expect.any(String), current: false },
      ],
    })
    const phoneId = list.body.items[1].id
    await t.api.delete(`/api/auth/sessions/${phoneId}`).set(withToken(desk.body.accessToken)).expect(204)
    await t.api.get('/api/me').set(withToken(phone.body.accessToken)).expect(401)
    await t.api.post('/api/auth/refresh').set('cookie', refreshCookie(phone)).expect(401)
    const after = await t.api.get('/api/auth/sessions').set(withToken(desk.body.accessToken)).expect(200)
    expect(after.body.items.map((s: { current: boolean }) => s.current)).toEqual([true])
    const audit = await t.sql.query(`SELECT action, entity FROM audit_log WHERE entity_id = $1`, [phoneId])
    expect(audit.rows).toEqual([{ action: 'auth.session_end', entity: 'session' }])
  })

  it("answers 404 for someone else's session and for one that has ended", async () => {
    const user = await createUser(t, 'advisor')
    const other = await createUser(t, 'advisor')
    const res = await t.api.delete(`/api/auth/sessions/${other.sessionId}`).set(bearer(user)).expect(404)
    expect(res.body.code).toBe('NOT_FOUND')
    await t.api.get('/api/me').set(bearer(other)).expect(200)
    await t.api.delete(`/api/auth/sessions/${randomUUID()}`).set(bearer(user)).expect(404)
  })
})

describe('passwords', () => {
  it('refuses common and breached passwords, also padded with digits, with 422 PASSWORD_TOO_COMMON', async () => {
    const admin = await createUser(t, 'admin')
    for (const password of ['123456789012', 'passwort1234', 'Passwort1234!', 'iloveyou1234', 'sommer2024!!', 'hallo1234567']) {
      const res = await t.api.post('/api/users').set(bearer(admin)).send({ email: `${randomUUID().slice(0, 8)}@example.org`, name: 'N', role: 'advisor', password }).expect(422)
      expect(res.body, password).toEqual({
        statusCode: 422,
        code: 'PASSWORD_TOO_COMMON',
        message: 'This password is too common or known from breaches; choose a longer passphrase',
        details: [{ path: '/password', message: 'too common' }],
      })
    }
    await t.api.post('/api/users').set(bearer(admin)).send({ email: 'fine@example.org', name: 'N', role: 'advisor', password: 'elbe-wiesen-fahrrad' }).expect(201)
  })

  it('refuses passwords of only whitespace or under 12 characters (400), and common ones in change and reset (422)', async () => {
    const admin = await createUser(t, 'admin')
    const user = await createUser(t, 'advisor')
    const blank = await t.api.post(`/api/users/${user.id}/password`).set(bearer(admin)).send({ password: '              ' }).expect(400)
    expect(blank.body.details).toEqual([{ path: '/password', message: 'must match pattern "\\S"' }])
    await t.api.post(`/api/users/${user.id}/password`).set(bearer(admin)).send({ password: 'elf-zeichen' }).expect(400)
    await t.api.post(`/api/users/${user.id}/password`).set(bearer(admin)).send({ password: 'passwort1234' }).expect(422)
    const change = await t.api.post('/api/auth/password').set(bearer(user)).send({ currentPassword: TEST_PASSWORD, newPassword: '123456789012' }).expect(422)
    expect(change.body.details).toEqual([{ path: '/newPassword', message: 'too common' }])
  })
})
