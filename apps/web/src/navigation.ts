import type { Role } from '@wohnlotse/shared'

/**
 * The one list of areas of the app and who sees which. The router builds its routes from it, the header its
 * navigation, and the route guard its access check.
 */

export const AREAS = {
  home: { path: '/' },
  groups: { path: '/groups' },
  expertAdvice: { path: '/expert-advice' },
  approvals: { path: '/approvals' },
  frontDesk: { path: '/front-desk' },
  offers: { path: '/offers' },
  reports: { path: '/reports' },
  users: { path: '/users' },
  grants: { path: '/grants' },
  timeEntries: { path: '/time-entries' },
  statements: { path: '/statements' },
  audit: { path: '/audit' },
  privacy: { path: '/privacy' },
} as const satisfies Record<string, { path: string }>

/** An area's key doubles as its route name and its label key (`nav.<key>`). */
export type AreaKey = keyof typeof AREAS

/** Navigation per role, in the order shown. */
export const NAVIGATION: Record<Role, readonly AreaKey[]> = {
  // The audit of case data is the coordinators' (admins read only the audit of accounts); so is data protection
  // (DOMAIN.md: information, erasure, restriction and retention are a coordinator's task).
  coordinator: ['home', 'groups', 'expertAdvice', 'approvals', 'frontDesk', 'offers', 'reports', 'privacy', 'users', 'audit'],
  frontdesk: ['home', 'frontDesk', 'groups'],
  advisor: ['home', 'grants', 'timeEntries', 'statements'],
  // Coordinators and admins keep the offers' catalogue the front desk refers people to.
  admin: ['home', 'users', 'offers', 'audit'],
  // The city reads aggregated figures only: its dashboard and the council report, no case lists.
  city: ['home', 'reports'],
}

export function navigationFor(role: Role): readonly AreaKey[] {
  return NAVIGATION[role]
}

export function canSee(role: Role, area: AreaKey): boolean {
  return NAVIGATION[role].includes(area)
}

export function isAreaKey(value: unknown): value is AreaKey {
  return typeof value === 'string' && Object.hasOwn(AREAS, value)
}
