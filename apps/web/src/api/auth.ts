import type { LoginResponse, PasswordChange, SessionUser } from '@wohnlotse/shared'
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

/**
 * Changes one's own password (204). 422 CURRENT_PASSWORD_WRONG (detail at `/currentPassword`) when the current one
 * does not match. The person's other sessions end; this one stays, as the refresh cookie tells the API which it is.
 */
export function changePassword(body: PasswordChange): Promise<void> {
  return request<void>('/api/auth/password', { method: 'POST', body })
}
