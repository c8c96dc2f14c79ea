import { sql } from 'drizzle-orm'
import { check, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/**
 * Stored council reports ("Bericht festschreiben"): the report as generated, with a SHA-256 over its canonical
 * JSON, who and when. A trigger (migration 0019) refuses UPDATE, DELETE and TRUNCATE.
 */
export const councilReportSnapshots = pgTable(
  'council_report_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    report: jsonb('report').notNull(),
    hash: text('hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('council_report_snapshots_created_idx').on(t.createdAt, t.id),
    check('council_report_snapshots_period', sql`${t.periodTo} >= ${t.periodFrom}`),
    check('council_report_snapshots_hash', sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
  ],
)
