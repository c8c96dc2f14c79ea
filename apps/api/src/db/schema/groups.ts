import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { CLOSE_REASONS, CONSULTATION_CHANNELS, GROUP_STATUSES, LEGAL_FORMS, LIFECYCLES, STAGES, TARGET_GROUPS } from '@wohnlotse/shared'
import { users } from './users.ts'

export const stage = pgEnum('stage', STAGES)
export const groupStatus = pgEnum('group_status', GROUP_STATUSES)
export const legalForm = pgEnum('legal_form', LEGAL_FORMS)
export const lifecycle = pgEnum('lifecycle', LIFECYCLES)
export const groupCloseReason = pgEnum('group_close_reason', CLOSE_REASONS)
export const consultationChannel = pgEnum('consultation_channel', CONSULTATION_CHANNELS)

/**
 * Housing-project groups. Open lists (district, target groups, languages) are text validated against
 * the reference data, so extending them needs no type migration; state-machine values are enums.
 */
export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    legalForm: legalForm('legal_form'),
    district: text('district'),
    targetGroups: text('target_groups').array().notNull().default(sql`'{}'`),
    languages: text('languages').array().notNull().default(sql`'{}'`),
    plannedHomes: integer('planned_homes'),
    lifecycle: lifecycle('lifecycle').notNull().default('initiative'),
    stage: stage('stage').notNull().default('orientation'),
    stageSince: timestamp('stage_since', { withTimezone: true }).notNull().defaultNow(),
    status: groupStatus('status').notNull().default('active'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The list is ordered by (updated_at, id) descending; each filter has an index in that order.
    index('groups_updated_idx').on(t.updatedAt, t.id),
    index('groups_stage_updated_idx').on(t.stage, t.updatedAt, t.id),
    index('groups_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('groups_district_updated_idx').on(t.district, t.updatedAt, t.id),
    index('groups_stage_district_status_updated_idx').on(t.stage, t.district, t.status, t.updatedAt, t.id),
    // Every pair of the equality filters (migration 0023).
    index('groups_stage_status_updated_idx').on(t.stage, t.status, t.updatedAt, t.id),
    index('groups_stage_district_updated_idx').on(t.stage, t.district, t.updatedAt, t.id),
    index('groups_status_district_updated_idx').on(t.status, t.district, t.updatedAt, t.id),
    // The search text, the target groups and the equality filters share one GIN index (migration 0026, with
    // btree_gin and pg_trgm; an expression with an operator class, so it is declared there only).
    // One partial index per target group in list order, the other equality filters as keys (migration 0027).
    ...TARGET_GROUPS.map((g) =>
      index(`groups_target_${g}_updated_idx`).on(t.updatedAt, t.id, t.stage, t.status, t.district).where(sql.raw(`target_groups @> '{${g}}'::text[]`)),
    ),
    index('groups_created_idx').on(t.createdAt),
    check('groups_planned_homes_positive', sql`${t.plannedHomes} IS NULL OR ${t.plannedHomes} > 0`),
  ],
)

/**
 * Groups per (stage, status, district), kept by triggers on `groups` (migration 0015) so the stage counts beside
 * the list need not scan the table; district NULL is ''. The app role may only read it.
 */
export const groupStageCounts = pgTable(
  'group_stage_counts',
  {
    stage: stage('stage').notNull(),
    status: groupStatus('status').notNull(),
    district: text('district').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ name: 'group_stage_counts_pkey', columns: [t.stage, t.status, t.district] }), check('group_stage_counts_non_negative', sql`${t.n} >= 0`)],
)

/**
 * A reason that is more than blanks. Only ASCII whitespace counts as blank: the API trims with
 * String.prototype.trim and stores null for nothing, so every reason it wrote passes, and SQL such as
 * '' or '  ' does not.
 */
const hasText = (column: AnyPgColumn) => sql`(${column} IS NOT NULL AND btrim(${column}, E' \\t\\n\\r') <> '')`

/** 1, 2, 3 for Stufe I, II, III: a stage's position in the enum. */
const stageOrdinal = (column: AnyPgColumn) => sql`array_position(enum_range(NULL::stage), ${column})`

/** Every move on the advice ladder, the first one (null → orientation) included. */
export const groupStageChanges = pgTable(
  'group_stage_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    fromStage: stage('from_stage'),
    toStage: stage('to_stage').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    byId: uuid('by_id').references(() => users.id),
    reason: text('reason'),
  },
  (t) => [
    index('group_stage_changes_group_idx').on(t.groupId, t.at),
    // The ladder's rule from stageChangeNeedsReason in @wohnlotse/shared: one step forward is routine,
    // anything else (a skip, a move back) needs a reason. Steps are counted by
    // the enum's order, the same order as STAGES; the opening entry (null → Stufe I) is step one.
    check(
      'group_stage_changes_reason',
      sql`${stageOrdinal(t.toStage)} - coalesce(${stageOrdinal(t.fromStage)}, 0) = 1 OR ${hasText(t.reason)}`,
    ),
  ],
)

/** Every change of a group's status (active, paused, closed), with the reason. */
export const groupStatusChanges = pgTable(
  'group_status_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    fromStatus: groupStatus('from_status').notNull(),
    toStatus: groupStatus('to_status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    byId: uuid('by_id').references(() => users.id),
    reason: text('reason'),
    /** Why it was closed, as a code (migration 0021); null on other changes and on closings from before. */
    closeReason: groupCloseReason('close_reason'),
  },
  (t) => [
    index('group_status_changes_group_idx').on(t.groupId, t.at),
    index('group_status_changes_closed_at_idx').on(t.at).where(sql`${t.toStatus} = 'closed'`),
    // Closing a group ends its advice: the history must say why.
    check('group_status_changes_close_reason', sql`${t.toStatus} <> 'closed' OR ${hasText(t.reason)}`),
    check('group_status_changes_close_reason_only_closing', sql`${t.closeReason} IS NULL OR ${t.toStatus} = 'closed'`),
  ],
)

/** Contact persons of a group; dated, because members come and go. */
export const groupContacts = pgTable(
  'group_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    role: text('role'),
    since: date('since'),
    until: date('until'),
    consentAt: date('consent_at'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('group_contacts_group_idx').on(t.groupId),
    check('group_contacts_dates', sql`${t.until} IS NULL OR ${t.since} IS NULL OR ${t.until} >= ${t.since}`),
  ],
)

export const consultations = pgTable(
  'consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    date: date('date').notNull(),
    minutes: integer('minutes').notNull(),
    channel: consultationChannel('channel').notNull(),
    language: text('language'),
    topics: text('topics').array().notNull().default(sql`'{}'`),
    notes: text('notes'),
    stage: stage('stage').notNull(),
    byId: uuid('by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('consultations_group_idx').on(t.groupId, t.date, t.createdAt),
    index('consultations_date_idx').on(t.date),
    check('consultations_minutes_range', sql`${t.minutes} BETWEEN 1 AND 600`),
  ],
)
