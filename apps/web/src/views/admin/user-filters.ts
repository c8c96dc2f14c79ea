import { ROLES, type Role, type UserListQuery } from '@wohnlotse/shared'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/** The account list's filters, kept in the address (`/users?role=advisor&active=false`) so they survive a reload. */
export interface UserFilters {
  role: Role | null
  /** null: active and deactivated accounts. */
  active: boolean | null
}

export const NO_USER_FILTERS: UserFilters = { role: null, active: null }

function single(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : null
}

/** Unknown values are ignored rather than sent to the API, which would answer 400. */
export function userFiltersFromRoute(query: LocationQuery): UserFilters {
  const role = single(query.role)
  const active = single(query.active)
  return {
    role: role && (ROLES as readonly string[]).includes(role) ? (role as Role) : null,
    active: active === 'true' ? true : active === 'false' ? false : null,
  }
}

export function userRouteQuery(filters: UserFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (filters.role) query.role = filters.role
  if (filters.active !== null) query.active = String(filters.active)
  return query
}

export function userListQuery(filters: UserFilters): UserListQuery {
  const query: UserListQuery = {}
  if (filters.role) query.role = filters.role
  if (filters.active !== null) query.active = filters.active
  return query
}

export function hasUserFilters(filters: UserFilters): boolean {
  return filters.role !== null || filters.active !== null
}
