import { sql } from 'drizzle-orm'
import { boolean, check, date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { INQUIRY_CHANNELS, INQUIRY_STATUSES, REFERRAL_OUTCOMES } from '@wohnlotse/shared'
import { users } from './users.ts'
import { groups } from './groups.ts'

export const inquiryChannel = pgEnum('inquiry_channel', INQUIRY_CHANNELS)
export const inquiryStatus = pgEnum('inquiry_status', INQUIRY_STATUSES)
export const referralOutcome = pgEnum('referral_outcome', REFERRAL_OUTCOMES)

/**
 * Existing offers the front desk refers people to. Every installation starts with the eight named in
 * the workshop documentation (migration offers_seed). Offers are switched off, never deleted: the
 * referral statistics keep pointing at them.
 */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    organisation: text('organisation'),
    description: text('description'),
    topics: text('topics').array().notNull().default(sql`'{}'`),
    targetGroups: text('target_groups').array().notNull().default(sql`'{}'`),
    languages: text('languages').array().notNull().default(sql`'{}'`),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    contactUrl: text('contact_url'),
    contactAddress: text('contact_address'),
    contactOpeningHours: text('contact_opening_hours'),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One offer per name, whatever the case: two "Wohnberatungsstelle" entries would split the statistics.
    uniqueIndex('offers_name_key').on(sql`lower(${t.name})`),
    index('offers_active_name_idx').on(t.active, t.name),
  ],
)

/** A contact at the front desk. Name and contact are personal data and live only here. */
export const inquiries = pgTable(
  'inquiries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    channel: inquiryChannel('channel').notNull(),
    name: text('name'),
    contact: text('contact'),
    topics: text('topics').array().notNull().default(sql`'{}'`),
    targetGroups: text('target_groups').array().notNull().default(sql`'{}'`),
    language: text('language'),
    notes: text('notes'),
    status: inquiryStatus('status').notNull().default('open'),
    closeReason: text('close_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    groupId: uuid('group_id').references(() => groups.id),
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The list is ordered by (received_at, id) descending; the status filter has its own index in that order.
    index('inquiries_received_idx').on(t.receivedAt, t.id),
    index('inquiries_status_received_idx').on(t.status, t.receivedAt, t.id),
    // A group is opened from at most one inquiry.
    uniqueIndex('inquiries_group_key').on(t.groupId),
    check('inquiries_closed', sql`(${t.status} = 'closed') = (${t.closeReason} IS NOT NULL AND ${t.closedAt} IS NOT NULL)`),
    check('inquiries_converted', sql`(${t.status} = 'converted') = (${t.groupId} IS NOT NULL AND ${t.convertedAt} IS NOT NULL)`),
  ],
)

/** Inquiry or group → offer, followed up on `follow_up_on`. */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inquiryId: uuid('inquiry_id').references(() => inquiries.id),
    groupId: uuid('group_id').references(() => groups.id),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    reason: text('reason'),
    consentToShare: boolean('consent_to_share').notNull(),
    followUpOn: date('follow_up_on').notNull(),
    outcome: referralOutcome('outcome').notNull().default('pending'),
    outcomeNote: text('outcome_note'),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
    outcomeBy: uuid('outcome_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Newest first for the plain list and each filter; the due worklist and follow-up ranges by follow-up day.
    index('referrals_created_idx').on(t.createdAt, t.id),
    index('referrals_offer_created_idx').on(t.offerId, t.createdAt, t.id),
    index('referrals_outcome_created_idx').on(t.outcome, t.createdAt, t.id),
    index('referrals_due_idx').on(t.followUpOn, t.createdAt, t.id).where(sql`${t.outcome} = 'pending'`),
    // A follow-up range over every outcome (with outcome=pending the partial index above serves it).
    index('referrals_follow_up_idx').on(t.followUpOn, t.createdAt, t.id),
    index('referrals_inquiry_idx').on(t.inquiryId, t.createdAt),
    index('referrals_group_idx').on(t.groupId, t.createdAt),
    check('referrals_one_subject', sql`num_nonnulls(${t.inquiryId}, ${t.groupId}) = 1`),
    check('referrals_outcome_recorded', sql`(${t.outcome} = 'pending') = (${t.outcomeAt} IS NULL)`),
  ],
)
