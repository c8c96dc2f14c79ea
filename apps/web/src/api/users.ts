import type { PasswordReset, User, UserCreate, UserList, UserListQuery, UserPatch } from '@wohnlotse/shared'
import { request } from './http.ts'

/**
 * Accounts (admin and coordinator). Contract: packages/shared/src/user.ts; routes: apps/api/src/routes/api/users.
 * A coordinator manages front-desk and advisor accounts only (403 ROLE_NOT_ALLOWED otherwise).
 */

const base = '/api/users'
const one = (id: string) => `${base}/${encodeURIComponent(id)}`

/** Sorted by name; `nextCursor` is null on the last page. */
export function listUsers(query: UserListQuery, signal?: AbortSignal): Promise<UserList> {
  return request<UserList>(base, { query: { ...query }, signal })
}

export function getUser(id: string, signal?: AbortSignal): Promise<User> {
  return request<User>(one(id), { signal })
}

/** 409 EMAIL_TAKEN; 403 ROLE_NOT_ALLOWED for a role the signed-in person may not hand out. */
export function createUser(body: UserCreate): Promise<User> {
  return request<User>(base, { method: 'POST', body })
}

/**
 * Rename, change the role, or (de)activate. Deactivating ends the person's sessions at once. 422
 * CANNOT_CHANGE_OWN_ACCOUNT for one's own role or deactivation.
 */
export function updateUser(id: string, patch: UserPatch): Promise<User> {
  return request<User>(one(id), { method: 'PATCH', body: patch })
}

/**
 * A new password for someone who lost theirs (204); all of the person's sessions end. 403 ROLE_NOT_ALLOWED for an
 * account the signed-in person does not manage, 422 CANNOT_CHANGE_OWN_ACCOUNT for their own (that is `changePassword`).
 */
export function resetPassword(id: string, body: PasswordReset): Promise<void> {
  return request<void>(`${one(id)}/password`, { method: 'POST', body })
}

/** Admins only: removes the second factor of someone who lost it (204); their sessions end. 409 MFA_NOT_SET_UP. */
export function resetMfa(id: string): Promise<void> {
  return request<void>(`${one(id)}/mfa/reset`, { method: 'POST' })
}
