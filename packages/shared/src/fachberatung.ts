import Type, { type Static } from 'typebox'
import { IsoDate, NextCursor, nullable, PageQuery, Reason, Timestamp, Uuid } from './common.ts'
import { TopicSchema } from './group.ts'
import type { Labels } from './labels.ts'

/**
 * Fachberatung: framework contracts, the yearly advisor budget, hour grants and the advisors' time
 * entries. Money is integer cents (net unless named otherwise), durations integer minutes.
 */

/** A calendar month, `YYYY-MM`. */
export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })
export const Year = Type.Integer({ minimum: 2000, maximum: 2100 })
/** Cents as integers; 100 million euros is far above any programme budget. */
const Cents = Type.Integer({ minimum: 0, maximum: 10_000_000_000 })

export const VAT_RATES = [0, 7, 19] as const
export type VatRate = (typeof VAT_RATES)[number]

// ---- Framework contracts (Rahmenverträge) ----

export const Contract = Type.Object({
  id: Uuid,
  advisorId: Uuid,
  advisorName: Type.String(),
  number: Type.String(),
  validFrom: IsoDate,
  validUntil: IsoDate,
  hourlyRateCents: Type.Integer(),
  vatRatePercent: Type.Integer(),
  expertise: Type.Array(TopicSchema),
  /** Optional volume cap: all grants under the contract together may not exceed it. */
  maxMinutes: nullable(Type.Integer()),
  /** Minutes granted under the contract so far (counts against maxMinutes). */
  grantedMinutes: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Contract = Static<typeof Contract>

const contractFields = {
  number: Type.String({ minLength: 1, maxLength: 50 }),
  validFrom: IsoDate,
  validUntil: IsoDate,
  hourlyRateCents: Type.Integer({ minimum: 1, maximum: 100_000 }),
  // Written out: a mapped union loses its literal types.
  vatRatePercent: Type.Union([Type.Literal(0), Type.Literal(7), Type.Literal(19)]),
  expertise: Type.Array(TopicSchema, { uniqueItems: true, maxItems: 30 }),
  maxMinutes: Type.Integer({ minimum: 15, maximum: 1_000_000, multipleOf: 15 }),
}

export const ContractCreate = Type.Object(
  {
    advisorId: Uuid,
    number: contractFields.number,
    validFrom: contractFields.validFrom,
    validUntil: contractFields.validUntil,
    hourlyRateCents: contractFields.hourlyRateCents,
    vatRatePercent: contractFields.vatRatePercent,
    expertise: contractFields.expertise,
    maxMinutes: Type.Optional(contractFields.maxMinutes),
  },
  { additionalProperties: false },
)
export type ContractCreate = Static<typeof ContractCreate>

export const ContractPatch = Type.Object(
  {
    number: Type.Optional(contractFields.number),
    validFrom: Type.Optional(contractFields.validFrom),
    validUntil: Type.Optional(contractFields.validUntil),
    hourlyRateCents: Type.Optional(contractFields.hourlyRateCents),
    vatRatePercent: Type.Optional(contractFields.vatRatePercent),
    expertise: Type.Optional(contractFields.expertise),
    maxMinutes: Type.Optional(nullable(contractFields.maxMinutes)),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ContractPatch = Static<typeof ContractPatch>

export const ContractList = Type.Object({ items: Type.Array(Contract) })
export type ContractList = Static<typeof ContractList>

// ---- Yearly advisor budget (Beraterbudget) ----

export const Budget = Type.Object({
  year: Type.Integer(),
  amountCents: Type.Integer(),
  /** Net money promised by grants of the year. */
  committedCents: Type.Integer(),
  /** Net money of approved hours. */
  spentCents: Type.Integer(),
  availableCents: Type.Integer(),
})
export type Budget = Static<typeof Budget>
export const BudgetPut = Type.Object({ amountCents: Cents }, { additionalProperties: false })
export type BudgetPut = Static<typeof BudgetPut>
export const YearParams = Type.Object({ year: Year }, { additionalProperties: false })

// ---- Settings ----

export const Settings = Type.Object({ defaultGrantMinutes: Type.Integer() })
export type Settings = Static<typeof Settings>
export const SettingsPatch = Type.Object(
  { defaultGrantMinutes: Type.Integer({ minimum: 15, maximum: 6000, multipleOf: 15 }) },
  { additionalProperties: false, minProperties: 1 },
)
export type SettingsPatch = Static<typeof SettingsPatch>

// ---- Hour grants (Fachberatungskontingente) ----

export const GRANT_STATUSES = ['active', 'closed'] as const
export type GrantStatus = (typeof GRANT_STATUSES)[number]
export const grantStatusLabels = {
  active: { de: 'Laufend', en: 'Active' },
  closed: { de: 'Abgeschlossen', en: 'Closed' },
} satisfies Labels<GrantStatus>

export const Grant = Type.Object({
  id: Uuid,
  groupId: Uuid,
  groupName: Type.String(),
  contractId: Uuid,
  contractNumber: Type.String(),
  advisorId: Uuid,
  advisorName: Type.String(),
  /** The budget year the grant's money is committed to. */
  year: Type.Integer(),
  purpose: Type.String(),
  grantedMinutes: Type.Integer(),
  submittedMinutes: Type.Integer(),
  approvedMinutes: Type.Integer(),
  remainingMinutes: Type.Integer(),
  committedCents: Type.Integer(),
  status: Type.Enum(GRANT_STATUSES),
  createdAt: Timestamp,
})
export type Grant = Static<typeof Grant>

export const GrantCreate = Type.Object(
  {
    contractId: Uuid,
    purpose: Type.String({ minLength: 1, maxLength: 500 }),
    /** Defaults to the setting `defaultGrantMinutes` (10 h). */
    minutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 6000, multipleOf: 15 })),
  },
  { additionalProperties: false },
)
export type GrantCreate = Static<typeof GrantCreate>

export const TopUpCreate = Type.Object(
  { minutes: Type.Integer({ minimum: 15, maximum: 6000, multipleOf: 15 }), reason: Reason },
  { additionalProperties: false },
)
export type TopUpCreate = Static<typeof TopUpCreate>

/** Newest first, paged by `cursor` (`nextCursor` of the previous page). */
export const GrantListQuery = Type.Object(
  {
    groupId: Type.Optional(Uuid),
    advisorId: Type.Optional(Uuid),
    contractId: Type.Optional(Uuid),
    status: Type.Optional(Type.Enum(GRANT_STATUSES)),
    ...PageQuery,
  },
  { additionalProperties: false },
)
export type GrantListQuery = Static<typeof GrantListQuery>
export const GrantList = Type.Object({ items: Type.Array(Grant), nextCursor: NextCursor })
export type GrantList = Static<typeof GrantList>

// ---- Time entries (Stundennachweise) ----

export const TIME_ENTRY_ACTIVITIES = ['consultation', 'workshop', 'preparation', 'document_review', 'site_visit', 'correspondence'] as const
export type TimeEntryActivity = (typeof TIME_ENTRY_ACTIVITIES)[number]
export const timeEntryActivityLabels = {
  consultation: { de: 'Beratungsgespräch', en: 'Advice session' },
  workshop: { de: 'Workshop / Moderation', en: 'Workshop / moderation' },
  preparation: { de: 'Vor- und Nachbereitung', en: 'Preparation and follow-up' },
  document_review: { de: 'Prüfung von Unterlagen', en: 'Document review' },
  site_visit: { de: 'Ortstermin', en: 'Site visit' },
  correspondence: { de: 'Schriftverkehr', en: 'Correspondence' },
} satisfies Labels<TimeEntryActivity>

export const TIME_ENTRY_STATUSES = ['submitted', 'approved', 'rejected'] as const
export type TimeEntryStatus = (typeof TIME_ENTRY_STATUSES)[number]
export const timeEntryStatusLabels = {
  submitted: { de: 'Eingereicht', en: 'Submitted' },
  approved: { de: 'Freigegeben', en: 'Approved' },
  rejected: { de: 'Zurückgewiesen', en: 'Rejected' },
} satisfies Labels<TimeEntryStatus>

/** Quarter hours, at most ten hours in one entry. */
export const EntryMinutes = Type.Integer({ minimum: 15, maximum: 600, multipleOf: 15 })

export const TimeEntry = Type.Object({
  id: Uuid,
  grantId: Uuid,
  groupId: Uuid,
  groupName: Type.String(),
  advisorId: Uuid,
  advisorName: Type.String(),
  date: IsoDate,
  minutes: Type.Integer(),
  activity: Type.Enum(TIME_ENTRY_ACTIVITIES),
  description: nullable(Type.String()),
  status: Type.Enum(TIME_ENTRY_STATUSES),
  rejectionReason: nullable(Type.String()),
  /** Set once the entry is on a finalised statement: it can never change again. */
  billed: Type.Boolean(),
  /**
   * The month whose statement bills the entry, fixed on approval: the month it was worked in, or the next month
   * not yet finalised when that one was (then it is a "Nachtrag" there). Null unless approved.
   */
  billingMonth: nullable(Month),
  /** The grant the entry is logged against, as it stands now: what approving it leaves. */
  grant: Type.Object({
    purpose: Type.String(),
    grantedMinutes: Type.Integer(),
    approvedMinutes: Type.Integer(),
    submittedMinutes: Type.Integer(),
  }),
  createdAt: Timestamp,
})
export type TimeEntry = Static<typeof TimeEntry>

export const TimeEntryCreate = Type.Object(
  {
    date: IsoDate,
    minutes: EntryMinutes,
    activity: Type.Enum(TIME_ENTRY_ACTIVITIES),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)
export type TimeEntryCreate = Static<typeof TimeEntryCreate>

export const TimeEntryPatch = Type.Object(
  {
    date: Type.Optional(IsoDate),
    minutes: Type.Optional(EntryMinutes),
    activity: Type.Optional(Type.Enum(TIME_ENTRY_ACTIVITIES)),
    description: Type.Optional(nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type TimeEntryPatch = Static<typeof TimeEntryPatch>

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' })),
})

export const TimeEntryListQuery = Type.Object(
  {
    grantId: Type.Optional(Uuid),
    advisorId: Type.Optional(Uuid),
    status: Type.Optional(Type.Enum(TIME_ENTRY_STATUSES)),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type TimeEntryListQuery = Static<typeof TimeEntryListQuery>
export const TimeEntryList = Type.Object({ items: Type.Array(TimeEntry), nextCursor: NextCursor })
export type TimeEntryList = Static<typeof TimeEntryList>

export const RejectBody = Type.Object({ reason: Reason }, { additionalProperties: false })
export type RejectBody = Static<typeof RejectBody>
const ReviewIds = Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true })
export const BulkApproveBody = Type.Object({ ids: ReviewIds }, { additionalProperties: false })
export type BulkApproveBody = Static<typeof BulkApproveBody>
/** Several submitted entries rejected at once with one reason: all or none. */
export const BulkRejectBody = Type.Object({ ids: ReviewIds, reason: Reason }, { additionalProperties: false })
export type BulkRejectBody = Static<typeof BulkRejectBody>
export const TimeEntryItems = Type.Object({ items: Type.Array(TimeEntry) })

// ---- Monthly statements (Abrechnungen) ----

/**
 * Where a contract's month stands: `open` while the month runs (it cannot be finalised yet), `draft` once it has
 * ended (vorläufig: the approved entries so far, ready to finalise), `finalized` (abgeschlossen, never changes).
 */
export const STATEMENT_STATUSES = ['open', 'draft', 'finalized'] as const
export type StatementStatus = (typeof STATEMENT_STATUSES)[number]
export const statementStatusLabels = {
  open: { de: 'offen', en: 'open' },
  draft: { de: 'vorläufig', en: 'provisional' },
  finalized: { de: 'abgeschlossen', en: 'finalised' },
} satisfies Labels<StatementStatus>

export const StatementParams = Type.Object({ id: Uuid, month: Month }, { additionalProperties: false })
export type StatementParams = Static<typeof StatementParams>

export const Statement = Type.Object({
  contractId: Uuid,
  contractNumber: Type.String(),
  advisorName: Type.String(),
  month: Month,
  status: Type.Enum(STATEMENT_STATUSES),
  hourlyRateCents: Type.Integer(),
  vatRatePercent: Type.Integer(),
  /** Approved entries worked in this month (Leistungszeitraum), oldest first. */
  entries: Type.Array(TimeEntry),
  /**
   * Nachträge: entries of earlier months approved after those months' statements were finalised, billed here
   * (each keeps its own date, which shows its month).
   */
  lateEntries: Type.Array(TimeEntry),
  /** Totals over both lists, rounded once (minutes × rate). */
  totalMinutes: Type.Integer(),
  netCents: Type.Integer(),
  vatCents: Type.Integer(),
  grossCents: Type.Integer(),
  finalizedAt: nullable(Timestamp),
})
export type Statement = Static<typeof Statement>

/** One contract's month in the billing overview. */
export const BillingMonth = Type.Object({
  contractId: Uuid,
  contractNumber: Type.String(),
  advisorName: Type.String(),
  month: Month,
  status: Type.Enum(STATEMENT_STATUSES),
  /** Approved minutes billed (or to be billed) in this month, Nachträge included. */
  totalMinutes: Type.Integer(),
  /** Of those, Nachträge from earlier months. */
  lateMinutes: Type.Integer(),
  entryCount: Type.Integer(),
  netCents: Type.Integer(),
  vatCents: Type.Integer(),
  grossCents: Type.Integer(),
  /** Entries worked in this month still waiting for review: a reason to wait before finalising. */
  submittedCount: Type.Integer(),
  /** The last approval, or the finalisation. Null for a month with nothing approved yet. */
  lastChangeAt: nullable(Timestamp),
})
export type BillingMonth = Static<typeof BillingMonth>

export const BillingOverviewQuery = Type.Object(
  {
    contractId: Type.Optional(Uuid),
    status: Type.Optional(Type.Enum(STATEMENT_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type BillingOverviewQuery = Static<typeof BillingOverviewQuery>
/** Newest month first, then by contract number. */
export const BillingOverview = Type.Object({ items: Type.Array(BillingMonth), nextCursor: NextCursor })
export type BillingOverview = Static<typeof BillingOverview>
