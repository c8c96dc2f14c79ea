import { sql } from 'drizzle-orm'
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/**
 * Data protection. A person is referred to by (subject_kind, subject_id): an inquiry, a group contact or a user.
 * No foreign key, on purpose: a contact person's row is deleted by erasure while their consents, restriction
 * and erasure record (which hold no personal data) stay as the proof of what happened.
 */

/** Consents with purpose and date; withdrawing sets `withdrawn_on`, nothing is deleted. */
export const privacyConsents = pgTable(
  'privacy_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    purpose: text('purpose').notNull(),
    givenOn: date('given_on').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    withdrawnOn: date('withdrawn_on'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id),
  },
  (t) => [
    index('privacy_consents_subject_idx').on(t.subjectKind, t.subjectId, t.recordedAt),
    check('privacy_consents_kind', sql`${t.subjectKind} IN ('inquiry', 'contact')`),
    check('privacy_consents_purpose', sql`${t.purpose} IN ('contact', 'share_with_offer')`),
    check('privacy_consents_withdrawn', sql`(${t.withdrawnOn} IS NULL) = (${t.withdrawnAt} IS NULL) AND (${t.withdrawnOn} IS NULL OR ${t.withdrawnOn} >= ${t.givenOn})`),
  ],
)

/** Art. 18: a restricted person is hidden from everyone but coordinators. One row while restricted. */
export const privacyRestrictions = pgTable(
  'privacy_restrictions',
  {
    subjectKind: text('subject_kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
    byId: uuid('by_id').references(() => users.id),
    reason: text('reason').notNull(),
  },
  (t) => [
    uniqueIndex('privacy_restrictions_subject_key').on(t.subjectKind, t.subjectId),
    check('privacy_restrictions_kind', sql`${t.subjectKind} IN ('inquiry', 'contact')`),
  ],
)

/** One row per erased person (by hand or by the retention job): makes a second erasure a 409, names nobody. */
export const privacyErasures = pgTable(
  'privacy_erasures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    erasedAt: timestamp('erased_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null when the retention job erased. */
    byId: uuid('by_id').references(() => users.id),
    reason: text('reason').notNull(),
  },
  (t) => [
    uniqueIndex('privacy_erasures_subject_key').on(t.subjectKind, t.subjectId),
    check('privacy_erasures_kind', sql`${t.subjectKind} IN ('inquiry', 'contact', 'user')`),
  ],
)

/** Retention period per data class; a class without a row uses its default (see privacy/retention-classes.ts). */
export const privacyRetentionSettings = pgTable(
  'privacy_retention_settings',
  {
    dataClass: text('data_class').primaryKey(),
    period: integer('period').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [check('privacy_retention_settings_period', sql`${t.period} BETWEEN 1 AND 10950`)],
)

/** What each retention run did: counts per class, no personal data. */
export const privacyRetentionRuns = pgTable(
  'privacy_retention_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger').notNull(),
    triggeredBy: uuid('triggered_by').references(() => users.id),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('privacy_retention_runs_started_idx').on(t.startedAt),
    check('privacy_retention_runs_trigger', sql`${t.trigger} IN ('schedule', 'manual')`),
  ],
)
