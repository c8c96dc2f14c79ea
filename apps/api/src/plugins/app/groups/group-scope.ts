import { sql, type SQL } from 'drizzle-orm'
import type { SessionUser } from '@wohnlotse/shared'
import { grants, groups } from '../../../db/schema/index.ts'

/**
 * Which groups a user may see. Coordinators and the front desk see all; an advisor only the groups
 * they hold (or held) an hour grant for. Anything outside the scope answers exactly like a missing
 * group (404).
 */
export type GroupScope = { kind: 'all' } | { kind: 'advisor'; advisorId: string }

export function scopeOf(user: SessionUser): GroupScope {
  return user.role === 'advisor' ? { kind: 'advisor', advisorId: user.id } : { kind: 'all' }
}

/** The groups an advisor holds (or held) a grant for; `advisorId` may be a prepared statement's placeholder. */
export const advisorGroups = (advisorId: string | ReturnType<typeof sql.placeholder>) =>
  sql`EXISTS (SELECT 1 FROM ${grants} WHERE ${grants.groupId} = ${groups.id} AND ${grants.advisorId} = ${advisorId})`

export function scopeCondition(scope: GroupScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  return advisorGroups(scope.advisorId)
}
