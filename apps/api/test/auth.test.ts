import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, createUser, bearer, TEST_PASSWORD, type TestApp } from './helper.ts'

let t: TestApp
beforeAll(async () => {
  // A small throttle so the rate-limit test needs only a few attempts.
  t = await buildTestApp({ loginThrottle: { windowMs: 60_000, maxPerAccount: 3, maxPerAddress: 100 } })
})
afterAll(async () => t.close())

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url')
const refreshCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('wohnlotse_refresh='))

function login(email: string, password = TEST_PASSWORD) {
  return t.api.post('/api/auth/login').send({ email, password })
}

describe('POST /api/auth/login', () => {
  it('signs in and answers the token, the user and an httpOnly refresh cookie', async () => {
    const user = await createUser(t, 'coordinator', { email: 'kl@example.org', name: 'K. L.' })
    const res = await login('KL@example.org').expect(200)
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      user: { id: user.id, email: 'kl@example.org', name: 'K. L.', role: 'coordinator' },
    })
    const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString())
    expect(header.alg).toBe('HS256')
    const cookie = refreshCookie(res)!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).toMatch(/Path=\/api\/auth/)
    const me = await t.api.get('/api/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(200)
    expect(me.body).toEqual({ id: user.id, email: 'kl@example.org', name: 'K. L.', role: 'coordinator' })
  })

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    await createUser(t, 'frontdesk', { email: 'fd@example.org' })
    const wrong = await login('fd@example.org', 'not-the-password').expect(401)
    const unknown = await login('nobody@example.org', 'not-the-password').expect(401)
    expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'E-mail or password is wrong' })
    expect(unknown.body).toEqual(wrong.body)
    expect(refreshCookie(wrong)).toBeUndefined()
  })

  it('rate-limits repeated failures with 429 and Retry-After, even for the right password', async () => {
    await createUser(t, 'advisor', { email: 'limited@example.org' })
    for (let i = 0; i < 3; i++) await login('limited@example.org', 'wrong-password').expect(401)
    const blocked = await login('limited@example.org').expect(429)
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS')
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60)
    // Another account from the same address is not affected.
    await createUser(t, 'advisor', { email: 'other@example.org' })
    await login('other@example.org').expect(200)
  })

  it('refuses a deactivated account with the same 401', async () => {
    await createUser(t, 'advisor', { email: 'gone@example.org', active: false })
    const res = await login('gone@example.org').expect(401)
    expect(res.body.code).toBe('INVALID_CREDENTIALS')
  })

  it('validates the body: missing, wrong type and unknown fields are 400 VALIDATION_FAILED', async () => {
    const missing = await t.api.post('/api/auth/login').send({ email: 'a@example.org' }).expect(400)
    expect(missing.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The body is not valid',
      details: [{ path: '/password', message: "must have required property 'password'" }],
    })
    const wrongType = await t.api.post('/api/auth/login').send({ email: 'a@example.org', password: 12345678 }).expect(400)
    expect(wrongType.body.details).toEqual([{ path: '/password', message: 'must be string' }])
    const unknown = await t.api.post('/api/auth/login').send({ email: 'a@example.org', password: 'x', remember: true }).expect(400)
    expect(unknown.body.details).toEqual([{ path: '/remember', message: 'must NOT have additional properties' }])
  })
})

describe('access tokens', () => {
  it('refuses requests without a token with 401 UNAUTHENTICATED', async () => {
    const res = await t.api.get('/api/me').expect(401)
    expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in first' })
  })

  it('refuses an expired token with 401 SESSION_EXPIRED', async () => {
    const user = await createUser(t, 'coordinator')
    const token = t.app.jwt.sign({ sub: user.id, role: user.role, sid: user.sessionId }, { clockTimestamp: Date.now() - 60 * 60_000 })
    const res = await t.api.get('/api/me').set('authorization', `Bearer ${token}`).expect(401)
    expect(res.body.code).toBe('SESSION_EXPIRED')
  })

  it('refuses a tampered token (role changed in the payload)', async () => {
    const user = await createUser(t, 'advisor')
    const [h, p, s] = user.token.split('.')
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
    const forged = `${h}.${b64({ ...payload, role: 'admin' })}.${s}`
    const res = await t.api.get('/api/me').set('authorization', `Bearer ${forged}`).expect(401)
    expect(res.body.code).toBe('UNAUTHENTICATED')
  })

  it('refuses an unsigned token with alg none', async () => {
    const user = await createUser(t, 'admin')
    const now = Math.floor(Date.now() / 1000)
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.id, role: 'admin', iss: 'wohnlotse', iat: now, exp: now + 600 })}.`
    const res = await t.api.get('/api/users').set('authorization', `Bearer ${none}`).expect(401)
    expect(res.body.code).toBe('UNAUTHENTICATED')
  })

  it('refuses a token signed with another secret', async () => {
    const user = await createUser(t, 'admin')
    const now = Math.floor(Date.now() / 1000)
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: user.id, role: 'admin', iss: 'wohnlotse', iat: now, exp: now + 600 })}`
    const sig = createHmac('sha256', 'some-other-secret-of-sufficient-length!!').update(unsigned).digest('base64url')
    await t.api.get('/api/me').set('authorization', `Bearer ${unsigned}.${sig}`).expect(401)
  })

  it('stops a deactivated user at once, although the token has not expired', async () => {
    const admin = await createUser(t, 'admin')
    const advisor = await createUser(t, 'advisor', { email: 'soon-gone@example.org' })
    const session = await login('soon-gone@example.org').expect(200)
    await t.api.get('/api/me').set(bearer(advisor)).expect(200)
    await t.api.patch(`/api/users/${advisor.id}`).set(bearer(admin)).send({ active: false }).expect(200)
    const res = await t.api.get('/api/me').set(bearer(advisor)).expect(401)
    expect(res.body.code).toBe('UNAUTHENTICATED')
    // …and the refresh token of their session is revoked too.
    await t.api.post('/api/auth/refresh').set('cookie', refreshCookie(session)!.split(';')[0]!).expect(401)
  })
})

describe('POST /api/auth/refresh and /api/auth/logout', () => {
  it('rotates the refresh token and answers a fresh access token', async () => {
    const user = await createUser(t, 'frontdesk')
    const first = await login(user.email).expect(200)
    const cookie1 = refreshCookie(first)!.split(';')[0]!
    const second = await t.api.post('/api/auth/refresh').set('cookie', cookie1).expect(200)
    expect(second.body.user).toEqual({ id: user.id, email: user.email, name: user.name, role: 'frontdesk' })
    await t.api.get('/api/me').set('authorization', `Bearer ${second.body.accessToken}`).expect(200)
    const cookie2 = refreshCookie(second)!.split(';')[0]!
    expect(cookie2).not.toBe(cookie1)
    await t.api.post('/api/auth/refresh').set('cookie', cookie2).expect(200)
  })

  it('treats reuse of a rotated token as theft and ends the whole session', async () => {
    const user = await createUser(t, 'coordinator')
    const first = await login(user.email).expect(200)
    const old = refreshCookie(first)!.split(';')[0]!
    const rotated = await t.api.post('/api/auth/refresh').set('cookie', old).expect(200)
    const current = refreshCookie(rotated)!.split(';')[0]!
    const reuse = await t.api.post('/api/auth/refresh').set('cookie', old).expect(401)
    expect(reuse.body.code).toBe('SESSION_EXPIRED')
    await t.api.post('/api/auth/refresh').set('cookie', current).expect(401)
  })

  it('answers 401 SESSION_EXPIRED without a cookie', async () => {
    const res = await t.api.post('/api/auth/refresh').expect(401)
    expect(res.body.code).toBe('SESSION_EXPIRED')
  })

  it('logout revokes the refresh token and clears the cookie', async () => {
    const user = await createUser(t, 'advisor')
    const session = await login(user.email).expect(200)
    const cookie = refreshCookie(session)!.split(';')[0]!
    const out = await t.api.post('/api/auth/logout').set('cookie', cookie).expect(204)
    expect(refreshCookie(out)).toMatch(/wohnlotse_refresh=;/)
    const res = await t.api.post('/api/auth/refresh').set('cookie', cookie).expect(401)
    expect(res.body.code).toBe('SESSION_EXPIRED')
    const { rows } = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [user.id])
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'auth.logout'])
  })

  it('logout with only the access token (a script client) ends that session: the token answers 401 at once', async () => {
    const user = await createUser(t, 'advisor')
    const session = await login(user.email).expect(200)
    const auth = { authorization: `Bearer ${session.body.accessToken}` }
    await t.api.get('/api/me').set(auth).expect(200)
    await t.api.post('/api/auth/logout').set(auth).expect(204)
    expect((await t.api.get('/api/me').set(auth).expect(401)).body.code).toBe('UNAUTHENTICATED')
    // Its refresh token belongs to the same session and ends with it.
    await t.api.post('/api/auth/refresh').set('cookie', refreshCookie(session)!.split(';')[0]!).expect(401)
    // Once: a second logout with the same token ends nothing more.
    await t.api.post('/api/auth/logout').set(auth).expect(204)
    const { rows } = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [user.id])
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'auth.logout'])
  })

  it("logout with a cookie and another session's access token ends both; a forged token ends nothing", async () => {
    const user = await createUser(t, 'frontdesk')
    const browser = await login(user.email).expect(200)
    const script = await login(user.email).expect(200)
    const scriptAuth = { authorization: `Bearer ${script.body.accessToken}` }
    const browserAuth = { authorization: `Bearer ${browser.body.accessToken}` }
    const forged = `${String(browser.body.accessToken).slice(0, -4)}AAAA`
    await t.api.post('/api/auth/logout').set('authorization', `Bearer ${forged}`).expect(204)
    await t.api.get('/api/me').set(browserAuth).expect(200)
    await t.api.post('/api/auth/logout').set('cookie', refreshCookie(browser)!.split(';')[0]!).set(scriptAuth).expect(204)
    await t.api.get('/api/me').set(browserAuth).expect(401)
    await t.api.get('/api/me').set(scriptAuth).expect(401)
    const { rows } = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [user.id])
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'auth.login', 'auth.logout', 'auth.logout'])
  })
})

describe('POST /api/auth/password', () => {
  it('changes the own password: the old one stops working, other sessions end, the current one stays', async () => {
    const user = await createUser(t, 'frontdesk')
    const here = await login(user.email).expect(200)
    const elsewhere = await login(user.email).expect(200)
    const hereCookie = refreshCookie(here)!.split(';')[0]!
    const res = await t.api
      .post('/api/auth/password')
      .set('authorization', `Bearer ${here.body.accessToken}`)
      .set('cookie', hereCookie)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-passphrase' })
      .expect(204)
    expect(res.body).toEqual({})
    await login(user.email).expect(401)
    await login(user.email, 'a-new-long-passphrase').expect(200)
    await t.api.post('/api/auth/refresh').set('cookie', refreshCookie(elsewhere)!.split(';')[0]!).expect(401)
    await t.api.post('/api/auth/refresh').set('cookie', hereCookie).expect(200)
    const { rows } = await t.sql.query(`SELECT action, before, after FROM audit_log WHERE entity_id = $1 AND action = 'user.password'`, [user.id])
    expect(rows).toEqual([{ action: 'user.password', before: null, after: null }])
  })

  it('refuses a wrong current password (422) and a short new one (400), changing nothing', async () => {
    const user = await createUser(t, 'advisor')
    const wrong = await t.api.post('/api/auth/password').set(bearer(user)).send({ currentPassword: 'not-it', newPassword: 'a-new-long-passphrase' }).expect(422)
    expect(wrong.body).toEqual({
      statusCode: 422,
      code: 'CURRENT_PASSWORD_WRONG',
      message: 'The current password is not correct',
      details: [{ path: '/currentPassword', message: 'wrong password' }],
    })
    await t.api.post('/api/auth/password').set(bearer(user)).send({ currentPassword: TEST_PASSWORD, newPassword: 'short' }).expect(400)
    await t.api.post('/api/auth/password').send({ currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-passphrase' }).expect(401)
    await login(user.email).expect(200)
  })
})
