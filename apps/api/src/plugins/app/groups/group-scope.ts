import { sql, type SQL } from 'drizzle-orm'
import type { SessionUser } from '@wohnlotse/shared'
import { groups } from '../../../db/schema/index.ts'

/**
 * Which groups a user may see. Coordinators and the front desk see all; an advisor only the groups
 * they hold an hour grant for. Hour grants arrive with the Fachberatung feature; until then an
 * advisor sees none. Anything outside the scope answers exactly like a missing group (404).
 */
export type GroupScope = { kind: 'all' } | { kind: 'advisor'; advisorId: string }

export function scopeOf(user: SessionUser): GroupScope {
  return user.role === 'advisor' ? { kind: 'advisor', advisorId: user.id } : { kind: 'all' }
}

export function scopeCondition(scope: GroupScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  // No grants exist yet, so no group is an advisor's.
  return sql`false AND ${groups.id} IS NULL`
}
