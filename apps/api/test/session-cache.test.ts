import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SessionCache } from '../src/plugins/app/auth/session-cache.ts'
import { bearer, buildTestApp, createUser, TEST_PASSWORD, type TestApp, type TestUser } from './helper.ts'

// The per-request session check is answered from memory (plugins/app/auth/session-cache.ts) until the database
// says that something changed (migration 0024 → LISTEN, session-listener.ts). These tests hold every way a
// session can end, or its user change, to "takes effect on the very next request".

let t: TestApp
/** An app whose listener does not come back for a minute once its connection is gone. */
let slow: TestApp
beforeAll(async () => {
  ;[t, slow] = await Promise.all([buildTestApp(), buildTestApp({ sessionCache: { reconnectMs: { first: 60_000, max: 60_000 } } })])
})
afterAll(async () => Promise.all([t?.close(), slow?.close()]))

const refreshCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('wohnlotse_refresh='))!.split(';')[0]!
const withToken = (token: string) => ({ authorization: `Bearer ${token}` })
const login = (app: TestApp, email: string) => app.api.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200)

/** Resolves when this app's cache has received the database's notification about `userId` (fails after 15 s). */
function notification(app: TestApp, userId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      app.app.sessionCache.off('invalidate', seen)
      reject(new Error(`no notification for ${userId} within 15 s`))
    }, 15_000)
    const seen = (payload: string) => {
      if (payload !== userId && payload !== '*') return
      clearTimeout(timer)
      app.app.sessionCache.off('invalidate', seen)
      resolve()
    }
    app.app.sessionCache.on('invalidate', seen)
  })
}

/** Signs in through the API once, so the cache holds the session, and checks that it does. */
async function cached(app: TestApp, user: TestUser): Promise<void> {
  await app.api.get('/api/me').set(bearer(user)).expect(200)
  expect(app.app.sessionCache.get(user.id, user.sessionId)).toEqual({ id: user.id, email: user.email, name: user.name, role: user.role })
}

/** Ends the LISTEN connection from the database's side, as a restart or a network failure would. */
async function killListener(app: TestApp): Promise<void> {
  const down = once(app.app.sessionCache, 'live')
  const { rowCount } = await app.sql.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'wohnlotse session cache' AND datname = current_database()`,
  )
  expect(rowCount).toBe(1)
  expect(await down).toEqual([false])
}

describe('a change made directly in the database (another process) holds once its notification has arrived', () => {
  it('deactivation', async () => {
    const user = await createUser(t, 'advisor')
    await cached(t, user)
    const told = notification(t, user.id)
    await t.sql.query('UPDATE users SET active = false WHERE id = $1', [user.id])
    await told
    expect(t.app.sessionCache.get(user.id, user.sessionId)).toBeUndefined()
    const res = await t.api.get('/api/me').set(bearer(user)).expect(401)
    expect(res.body.code).toBe('UNAUTHENTICATED')
  })

  it('a role change, and a new name or e-mail', async () => {
    const user = await createUser(t, 'coordinator')
    await cached(t, user)
    await t.api.get('/api/users').set(bearer(user)).expect(200)
    const told = notification(t, user.id)
    await t.sql.query(`UPDATE users SET role = 'frontdesk', name = 'Umbenannt', email = 'umbenannt@example.org' WHERE id = $1`, [user.id])
    await told
    const me = await t.api.get('/api/me').set(bearer(user)).expect(200)
    expect(me.body).toEqual({ id: user.id, email: 'umbenannt@example.org', name: 'Umbenannt', role: 'frontdesk' })
    await t.api.get('/api/users').set(bearer(user)).expect(403)
  })

  it('a revoked session, a deleted one, and a cleared sessions table', async () => {
    const user = await createUser(t, 'advisor')
    const other = await createUser(t, 'advisor')
    await cached(t, user)
    let told = notification(t, user.id)
    await t.sql.query('UPDATE sessions SET revoked_at = now() WHERE family_id = $1', [user.sessionId])
    await told
    await t.api.get('/api/me').set(bearer(user)).expect(401)

    const again = await login(t, user.email)
    await t.api.get('/api/me').set(withToken(again.body.accessToken)).expect(200)
    told = notification(t, user.id)
    await t.sql.query('DELETE FROM sessions WHERE user_id = $1', [user.id])
    await told
    await t.api.get('/api/me').set(withToken(again.body.accessToken)).expect(401)

    await cached(t, other)
    told = notification(t, '*')
    await t.sql.query('TRUNCATE sessions')
    await told
    expect(t.app.sessionCache.count).toBe(0)
    await t.api.get('/api/me').set(bearer(other)).expect(401)
  })

  it('a session that expires meanwhile is not honoured from memory', async () => {
    const user = await createUser(t, 'advisor')
    await t.sql.query(`UPDATE sessions SET expires_at = now() + interval '1 second' WHERE family_id = $1`, [user.sessionId])
    await cached(t, user)
    // No notification is sent for time passing: the entry is kept no longer than the session lives.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expect(t.app.sessionCache.get(user.id, user.sessionId)).toBeUndefined()
    await t.api.get('/api/me').set(bearer(user)).expect(401)
  })
})

describe("a change through this process's API holds on the very next request, before any notification arrives", () => {
  /** Holds back the database's notifications while `work` runs, so only the process's own eviction can help. */
  async function withoutNotifications(work: () => Promise<void>): Promise<void> {
    const cache = t.app.sessionCache
    const held: string[] = []
    cache.notified = (payload) => void held.push(payload)
    try {
      await work()
    } finally {
      delete (cache as Partial<SessionCache>).notified
      for (const payload of held) cache.notified(payload)
    }
  }

  it('logout, ending a session from the list, and reusing a rotated refresh token', async () => {
    const user = await createUser(t, 'advisor')
    const a = await login(t, user.email)
    const b = await login(t, user.email)
    const c = await login(t, user.email)
    for (const s of [a, b, c]) await t.api.get('/api/me').set(withToken(s.body.accessToken)).expect(200)
    await withoutNotifications(async () => {
      await t.api.post('/api/auth/logout').set('cookie', refreshCookie(a)).expect(204)
      await t.api.get('/api/me').set(withToken(a.body.accessToken)).expect(401)

      const sid = JSON.parse(Buffer.from(b.body.accessToken.split('.')[1], 'base64url').toString()).sid as string
      await t.api.delete(`/api/auth/sessions/${sid}`).set(withToken(c.body.accessToken)).expect(204)
      await t.api.get('/api/me').set(withToken(b.body.accessToken)).expect(401)

      await t.api.post('/api/auth/refresh').set('cookie', refreshCookie(c)).expect(200)
      await t.api.get('/api/me').set(withToken(c.body.accessToken)).expect(200)
      await t.api.post('/api/auth/refresh').set('cookie', refreshCookie(c)).expect(401)
      await t.api.get('/api/me').set(withToken(c.body.accessToken)).expect(401)
    })
  })

  it('a password change (other sessions), a password reset and a second-factor reset (all sessions)', async () => {
    const admin = await createUser(t, 'admin')
    const user = await createUser(t, 'frontdesk')
    const here = await login(t, user.email)
    const elsewhere = await login(t, user.email)
    for (const s of [here, elsewhere]) await t.api.get('/api/me').set(withToken(s.body.accessToken)).expect(200)
    await withoutNotifications(async () => {
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
  })

  it('deactivation and a role change by an admin, and an erased account', async () => {
    const admin = await createUser(t, 'admin')
    const coordinator = await createUser(t, 'coordinator')
    const user = await createUser(t, 'coordinator')
    const gone = await createUser(t, 'advisor')
    await cached(t, user)
    await cached(t, gone)
    await withoutNotifications(async () => {
      await t.api.patch(`/api/users/${user.id}`).set(bearer(admin)).send({ role: 'advisor', name: 'Neuer Name' }).expect(200)
      const me = await t.api.get('/api/me').set(bearer(user)).expect(200)
      expect(me.body).toMatchObject({ role: 'advisor', name: 'Neuer Name' })
      await t.api.patch(`/api/users/${user.id}`).set(bearer(admin)).send({ active: false }).expect(200)
      await t.api.get('/api/me').set(bearer(user)).expect(401)

      await t.api.post(`/api/privacy/people/user:${gone.id}/erase`).set(bearer(coordinator)).send({ reason: 'Ausgeschieden' }).expect(200)
      await t.api.get('/api/me').set(bearer(gone)).expect(401)
    })
  })
})

describe('while the LISTEN connection is down, the cache keeps nothing', () => {
  it('clears itself, asks the database on every request, and sees a change made in SQL at once', async () => {
    const user = await createUser(slow, 'advisor')
    await cached(slow, user)
    await killListener(slow)
    expect(slow.app.sessionCache.live).toBe(false)
    expect(slow.app.sessionCache.count).toBe(0)
    await slow.api.get('/api/me').set(bearer(user)).expect(200)
    expect(slow.app.sessionCache.count).toBe(0)
    // No notification can arrive (nobody listens), and none is awaited: the next request sees the change.
    await slow.sql.query('UPDATE users SET active = false WHERE id = $1', [user.id])
    await slow.api.get('/api/me').set(bearer(user)).expect(401)
  })

  it('comes back by itself, and from then on keeps and evicts again', async () => {
    const user = await createUser(t, 'advisor')
    await cached(t, user)
    await killListener(t)
    expect(await once(t.app.sessionCache, 'live')).toEqual([true])
    expect(t.app.sessionCache.count).toBe(0)
    await cached(t, user)
    const told = notification(t, user.id)
    await t.sql.query(`UPDATE users SET role = 'frontdesk' WHERE id = $1`, [user.id])
    await told
    expect((await t.api.get('/api/me').set(bearer(user)).expect(200)).body.role).toBe('frontdesk')
  })
})

describe('SessionCache', () => {
  const user = { id: 'u1', email: 'a@example.org', name: 'A', role: 'advisor' as const }
  const far = new Date(Date.now() + 86_400_000)

  it('keeps nothing before it is live, and forgets everything when it goes down', () => {
    const cache = new SessionCache()
    cache.store(cache.ticket(), 's1', user, far)
    expect(cache.get('u1', 's1')).toBeUndefined()
    cache.setLive(true)
    cache.store(cache.ticket(), 's1', user, far)
    expect(cache.get('u1', 's1')).toEqual(user)
    cache.setLive(false)
    expect(cache.get('u1', 's1')).toBeUndefined()
  })

  it('does not keep an answer read before an invalidation that came in meanwhile', () => {
    const cache = new SessionCache()
    cache.setLive(true)
    const ticket = cache.ticket()
    cache.invalidate('someone-else')
    cache.store(ticket, 's1', user, far)
    expect(cache.get('u1', 's1')).toBeUndefined()
  })

  it('trusts an entry for the TTL at most, never past the session, and holds at most maxEntries', () => {
    const cache = new SessionCache({ ttlMs: 1_000, maxEntries: 2 })
    cache.setLive(true)
    const now = 1_000_000
    cache.store(cache.ticket(), 's1', user, far, now)
    expect(cache.get('u1', 's1', now + 999)).toEqual(user)
    expect(cache.get('u1', 's1', now + 1_000)).toBeUndefined()
    cache.store(cache.ticket(), 's2', user, new Date(now + 10), now)
    expect(cache.get('u1', 's2', now + 10)).toBeUndefined()
    for (const id of ['a', 'b', 'c']) cache.store(cache.ticket(), 's', { ...user, id }, far, now)
    expect(cache.count).toBe(2)
    expect(cache.get('a', 's', now)).toBeUndefined()
    expect(cache.get('c', 's', now)).toEqual({ ...user, id: 'c' })
  })
})
