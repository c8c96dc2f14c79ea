import { sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { SessionUser } from '@wohnlotse/shared'

/**
 * Art. 18: a restricted person stays stored but is shown to coordinators only. Repositories that list or load
 * enquirers or contact persons add this condition for everyone else.
 */
export const notRestricted = (kind: 'inquiry' | 'contact', id: AnyPgColumn): SQL =>
  sql`NOT EXISTS (SELECT 1 FROM privacy_restrictions pr WHERE pr.subject_kind = ${kind} AND pr.subject_id = ${id})`

/** Whether restricted people are hidden from this user: from everyone but coordinators. */
export const hidesRestricted = (user: Pick<SessionUser, 'role'>) => user.role !== 'coordinator'
