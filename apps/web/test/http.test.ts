import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError, request } from '../src/api/http.ts'
import { useAuthStore } from '../src/stores/auth.ts'
import { apiError, createTestApp, deferred, fakeApi, json, session, sessionUser } from './helpers.ts'

describe('api/http request()', () => {
  let app: ReturnType<typeof createTestApp>

  beforeEach(() => {
    app = createTestApp()
  })

  afterEach(() => {
    useAuthStore().clear()
  })

  it('sends the access token, same-origin credentials and a JSON body, and parses the JSON answer', async () => {
    const api = fakeApi({ 'POST /api/things': () => json(201, { id: 7 }) })
    useAuthStore().accessToken = 'token-a'

    const result = await request<{ id: number }>('/api/things', { method: 'POST', body: { name: 'Wohnsinn' } })

    expect(result).toEqual({ id: 7 })
    expect(api.calls).toEqual([
      { route: 'POST /api/things', authorization: 'Bearer token-a', credentials: 'same-origin', body: { name: 'Wohnsinn' } },
    ])
    const init = api.fetchMock.mock.calls[0]?.[1]
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json')
  })

  it('sends no Authorization header when signed out and resolves undefined for 204', async () => {
    const api = fakeApi({ 'DELETE /api/things/7': () => new Response(null, { status: 204 }) })

    await expect(request('/api/things/7', { method: 'DELETE' })).resolves.toBeUndefined()
    expect(api.calls[0]?.authorization).toBeNull()
  })

  it('turns the API error format into an ApiError with status, code, message and details', async () => {
    fakeApi({
      'POST /api/users': () =>
        json(400, {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'body/email must match format "email"',
          details: [{ path: '/email', message: 'must match format "email"' }],
        }),
    })

    const err = await request('/api/users', { method: 'POST', body: { email: 'x' } }).catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    expect({ ...(err as ApiError), message: (err as ApiError).message }).toEqual({
      name: 'ApiError',
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'body/email must match format "email"',
      details: [{ path: '/email', message: 'must match format "email"' }],
    })
  })

  it('derives the code from the status when the answer is not in the API format', async () => {
    fakeApi({ 'GET /api/groups': () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }) })

    const err = (await request('/api/groups').catch((e: unknown) => e)) as ApiError

    expect([err.status, err.code, err.message, err.details]).toEqual([502, 'INTERNAL_ERROR', 'Bad Gateway', []])
  })

  it('reports an unreachable server as status 0 NETWORK_ERROR', async () => {
    const api = fakeApi({})
    api.fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))

    const err = (await request('/api/groups').catch((e: unknown) => e)) as ApiError

    expect([err.status, err.code, err.message]).toEqual([0, 'NETWORK_ERROR', 'Failed to fetch'])
  })

  it('adds query parameters and leaves out undefined ones', async () => {
    const api = fakeApi({ 'GET /api/users?role=advisor&limit=20': () => json(200, { items: [], nextCursor: null }) })

    await request('/api/users', { query: { role: 'advisor', limit: 20, cursor: undefined } })

    expect(api.routes()).toEqual(['GET /api/users?role=advisor&limit=20'])
  })

  it('renews the session once with the refresh cookie after a 401 SESSION_EXPIRED and retries the request', async () => {
    const api = fakeApi({
      'GET /api/me': (call) => (call.authorization === 'Bearer new' ? json(200, sessionUser()) : apiError('SESSION_EXPIRED')),
      'POST /api/auth/refresh': () => json(200, session('new')),
    })
    useAuthStore().accessToken = 'old'

    await expect(request('/api/me')).resolves.toEqual(sessionUser())

    expect(api.calls.map((c) => [c.route, c.authorization, c.credentials])).toEqual([
      ['GET /api/me', 'Bearer old', 'same-origin'],
      ['POST /api/auth/refresh', 'Bearer old', 'same-origin'],
      ['GET /api/me', 'Bearer new', 'same-origin'],
    ])
    expect(useAuthStore().accessToken).toBe('new')
  })

  it('shares one in-flight refresh among concurrent requests that hit a 401', async () => {
    const refreshAnswer = deferred<Response>()
    const api = fakeApi({
      'GET /api/a': (call) => (call.authorization === 'Bearer new' ? json(200, 'a') : apiError('UNAUTHENTICATED')),
      'GET /api/b': (call) => (call.authorization === 'Bearer new' ? json(200, 'b') : apiError('UNAUTHENTICATED')),
      'GET /api/c': (call) => (call.authorization === 'Bearer new' ? json(200, 'c') : apiError('SESSION_EXPIRED')),
      'POST /api/auth/refresh': () => refreshAnswer.promise,
    })
    useAuthStore().accessToken = 'old'

    const all = Promise.all([request('/api/a'), request('/api/b'), request('/api/c')])
    await new Promise((r) => setTimeout(r, 0))
    refreshAnswer.resolve(json(200, session('new')))

    await expect(all).resolves.toEqual(['a', 'b', 'c'])
    expect(api.routes().filter((r) => r === 'POST /api/auth/refresh')).toHaveLength(1)
    expect(api.routes()).toHaveLength(7)
  })

  it('retries only once: a second 401 after a successful refresh is thrown', async () => {
    const api = fakeApi({
      'GET /api/me': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/refresh': () => json(200, session('new')),
    })

    const err = (await request('/api/me').catch((e: unknown) => e)) as ApiError

    expect([err.status, err.code]).toEqual([401, 'UNAUTHENTICATED'])
    expect(api.routes()).toEqual(['GET /api/me', 'POST /api/auth/refresh', 'GET /api/me'])
  })

  it('does not refresh around the auth calls themselves', async () => {
    const api = fakeApi({ 'POST /api/auth/login': () => apiError('INVALID_CREDENTIALS') })

    const err = (await request('/api/auth/login', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError

    expect(err.code).toBe('INVALID_CREDENTIALS')
    expect(api.routes()).toEqual(['POST /api/auth/login'])
  })

  it('renews around a password change like any signed-in call, although it lives below /api/auth', async () => {
    const api = fakeApi({
      'POST /api/auth/password': (call) =>
        call.authorization === 'Bearer new' ? new Response(null, { status: 204 }) : apiError('SESSION_EXPIRED'),
      'POST /api/auth/refresh': () => json(200, session('new')),
    })
    useAuthStore().accessToken = 'old'

    await expect(request('/api/auth/password', { method: 'POST', body: {} })).resolves.toBeUndefined()
    expect(api.calls.map((c) => [c.route, c.authorization])).toEqual([
      ['POST /api/auth/password', 'Bearer old'],
      ['POST /api/auth/refresh', 'Bearer old'],
      ['POST /api/auth/password', 'Bearer new'],
    ])
  })

  it('does not refresh after a 403', async () => {
    const api = fakeApi({ 'GET /api/users': () => apiError('FORBIDDEN') })

    await expect(request('/api/users')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' })
    expect(api.routes()).toEqual(['GET /api/users'])
  })

  it('ends the session and goes to /login with the way back when the refresh fails', async () => {
    let signedIn = true
    const api = fakeApi({
      'POST /api/auth/refresh': () => (signedIn ? json(200, session('first')) : apiError('UNAUTHENTICATED')),
      'GET /api/groups': () => apiError('SESSION_EXPIRED'),
    })
    await app.router.push('/groups?stage=expert')
    expect(app.router.currentRoute.value.fullPath).toBe('/groups?stage=expert')
    signedIn = false

    await expect(request('/api/groups')).rejects.toMatchObject({ status: 401, code: 'SESSION_EXPIRED' })
    await new Promise((r) => setTimeout(r, 0))

    const auth = useAuthStore()
    expect([auth.accessToken, auth.user]).toEqual([null, null])
    expect(app.router.currentRoute.value.name).toBe('login')
    expect(app.router.currentRoute.value.query).toEqual({ redirect: '/groups?stage=expert', reason: 'expired' })
    expect(api.routes()).toEqual(['POST /api/auth/refresh', 'GET /api/groups', 'POST /api/auth/refresh'])
  })
})
