import { ROLES, ROLES_MANAGED_BY_COORDINATOR, type Role, type SessionUser, type User } from '@wohnlotse/shared'

/**
 * Who may do what to which account, as the API decides it (apps/api/src/plugins/app/users/users-service.ts):
 * an admin manages every account, a coordinator front-desk and advisor accounts only, and nobody deactivates,
 * changes the role of, or resets the password of their own account. The SPA hides what the API would refuse and
 * says why.
 */

/** The roles the signed-in person may hand out, in the order of the shared list. */
export function assignableRoles(role: Role | undefined): readonly Role[] {
  if (role === 'admin') return ROLES
  if (role === 'coordinator') return ROLES_MANAGED_BY_COORDINATOR
  return []
}

export interface AccountPermissions {
  /** The signed-in person's own account ("Sie"). */
  self: boolean
  /** Any change at all; false shows the row read-only. */
  manage: boolean
  rename: boolean
  changeRole: boolean
  /** Deactivate or activate. */
  setActive: boolean
  /**
   * Set a new password for someone who lost theirs. Not for one's own account (that is "Mein Konto", which asks for
   * the current password) and not for a deactivated one, which cannot sign in anyway: activate it first.
   */
  resetPassword: boolean
}

export function accountPermissions(actor: SessionUser | null, account: User): AccountPermissions {
  const self = actor?.id === account.id
  const manage = assignableRoles(actor?.role).includes(account.role)
  return {
    self,
    manage,
    rename: manage,
    changeRole: manage && !self,
    setActive: manage && !self,
    resetPassword: manage && !self && account.active,
  }
}
