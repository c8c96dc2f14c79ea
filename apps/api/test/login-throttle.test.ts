import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, createUser, bearer, TEST_PASSWORD, type TestApp } from './helper.ts'
import { LoginThrottle, defaultThrottle } from '../src/plugins/app/auth/login-throttle.ts'

let t: TestApp
beforeAll(async () => {
  // The production limits.
  t = await buildTestApp({ loginThrottle: defaultThrottle })
})
afterAll(async () => t.close())

const login = (email: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip })

describe('login throttling in PostgreSQL', () => {
  it('slows guessing at one account from many addresses: 10 failures, then unknown addresses get 429', async () => {
    const user = await createUser(t, 'coordinator', { email: 'target@example.org' })
    // The colleague signed in from the office before the attack.
    expect((await login(user.email, TEST_PASSWORD, '192.0.2.10')).statusCode).toBe(200)
    const statuses: number[] = []
    for (let i = 0; i < 90; i++) statuses.push((await login(user.email, `guess-${i}`, `198.51.100.${i % 18}`)).statusCode)
    expect(statuses.filter((s) => s === 401)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(80)
    // Even the right password from an unknown address waits…
    const stranger = await login(user.email, TEST_PASSWORD, '203.0.113.5')
    expect(stranger.statusCode).toBe(429)
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(stranger.headers['retry-after'])).toBeLessThanOrEqual(15 * 60)
    // …but the attack cannot lock the colleague out of an address they use.
    expect((await login(user.email, TEST_PASSWORD, '192.0.2.10')).statusCode).toBe(200)
    // Other accounts are not affected.
    const other = await createUser(t, 'advisor')
    expect((await login(other.email, TEST_PASSWORD, '203.0.113.5')).statusCode).toBe(200)
  })

  it('keeps the per-address limits: 5 per account and address, 30 per address', async () => {
    const user = await createUser(t, 'advisor')
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong-password', '198.18.0.1')).statusCode).toBe(401)
    expect((await login(user.email, TEST_PASSWORD, '198.18.0.1')).statusCode).toBe(429)
    for (let i = 0; i < 30; i++) await login(`nobody-${i}@example.org`, 'wrong-password', '198.18.0.2')
    const sprayed = await login(user.email, TEST_PASSWORD, '198.18.0.2')
    expect(sprayed.statusCode).toBe(429)
    expect(sprayed.json().code).toBe('TOO_MANY_ATTEMPTS')
  })

  it('holds across processes: another throttle on the same database sees the failures', async () => {
    const user = await createUser(t, 'advisor')
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong-password', '198.18.1.1')
    const otherProcess = new LoginThrottle(t.app.db)
    expect(await otherProcess.retryAfter('198.18.1.1', user.email)).toBeGreaterThan(0)
    expect(await otherProcess.retryAfter('198.18.1.2', user.email)).toBe(0)
  })

  it('throttles the current-password check of POST /api/auth/password', async () => {
    const user = await createUser(t, 'frontdesk')
    const codes: string[] = []
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: bearer(user),
        payload: { currentPassword: `guess-${i}`, newPassword: 'elbe-wiesen-fahrrad' },
        remoteAddress: '198.18.2.1',
      })
      codes.push(res.json().code)
    }
    expect(codes).toEqual([...Array(5).fill('CURRENT_PASSWORD_WRONG'), ...Array(3).fill('TOO_MANY_ATTEMPTS')])
  })

  it('deletes attempts older than 30 days whenever one is recorded', async () => {
    await t.sql.query(`INSERT INTO login_attempts (kind, address, account, succeeded, created_at) VALUES ('login', '198.18.3.1', 'old@example.org', false, now() - interval '31 days')`)
    await login('old@example.org', 'wrong-password', '198.18.3.2')
    const { rows } = await t.sql.query(`SELECT account FROM login_attempts WHERE created_at < now() - interval '30 days'`)
    expect(rows).toEqual([])
  })
})

describe('sign-in timing', () => {
  it('answers a deactivated account as slowly as a wrong password (the hash is always verified)', async () => {
    await createUser(t, 'advisor', { email: 'timing-active@example.org' })
    await createUser(t, 'advisor', { email: 'timing-gone@example.org', active: false })
    // CPU time of this process (argon2 runs on its worker threads, which count), not wall-clock time: what is
    // compared is the work done per answer, which a loaded machine slows down but does not change.
    const time = async (email: string, ip: string) => {
      const start = process.cpuUsage()
      const res = await login(email, TEST_PASSWORD === email ? '' : 'wrong-password-x', ip)
      expect(res.statusCode).toBe(401)
      const used = process.cpuUsage(start)
      return (used.user + used.system) / 1000
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const active: number[] = []
    const gone: number[] = []
    // Seven rounds each, interleaved: on a machine loaded far beyond its cores a single answer's CPU time can
    // double (stalls count as CPU time), and a median of three once read 39 ms against 81 ms.
    for (let i = 0; i < 7; i++) {
      active.push(await time('timing-active@example.org', `198.18.4.${i}`))
      gone.push(await time('timing-gone@example.org', `198.18.5.${i}`))
    }
    // Before the fix: 9 ms against 120 ms (and 4 against 17 when broken on purpose), a ratio of 0.08–0.24; with
    // the hash always verified it is about 1. An argon2 verification takes tens of milliseconds of CPU.
    expect(median(gone)).toBeGreaterThan(median(active) * 0.4)
  })
})
