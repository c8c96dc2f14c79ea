import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError, request } from '../src/api/http.ts'
import { useAuthStore } from '../src/stores/auth.ts'
import { createTestApp, fakeApi } from './helpers.ts'

// A reverse proxy (or an older API) may refuse a long address or oversized cookies in its own format;
// the SPA still needs a code it can translate.
describe('api/http request() on answers outside the API format', () => {
  beforeEach(() => {
    createTestApp()
  })
  afterEach(() => {
    useAuthStore().clear()
  })

  it.each([
    [414, 'URI Too Long', 'URI_TOO_LONG'],
    [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE'],
  ])('derives the code for %i from the status', async (status, statusText, code) => {
    fakeApi({ 'GET /api/groups': () => new Response('<html>refused</html>', { status, statusText }) })

    const err = (await request('/api/groups').catch((e: unknown) => e)) as ApiError

    expect([err.status, err.code, err.message]).toEqual([status, code, statusText])
  })
})
