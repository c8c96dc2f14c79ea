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

/** How many areas the header shows in its row before the rest go under "Mehr" (one row at 1280 px). */
export const NAV_ROW_AREAS = 7

/**
 * The header's row and its "Mehr" list: a long navigation (the coordinator's) keeps its first areas in the row and
 * the last ones, the less-used, under "Mehr"; a short one stays whole (moving one area alone helps nobody).
 */
export function splitNavigation(areas: readonly AreaKey[]): { row: readonly AreaKey[]; more: readonly AreaKey[] } {
  if (areas.length <= NAV_ROW_AREAS + 1) return { row: areas, more: [] }
  return { row: areas.slice(0, NAV_ROW_AREAS), more: areas.slice(NAV_ROW_AREAS) }
}

export function canSee(role: Role, area: AreaKey): boolean {
  return NAVIGATION[role].includes(area)
}

export function isAreaKey(value: unknown): value is AreaKey {
  return typeof value === 'string' && Object.hasOwn(AREAS, value)
}
