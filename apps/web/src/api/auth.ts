import type {
  LoginResponse,
  LoginResult,
  MfaConfirmResult,
  MfaPolicy,
  MfaSetup,
  MfaStatus,
  PasswordChange,
  SessionList,
  SessionUser,
} from '@wohnlotse/shared'
import { request } from './http.ts'

/**
 * 401 INVALID_CREDENTIALS for a wrong pair, 429 TOO_MANY_ATTEMPTS when rate-limited. Sets the refresh cookie when
 * it answers a session; with two-factor login it answers `{mfaRequired, ticket}` (go on with `verifyMfa`) or, where
 * the role requires it and it is not set up, `{mfaSetupRequired, ticket}` (go on with `setupMfa`/`confirmMfa`).
 */
export function login(email: string, password: string): Promise<LoginResult> {
  return request<LoginResult>('/api/auth/login', { method: 'POST', body: { email, password } })
}

/** The second sign-in step: a TOTP or recovery code. 422 MFA_CODE_WRONG, 401 MFA_TICKET_INVALID, 429. */
export function verifyMfa(ticket: string, code: string): Promise<LoginResponse> {
  return request<LoginResponse>('/api/auth/mfa/verify', { method: 'POST', body: { ticket, code } })
}

/** A new TOTP secret with its QR code; signed in, or with the ticket of a forced setup. 409 MFA_ALREADY_ENABLED. */
export function setupMfa(ticket?: string): Promise<MfaSetup> {
  return request<MfaSetup>('/api/auth/mfa/setup', { method: 'POST', body: ticket ? { ticket } : {} })
}

/** Confirms the setup with a code; answers the recovery codes (and, with a ticket, the session). */
export function confirmMfa(code: string, ticket?: string): Promise<MfaConfirmResult> {
  return request<MfaConfirmResult>('/api/auth/mfa/confirm', { method: 'POST', body: ticket ? { code, ticket } : { code } })
}

export function mfaStatus(): Promise<MfaStatus> {
  return request<MfaStatus>('/api/auth/mfa')
}

/** Turns the own second factor off (204); 422 CURRENT_PASSWORD_WRONG. */
export function disableMfa(password: string): Promise<void> {
  return request<void>('/api/auth/mfa/disable', { method: 'POST', body: { password } })
}

/** The own signed-in devices, the one in use marked `current`. */
export function listSessions(): Promise<SessionList> {
  return request<SessionList>('/api/auth/sessions')
}

/** Signs one of the own devices out at once (204); 404 when it has ended already. */
export function endSession(id: string): Promise<void> {
  return request<void>(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' })
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

/** Admins: whether admins and coordinators must use two-factor login. */
export function getMfaPolicy(): Promise<MfaPolicy> {
  return request<MfaPolicy>('/api/auth/mfa/policy')
}

export function setMfaPolicy(requiredForStaff: boolean): Promise<MfaPolicy> {
  return request<MfaPolicy>('/api/auth/mfa/policy', { method: 'PUT', body: { requiredForStaff } })
}
