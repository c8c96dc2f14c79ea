import type { ErrorCode, LoginResponse, Role, SessionUser } from '@wohnlotse/shared'
import { ERROR_CODES } from '@wohnlotse/shared'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { vi } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import { setLocale } from '../src/i18n/index.ts'
import { createAppRouter } from '../src/router/index.ts'
import { wireSession } from '../src/session.ts'
import { SESSION_HINT_KEY } from '../src/stores/auth.ts'

export interface RecordedCall {
  /** "METHOD /path" */
  route: string
  authorization: string | null
  credentials: RequestCredentials | undefined
  body: unknown
}

type Handler = (call: RecordedCall) => Response | Promise<Response>

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

export function apiError(code: ErrorCode, message: string = code): Response {
  const statusCode = ERROR_CODES[code]
  return json(statusCode, { statusCode, code, message })
}

export function sessionUser(role: Role = 'coordinator'): SessionUser {
  const names: Record<Role, string> = {
    coordinator: 'Kora Koordinatorin',
    frontdesk: 'Fritz Empfang',
    advisor: 'Ada Beraterin',
    admin: 'Adam Admin',
    city: 'Clara Controlling',
  }
  return { id: '00000000-0000-4000-8000-000000000001', email: `${role}@example.org`, name: names[role], role }
}

export function session(token: string, role: Role = 'coordinator'): LoginResponse {
  return { accessToken: token, user: sessionUser(role) }
}

/**
 * Stands in for the API at the fetch boundary: answers by "METHOD /path" and records every call. Routes without
 * a handler answer 404 ROUTE_NOT_FOUND, like the API does.
 */
export function fakeApi(handlers: Record<string, Handler>) {
  const calls: RecordedCall[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost')
    const headers = new Headers(init?.headers)
    const call: RecordedCall = {
      route: `${init?.method ?? 'GET'} ${url.pathname}${url.search}`,
      authorization: headers.get('Authorization'),
      credentials: init?.credentials,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    calls.push(call)
    const handler = handlers[call.route]
    return handler ? handler(call) : apiError('ROUTE_NOT_FOUND')
  })
  vi.stubGlobal('fetch', fetchMock)
  // `routes()` lists the calls a page made: the navigation's counter refresh (AppLayout) runs beside every page.
  return { calls, fetchMock, routes: () => calls.map((c) => c.route).filter((r) => r !== 'GET /api/dashboard/counters') }
}

/** A promise you resolve from outside, to hold a response back while other requests pile up. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/**
 * Fresh pinia + router (in memory) wired to the fetch wrapper, German UI: the app as main.ts builds it. By default
 * the browser has signed in before, so start-up asks `POST /api/auth/refresh` (answer it to be signed in or not);
 * `freshVisit` is a browser that never signed in here, which must not ask.
 */
export function createTestApp({ freshVisit = false }: { freshVisit?: boolean } = {}): { pinia: Pinia; router: Router } {
  setLocale('de')
  if (freshVisit) localStorage.removeItem(SESSION_HINT_KEY)
  else localStorage.setItem(SESSION_HINT_KEY, '1')
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  wireSession(router)
  return { pinia, router }
}
