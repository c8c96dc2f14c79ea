import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SESSION_HINT_KEY, tokenExpiry, useAuthStore } from '../src/stores/auth.ts'
import { apiError, createTestApp, fakeApi, json, sessionUser } from './helpers.ts'

/** An unsigned JWT-shaped token: the SPA only reads `exp`, the API verifies. */
function jwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.signature`
}

describe('tokenExpiry()', () => {
  it('reads exp from the payload', () => {
    expect(tokenExpiry(jwt({ sub: 'u1', exp: 1_800_000_000 }))).toBe(1_800_000_000)
  })

  it('answers null for tokens it cannot read', () => {
    expect([tokenExpiry('opaque'), tokenExpiry('a.%%%.c'), tokenExpiry(jwt({ sub: 'u1' }))]).toEqual([null, null, null])
  })
})

describe('useAuthStore', () => {
  beforeEach(() => {
    createTestApp()
  })

  afterEach(() => {
    useAuthStore().clear()
    vi.useRealTimers()
  })

  it('restores the session from the refresh cookie once, however often it is asked', async () => {
    const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, { accessToken: 'a', user: sessionUser() }) })
    const auth = useAuthStore()

    await Promise.all([auth.restore(), auth.restore()])
    await auth.restore()

    expect(api.routes()).toEqual(['POST /api/auth/refresh'])
    expect([auth.restored, auth.isSignedIn, auth.user?.name]).toEqual([true, true, 'Kora Koordinatorin'])
  })

  it('counts as restored and signed out when there is no session', async () => {
    fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })
    const auth = useAuthStore()

    await auth.restore()

    expect([auth.restored, auth.isSignedIn, auth.accessToken]).toEqual([true, false, null])
  })

  it('keeps the access token out of web storage: only the content-free session hint is stored', async () => {
    fakeApi({ 'POST /api/auth/login': () => json(200, { accessToken: jwt({ exp: 2_000_000_000 }), user: sessionUser() }) })
    localStorage.clear()
    sessionStorage.clear()

    await useAuthStore().login('coordinator@example.org', 'dresden-demo')

    expect({ ...localStorage }).toEqual({ [SESSION_HINT_KEY]: '1' })
    expect(sessionStorage.length).toBe(0)
  })

  it('renews the access token a minute before it expires', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') })
    const exp = Math.floor(Date.now() / 1000) + 15 * 60
    const api = fakeApi({
      'POST /api/auth/login': () => json(200, { accessToken: jwt({ exp }), user: sessionUser() }),
      'POST /api/auth/refresh': () => json(200, { accessToken: 'renewed', user: sessionUser() }),
    })
    const auth = useAuthStore()
    await auth.login('coordinator@example.org', 'dresden-demo')

    await vi.advanceTimersByTimeAsync(14 * 60 * 1000 - 1)
    expect(api.routes()).toEqual(['POST /api/auth/login'])

    await vi.advanceTimersByTimeAsync(1)
    expect(api.routes()).toEqual(['POST /api/auth/login', 'POST /api/auth/refresh'])
    expect(auth.accessToken).toBe('renewed')
  })

  it('signs out locally even when the server cannot be reached', async () => {
    const api = fakeApi({ 'POST /api/auth/login': () => json(200, { accessToken: 't', user: sessionUser() }) })
    const auth = useAuthStore()
    await auth.login('coordinator@example.org', 'dresden-demo')
    api.fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))

    await auth.logout()

    expect([auth.accessToken, auth.user]).toEqual([null, null])
  })
})

describe('restoring only when a session may exist', () => {
  afterEach(() => {
    useAuthStore().clear()
  })

  it('asks nothing on a fresh visit, and counts as restored and signed out', async () => {
    createTestApp({ freshVisit: true })
    const api = fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })
    const auth = useAuthStore()

    await auth.restore()

    expect(api.routes()).toEqual([])
    expect([auth.restored, auth.isSignedIn]).toEqual([true, false])
  })

  it('opens the login page of a fresh visit without asking the API', async () => {
    const { router } = createTestApp({ freshVisit: true })
    const api = fakeApi({})

    await router.push('/')

    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/')
    expect(api.routes()).toEqual([])
  })

  it('restores a returning session: signing in left the hint', async () => {
    createTestApp({ freshVisit: true })
    fakeApi({ 'POST /api/auth/login': () => json(200, { accessToken: 't', user: sessionUser() }) })
    await useAuthStore().login('coordinator@example.org', 'dresden-demo')

    // A reload: a new store, the same browser storage.
    const { router } = createTestApp({ freshVisit: localStorage.getItem(SESSION_HINT_KEY) === null })
    const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, { accessToken: 'a', user: sessionUser() }) })
    await router.push('/')

    expect(api.routes()).toEqual(['POST /api/auth/refresh'])
    expect([router.currentRoute.value.name, useAuthStore().user?.name]).toEqual(['home', 'Kora Koordinatorin'])
  })

  it('drops the hint when the API says the session is over, so the next visit asks nothing', async () => {
    createTestApp()
    fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })

    await useAuthStore().restore()

    expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull()
  })

  it('keeps the hint when the server cannot be reached, as the session may still exist', async () => {
    createTestApp()
    const api = fakeApi({})
    api.fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))

    await useAuthStore().restore()

    expect(localStorage.getItem(SESSION_HINT_KEY)).toBe('1')
  })

  it('drops the hint on signing out', async () => {
    createTestApp()
    fakeApi({ 'POST /api/auth/login': () => json(200, { accessToken: 't', user: sessionUser() }), 'POST /api/auth/logout': () => new Response(null, { status: 204 }) })
    const auth = useAuthStore()
    await auth.login('coordinator@example.org', 'dresden-demo')

    await auth.logout()

    expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull()
  })
})
