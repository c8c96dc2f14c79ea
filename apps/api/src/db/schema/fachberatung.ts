import { sql } from 'drizzle-orm'
import { bigint, check, date, foreignKey, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { GRANT_STATUSES, TIME_ENTRY_ACTIVITIES, TIME_ENTRY_STATUSES } from '@wohnlotse/shared'
import { users } from './users.ts'
import { groups } from './groups.ts'

export const grantStatus = pgEnum('grant_status', GRANT_STATUSES)
export const timeEntryStatus = pgEnum('time_entry_status', TIME_ENTRY_STATUSES)
export const timeEntryActivity = pgEnum('time_entry_activity', TIME_ENTRY_ACTIVITIES)

/** Framework contract with one external advisor. */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    advisorId: uuid('advisor_id')
      .notNull()
      .references(() => users.id),
    number: text('number').notNull(),
    validFrom: date('valid_from').notNull(),
    validUntil: date('valid_until').notNull(),
    hourlyRateCents: integer('hourly_rate_cents').notNull(),
    vatRatePercent: integer('vat_rate_percent').notNull(),
    expertise: text('expertise').array().notNull().default(sql`'{}'`),
    maxMinutes: integer('max_minutes'),
    /** Sum of the minutes of all grants under the contract; the volume cap is checked against it. */
    grantedMinutes: integer('granted_minutes').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contracts_number_key').on(t.number),
    index('contracts_advisor_idx').on(t.advisorId, t.validFrom),
    check('contracts_validity', sql`${t.validUntil} >= ${t.validFrom}`),
    check('contracts_rate_positive', sql`${t.hourlyRateCents} > 0`),
    check('contracts_vat_rate', sql`${t.vatRatePercent} IN (0, 7, 19)`),
    check('contracts_volume_cap', sql`${t.maxMinutes} IS NULL OR ${t.grantedMinutes} <= ${t.maxMinutes}`),
    check('contracts_granted_non_negative', sql`${t.grantedMinutes} >= 0`),
    // Target of the grants' composite key: a grant's advisor is the advisor of its contract.
    unique('contracts_id_advisor_key').on(t.id, t.advisorId),
  ],
)

/**
 * The yearly advisor budget. `committed_cents` and `spent_cents` are running totals kept in the same
 * transactions that change grants and entries; the CHECKs make over-commitment impossible even if
 * application code were wrong.
 */
export const advisorBudgets = pgTable(
  'advisor_budgets',
  {
    year: integer('year').primaryKey(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    committedCents: bigint('committed_cents', { mode: 'number' }).notNull().default(0),
    spentCents: bigint('spent_cents', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('advisor_budgets_not_overcommitted', sql`${t.committedCents} <= ${t.amountCents}`),
    check('advisor_budgets_spent_within_committed', sql`${t.spentCents} <= ${t.committedCents}`),
    check('advisor_budgets_non_negative', sql`${t.amountCents} >= 0 AND ${t.committedCents} >= 0 AND ${t.spentCents} >= 0`),
  ],
)

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * An hour grant: the hard cap is `submitted + approved <= granted`, enforced by a conditional UPDATE
 * under the row lock and by the CHECK below.
 */
export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    /** With `advisor_id`, a foreign key to the contract (see `grants_contract_advisor_fk`). */
    contractId: uuid('contract_id').notNull(),
    /** Copied from the contract so an advisor's rows are found without a join; the database keeps the copy true. */
    advisorId: uuid('advisor_id')
      .notNull()
      .references(() => users.id),
    year: integer('year')
      .notNull()
      .references(() => advisorBudgets.year),
    purpose: text('purpose').notNull(),
    grantedMinutes: integer('granted_minutes').notNull(),
    submittedMinutes: integer('submitted_minutes').notNull().default(0),
    approvedMinutes: integer('approved_minutes').notNull().default(0),
    /** Net cents this grant holds in its year's budget. */
    committedCents: bigint('committed_cents', { mode: 'number' }).notNull(),
    /** Net cents of its approved minutes. */
    spentCents: bigint('spent_cents', { mode: 'number' }).notNull().default(0),
    status: grantStatus('status').notNull().default('active'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // One index per list filter, each ending in the keyset (created_at, id) so a page starts at its cursor.
    index('grants_created_idx').on(t.createdAt, t.id),
    index('grants_group_idx').on(t.groupId, t.createdAt, t.id),
    index('grants_advisor_idx').on(t.advisorId, t.status, t.createdAt, t.id),
    index('grants_advisor_created_idx').on(t.advisorId, t.createdAt, t.id),
    index('grants_contract_idx').on(t.contractId, t.createdAt, t.id),
    index('grants_status_idx').on(t.status, t.createdAt, t.id),
    check('grants_hard_cap', sql`${t.submittedMinutes} + ${t.approvedMinutes} <= ${t.grantedMinutes}`),
    check('grants_non_negative', sql`${t.submittedMinutes} >= 0 AND ${t.approvedMinutes} >= 0 AND ${t.grantedMinutes} > 0`),
    // Approved hours spend what the grant committed, never more: closing a grant sets committed = spent.
    check('grants_spent_within_committed', sql`${t.spentCents} >= 0 AND ${t.spentCents} <= ${t.committedCents}`),
    // The composite key replaces a plain contract_id key: an advisor's grant can only sit under their own
    // contract, whatever the application code copies into advisor_id.
    foreignKey({ name: 'grants_contract_advisor_fk', columns: [t.contractId, t.advisorId], foreignColumns: [contracts.id, contracts.advisorId] }),
    // Target of the time entries' composite key.
    unique('grants_id_advisor_key').on(t.id, t.advisorId),
  ],
)

export const grantTopUps = pgTable(
  'grant_top_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id),
    minutes: integer('minutes').notNull(),
    reason: text('reason').notNull(),
    byId: uuid('by_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('grant_top_ups_grant_idx').on(t.grantId, t.at),
    // A top-up adds hours; giving hours back is closing the grant.
    check('grant_top_ups_minutes_positive', sql`${t.minutes} > 0`),
  ],
)

export const statements = pgTable(
  'statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    month: text('month').notNull(),
    totalMinutes: integer('total_minutes').notNull(),
    netCents: bigint('net_cents', { mode: 'number' }).notNull(),
    vatCents: bigint('vat_cents', { mode: 'number' }).notNull(),
    grossCents: bigint('gross_cents', { mode: 'number' }).notNull(),
    finalizedAt: timestamp('finalized_at', { withTimezone: true }).notNull().defaultNow(),
    finalizedBy: uuid('finalized_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('statements_contract_month_key').on(t.contractId, t.month),
    unique('statements_id_month_key').on(t.id, t.month),
    check('statements_month_format', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    // What the advisor invoices and the city pays: gross is net plus VAT, to the cent.
    check(
      'statements_totals',
      sql`${t.totalMinutes} >= 0 AND ${t.netCents} >= 0 AND ${t.vatCents} >= 0 AND ${t.grossCents} = ${t.netCents} + ${t.vatCents}`,
    ),
  ],
)

export const timeEntries = pgTable(
  'time_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** With `advisor_id`, a foreign key to the grant (see `time_entries_grant_advisor_fk`). */
    grantId: uuid('grant_id').notNull(),
    advisorId: uuid('advisor_id')
      .notNull()
      .references(() => users.id),
    date: date('date').notNull(),
    minutes: integer('minutes').notNull(),
    activity: timeEntryActivity('activity').notNull(),
    description: text('description'),
    status: timeEntryStatus('status').notNull().default('submitted'),
    rejectionReason: text('rejection_reason'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /**
     * The month whose statement bills this entry (`YYYY-MM`), fixed when it is approved: the month it was worked
     * in, or the next month not yet finalised when that one was (a "Nachtrag"). Null unless approved.
     * With `billing_month`, a foreign key to the statement (see `time_entries_statement_month_fk`).
     */
    billingMonth: text('billing_month'),
    statementId: uuid('statement_id'),
    /** The client's Idempotency-Key: a retried POST finds the entry it already made. */
    idempotencyKey: text('idempotency_key'),
    /**
     * SHA-256 of the request the key was first used for (grant and canonical body), so the key reused for
     * another request is refused instead of answered with this entry. Null on entries made before it was kept.
     */
    idempotencyRequestHash: text('idempotency_request_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('time_entries_idempotency_key').on(t.advisorId, t.idempotencyKey),
    index('time_entries_grant_idx').on(t.grantId, t.date, t.createdAt),
    index('time_entries_advisor_idx').on(t.advisorId, t.date, t.createdAt),
    index('time_entries_status_idx').on(t.status, t.date, t.createdAt),
    // The council report's covering index; drizzle cannot say INCLUDE, so migration 0019 holds the full definition:
    // (date) INCLUDE (grant_id, minutes, statement_id) WHERE status = 'approved'.
    index('time_entries_approved_date_idx').on(t.date).where(sql`${t.status} = 'approved'`),
    index('time_entries_statement_idx').on(t.statementId),
    check('time_entries_quarter_hours', sql`${t.minutes} BETWEEN 15 AND 600 AND ${t.minutes} % 15 = 0`),
    check('time_entries_rejection_reason', sql`${t.status} <> 'rejected' OR ${t.rejectionReason} IS NOT NULL`),
    // A statement bills approved hours only.
    check('time_entries_billed_approved', sql`${t.statementId} IS NULL OR ${t.status} = 'approved'`),
    // Approved ⇔ a billing month, never earlier than the month worked in (migration 0019).
    check(
      'time_entries_billing_month',
      sql`(${t.status} = 'approved') = (${t.billingMonth} IS NOT NULL) AND (${t.billingMonth} IS NULL OR (${t.billingMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND ${t.billingMonth} >= lpad(extract(year FROM ${t.date})::text, 4, '0') || '-' || lpad(extract(month FROM ${t.date})::text, 2, '0')))`,
    ),
    index('time_entries_billing_month_idx').on(t.billingMonth, t.grantId).where(sql`${t.billingMonth} IS NOT NULL`),
    // A billed entry is billed by the statement of its own billing month.
    foreignKey({ name: 'time_entries_statement_month_fk', columns: [t.statementId, t.billingMonth], foreignColumns: [statements.id, statements.month] }),
    // An advisor logs hours only against their own grant; this replaces a plain grant_id key.
    foreignKey({ name: 'time_entries_grant_advisor_fk', columns: [t.grantId, t.advisorId], foreignColumns: [grants.id, grants.advisorId] }),
  ],
)

