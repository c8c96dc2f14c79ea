import * as OTPAuth from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, createUser, bearer, TEST_PASSWORD, type TestApp, type TestUser } from './helper.ts'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => t.close())

const login = (email: string, password = TEST_PASSWORD, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip })
const verify = (ticket: string, code: string, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/mfa/verify', payload: { ticket, code }, remoteAddress: ip })

/** The code an authenticator app shows for `secret`, `steps` periods from now. */
const codeFor = (secret: string, steps = 0) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + steps * 30_000 })

/** Sets up two-factor login for `user` and returns the secret and recovery codes. */
async function enable(user: TestUser) {
  const setup = await t.api.post('/api/auth/mfa/setup').set(bearer(user)).send({}).expect(200)
  const confirm = await t.api.post('/api/auth/mfa/confirm').set(bearer(user)).send({ code: codeFor(setup.body.secret) }).expect(200)
  return { secret: setup.body.secret as string, recoveryCodes: confirm.body.recoveryCodes as string[] }
}

describe('POST /api/auth/mfa/setup and /confirm', () => {
  it('hands out a base32 secret, an otpauth URL and a QR code, and after a valid code 10 recovery codes', async () => {
    const user = await createUser(t, 'coordinator', { email: 'mfa-setup@example.org' })
    const setup = await t.api.post('/api/auth/mfa/setup').set(bearer(user)).send({}).expect(200)
    expect(setup.body).toEqual({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUrl: `otpauth://totp/Wohnlotse:mfa-setup%40example.org?issuer=Wohnlotse&secret=${setup.body.secret}&algorithm=SHA1&digits=6&period=30`,
      qrCode: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
    })
    expect(Buffer.from(setup.body.qrCode.split(',')[1], 'base64').toString()).toMatch(/^<svg/)
    const wrong = await t.api.post('/api/auth/mfa/confirm').set(bearer(user)).send({ code: '000000' }).expect(422)
    expect(wrong.body.code).toBe('MFA_CODE_WRONG')
    const ok = await t.api.post('/api/auth/mfa/confirm').set(bearer(user)).send({ code: codeFor(setup.body.secret) }).expect(200)
    expect(ok.body.recoveryCodes).toHaveLength(10)
    expect(new Set(ok.body.recoveryCodes).size).toBe(10)
    for (const code of ok.body.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)
    // Nothing readable is stored: the secret is encrypted, the recovery codes hashed.
    const { rows } = await t.sql.query('SELECT mfa_secret, mfa_pending_secret FROM users WHERE id = $1', [user.id])
    expect(rows[0].mfa_pending_secret).toBeNull()
    expect(rows[0].mfa_secret).toMatch(/^v1\./)
    expect(rows[0].mfa_secret).not.toContain(setup.body.secret)
    const codes = await t.sql.query('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1', [user.id])
    expect(codes.rows.map((r) => r.code_hash)).not.toContain(ok.body.recoveryCodes[0])
    expect(codes.rows).toHaveLength(10)
    // A second setup is refused while one is active; the status says it is on.
    const again = await t.api.post('/api/auth/mfa/setup').set(bearer(user)).send({}).expect(409)
    expect(again.body.code).toBe('MFA_ALREADY_ENABLED')
    const status = await t.api.get('/api/auth/mfa').set(bearer(user)).expect(200)
    expect(status.body).toEqual({ enabled: true, enabledAt: expect.any(String), recoveryCodesLeft: 10, required: false })
    const audit = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [user.id])
    expect(audit.rows.map((r) => r.action)).toEqual(['user.mfa_enable'])
  })

  it('refuses confirm without setup (409) and setup without a token or ticket (401)', async () => {
    const user = await createUser(t, 'advisor')
    const res = await t.api.post('/api/auth/mfa/confirm').set(bearer(user)).send({ code: '123456' }).expect(409)
    expect(res.body.code).toBe('MFA_NOT_SET_UP')
    await t.api.post('/api/auth/mfa/setup').send({}).expect(401)
    const forged = await t.api.post('/api/auth/mfa/setup').send({ ticket: 'eyJzdWIiOiJ4In0.abc' }).expect(401)
    expect(forged.body.code).toBe('MFA_TICKET_INVALID')
  })
})

describe('signing in with two-factor login', () => {
  it('answers a ticket after the password, and the session only after a TOTP code', async () => {
    const user = await createUser(t, 'admin', { email: 'mfa-login@example.org' })
    const { secret } = await enable(user)
    const first = await login(user.email)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ mfaRequired: true, ticket: expect.any(String) })
    expect(first.headers['set-cookie']).toBeUndefined()
    // The ticket is no access token.
    const asToken = await t.api.get('/api/me').set('authorization', `Bearer ${first.json().ticket}`).expect(401)
    expect(asToken.body.code).toBe('UNAUTHENTICATED')
    // The code that confirmed the setup was used: the next login needs the next step's code.
    const done = await verify(first.json().ticket, codeFor(secret, 1))
    expect(done.statusCode).toBe(200)
    expect(done.json()).toEqual({ accessToken: expect.any(String), user: { id: user.id, email: user.email, name: user.name, role: 'admin' } })
    expect(String(done.headers['set-cookie'])).toMatch(/^wohnlotse_refresh=.+HttpOnly/)
    const me = await t.api.get('/api/me').set('authorization', `Bearer ${done.json().accessToken}`).expect(200)
    expect(me.body.id).toBe(user.id)
  })

  it('refuses a replayed TOTP code within its window, a wrong code, and a stale or forged ticket', async () => {
    const user = await createUser(t, 'coordinator')
    const { secret } = await enable(user)
    const code = codeFor(secret, 1)
    expect((await verify((await login(user.email)).json().ticket, code)).statusCode).toBe(200)
    const replay = await verify((await login(user.email)).json().ticket, code)
    expect(replay.statusCode).toBe(422)
    expect(replay.json()).toEqual({ statusCode: 422, code: 'MFA_CODE_WRONG', message: 'The code is not correct', details: [{ path: '/code', message: 'wrong code' }] })
    const ticket = (await login(user.email)).json().ticket as string
    const tampered = ticket.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))
    expect((await verify(tampered, codeFor(secret))).json().code).toBe('MFA_TICKET_INVALID')
  })

  it('accepts each recovery code once', async () => {
    const user = await createUser(t, 'admin')
    const { recoveryCodes } = await enable(user)
    const code = recoveryCodes[3]!
    const ok = await verify((await login(user.email)).json().ticket, code.toUpperCase())
    expect(ok.statusCode).toBe(200)
    const again = await verify((await login(user.email)).json().ticket, code)
    expect(again.statusCode).toBe(422)
    expect(again.json().code).toBe('MFA_CODE_WRONG')
    const status = await t.api.get('/api/auth/mfa').set('authorization', `Bearer ${ok.json().accessToken}`).expect(200)
    expect(status.body.recoveryCodesLeft).toBe(9)
    const audit = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'auth.login%'`, [user.id])
    expect(audit.rows.map((r) => r.action)).toEqual(['auth.login_recovery_code'])
  })

  it('counts wrong codes towards the throttle: after 5 from one address, 429 even for the right code', async () => {
    const user = await createUser(t, 'admin')
    const { secret } = await enable(user)
    const ticket = (await login(user.email, TEST_PASSWORD, '10.9.9.9')).json().ticket as string
    for (let i = 0; i < 5; i++) expect((await verify(ticket, '000000', '10.9.9.9')).statusCode).toBe(422)
    const blocked = await verify(ticket, codeFor(secret, 1), '10.9.9.9')
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json().code).toBe('TOO_MANY_ATTEMPTS')
  })
})

describe('turning two-factor login off and resetting it', () => {
  it('lets the owner turn it off with the current password only', async () => {
    const user = await createUser(t, 'advisor')
    await enable(user)
    const wrong = await t.api.post('/api/auth/mfa/disable').set(bearer(user)).send({ password: 'not-the-password' }).expect(422)
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG')
    await t.api.post('/api/auth/mfa/disable').set(bearer(user)).send({ password: TEST_PASSWORD }).expect(204)
    const res = await login(user.email)
    expect(res.json()).toEqual({ accessToken: expect.any(String), user: expect.any(Object) })
    const codes = await t.sql.query('SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE user_id = $1', [user.id])
    expect(codes.rows[0].n).toBe(0)
  })

  it('lets an admin reset someone else’s second factor (audited, sessions end); not coordinators, not the own', async () => {
    const admin = await createUser(t, 'admin')
    const coordinator = await createUser(t, 'coordinator')
    const user = await createUser(t, 'advisor')
    await enable(user)
    await t.api.post(`/api/users/${user.id}/mfa/reset`).set(bearer(coordinator)).expect(403)
    await t.api.post(`/api/users/${user.id}/mfa/reset`).set(bearer(admin)).expect(204)
    await t.api.get('/api/me').set(bearer(user)).expect(401)
    const list = await t.api.get('/api/users?role=advisor').set(bearer(admin)).expect(200)
    expect(list.body.items.find((u: { id: string }) => u.id === user.id).mfaEnabled).toBe(false)
    const again = await t.api.post(`/api/users/${user.id}/mfa/reset`).set(bearer(admin)).expect(409)
    expect(again.body.code).toBe('MFA_NOT_SET_UP')
    await t.api.post(`/api/users/${admin.id}/mfa/reset`).set(bearer(admin)).expect(422)
    const audit = await t.sql.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 AND action = 'user.mfa_reset'`, [user.id])
    expect(audit.rows).toEqual([{ action: 'user.mfa_reset', actor_id: admin.id }])
    expect((await login(user.email)).json().accessToken).toEqual(expect.any(String))
  })
})

describe('two-factor login required for staff', () => {
  it('forces setup at sign-in for admins and coordinators when required; the confirm then signs in', async () => {
    const admin = await createUser(t, 'admin')
    const policy = await t.api.get('/api/auth/mfa/policy').set(bearer(admin)).expect(200)
    // Tests do not run with NODE_ENV=production: the default is "optional", as on the demo installation.
    expect(policy.body).toEqual({ requiredForStaff: false })
    await t.api.put('/api/auth/mfa/policy').set(bearer(await createUser(t, 'coordinator'))).send({ requiredForStaff: true }).expect(403)
    await t.api.put('/api/auth/mfa/policy').set(bearer(admin)).send({ requiredForStaff: true }).expect(200)
    try {
      const advisor = await createUser(t, 'advisor')
      expect((await login(advisor.email)).json().accessToken).toEqual(expect.any(String))
      const coordinator = await createUser(t, 'coordinator')
      const res = await login(coordinator.email)
      expect(res.json()).toEqual({ mfaSetupRequired: true, ticket: expect.any(String) })
      const ticket = res.json().ticket as string
      // The setup ticket is good for setup only, not for the code step.
      expect((await verify(ticket, '123456')).json().code).toBe('MFA_TICKET_INVALID')
      const setup = await t.api.post('/api/auth/mfa/setup').send({ ticket }).expect(200)
      const confirm = await t.api.post('/api/auth/mfa/confirm').send({ ticket, code: codeFor(setup.body.secret) }).expect(200)
      expect(confirm.body).toEqual({
        recoveryCodes: expect.any(Array),
        accessToken: expect.any(String),
        user: { id: coordinator.id, email: coordinator.email, name: coordinator.name, role: 'coordinator' },
      })
      expect(String(confirm.headers['set-cookie'])).toMatch(/^wohnlotse_refresh=/)
      await t.api.get('/api/me').set('authorization', `Bearer ${confirm.body.accessToken}`).expect(200)
      const audit = await t.sql.query(`SELECT action, after FROM audit_log WHERE entity = 'settings' AND actor_id = $1`, [admin.id])
      expect(audit.rows).toEqual([{ action: 'settings.update', after: { mfaRequiredForStaff: true } }])
    } finally {
      await t.api.put('/api/auth/mfa/policy').set(bearer(admin)).send({ requiredForStaff: false }).expect(200)
    }
  })
})
