import type { LoginResponse, MfaChallenge, MfaSetupChallenge, SessionUser } from '@wohnlotse/shared'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '../api/auth.ts'
import { ApiError } from '../api/http.ts'

/** Renew this long before the access token expires, so a request in flight never carries a stale one. */
const RENEW_BEFORE_MS = 60_000
/** Never renew more often than this, even if the server hands out very short tokens. */
const MIN_RENEW_DELAY_MS = 5_000

/**
 * Set while this browser may hold a refresh cookie. The cookie is httpOnly, so the page cannot see it; without this
 * hint every fresh visit would ask the API to refresh and get a 401 logged in the console. Content-free: no token.
 */
export const SESSION_HINT_KEY = 'wohnlotse.session'

function mayHaveSession(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT_KEY) !== null
  } catch {
    // Storage disabled (privacy settings): ask the API, as before the hint existed.
    return true
  }
}

function rememberSession(present: boolean): void {
  try {
    if (present) localStorage.setItem(SESSION_HINT_KEY, '1')
    else localStorage.removeItem(SESSION_HINT_KEY)
  } catch {
    // Without storage restore() simply always asks; nothing to remember.
  }
}

/** The `exp` claim (seconds since epoch) of a JWT, or null if it cannot be read. Not a verification. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1]
  if (!payload) return null
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'))
    const exp: unknown = (JSON.parse(json) as { exp?: unknown }).exp
    return typeof exp === 'number' ? exp : null
  } catch {
    return null
  }
}

export const useAuthStore = defineStore('auth', () => {
  /** The short-lived access token. In memory only, never in storage, so injected scripts cannot lift it later. */
  const accessToken = ref<string | null>(null)
  /** The signed-in person, or null when signed out. */
  const user = ref<SessionUser | null>(null)
  /** Whether `restore()` has finished, i.e. whether a null user really means "signed out". */
  const restored = ref(false)

  const isSignedIn = computed(() => user.value !== null)

  /** The one refresh in flight; everyone who needs a new token (requests, timer, restore) waits for it. */
  let refreshing: Promise<boolean> | null = null
  let restoring: Promise<void> | null = null
  let renewTimer: ReturnType<typeof setTimeout> | undefined

  function accept(session: LoginResponse): void {
    accessToken.value = session.accessToken
    user.value = session.user
    rememberSession(true)
    scheduleRenewal(session.accessToken)
  }

  function scheduleRenewal(token: string): void {
    clearTimeout(renewTimer)
    const exp = tokenExpiry(token)
    if (exp === null) return
    const delay = Math.max(exp * 1000 - Date.now() - RENEW_BEFORE_MS, MIN_RENEW_DELAY_MS)
    // If the early renewal fails, the next request's 401 tries once more and ends the session if need be.
    renewTimer = setTimeout(() => void refresh(), delay)
  }

  /** Forget the session locally (the server side is `logout()`'s business). */
  function clear(): void {
    clearTimeout(renewTimer)
    accessToken.value = null
    user.value = null
    rememberSession(false)
  }

  /** Get a new access token with the refresh cookie. Resolves false when there is no session to renew. */
  function refresh(): Promise<boolean> {
    refreshing ??= authApi
      .refresh()
      .then((session) => {
        accept(session)
        return true
      })
      .catch((err: unknown) => {
        if (!(err instanceof ApiError)) console.error(err)
        // Only the API's "no session" ends the hint; an unreachable server says nothing about the cookie.
        else if (err.status === 401) rememberSession(false)
        return false
      })
      .finally(() => {
        refreshing = null
      })
    return refreshing
  }

  /**
   * On app start: a valid refresh cookie keeps you signed in across reloads. Runs once; later calls wait for it.
   * Asks the API only when a session may exist, so a first visit to the login page makes no failing request.
   */
  function restore(): Promise<void> {
    restoring ??= (mayHaveSession() ? refresh() : Promise.resolve(false)).then(() => {
      restored.value = true
    })
    return restoring
  }

  /**
   * Throws the ApiError of a failed login (INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, …). Resolves null when signed
   * in, or the second step the API asks for (a code, or setting up two-factor login first).
   */
  async function login(email: string, password: string): Promise<MfaChallenge | MfaSetupChallenge | null> {
    const result = await authApi.login(email, password)
    if ('accessToken' in result) {
      accept(result)
      return null
    }
    return result
  }

  /** The second step with a TOTP or recovery code; throws MFA_CODE_WRONG, MFA_TICKET_INVALID, TOO_MANY_ATTEMPTS. */
  async function verifyMfa(ticket: string, code: string): Promise<void> {
    accept(await authApi.verifyMfa(ticket, code))
  }

  /** Ends the session on the server; locally it ends even if the server cannot be reached. */
  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
    } finally {
      clear()
    }
  }

  return { accessToken, user, restored, isSignedIn, refresh, restore, login, verifyMfa, accept, logout, clear }
})
