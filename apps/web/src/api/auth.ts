import type { LoginResponse, SessionUser } from '@wohnlotse/shared'
import { request } from './http.ts'

/** 401 INVALID_CREDENTIALS for a wrong pair, 429 TOO_MANY_ATTEMPTS when rate-limited. Sets the refresh cookie. */
export function login(email: string, password: string): Promise<LoginResponse> {
  return request<LoginResponse>('/api/auth/login', { method: 'POST', body: { email, password } })
}

/** Trades the httpOnly refresh cookie for a new access token; fails with 401 once the session is over. */
export function refresh(): Promise<LoginResponse> {
  return request<LoginResponse>('/api/auth/refresh', { method: 'POST' })
}

/** Ends the session on the server and clears the refresh cookie (204). */
export function logout(): Promise<void> {
  return request<void>('/api/auth/logout', { method: 'POST' })
}

export function me(): Promise<SessionUser> {
  return request<SessionUser>('/api/me')
}
