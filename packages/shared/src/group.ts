import Type, { type Static } from 'typebox'
import { ActorRef, IsoDate, NextCursor, nullable, PhoneNumber, Reason, Timestamp, Uuid } from './common.ts'
import {
  CLOSE_REASONS,
  CONSULTATION_CHANNELS,
  DISTRICTS,
  GROUP_STATUSES,
  LANGUAGES,
  LEGAL_FORMS,
  LIFECYCLES,
  STAGES,
  TARGET_GROUPS,
  TOPICS,
} from './reference.ts'

export const StageSchema = Type.Enum(STAGES)
export const GroupStatusSchema = Type.Enum(GROUP_STATUSES)
export const DistrictSchema = Type.Enum(DISTRICTS)
export const TargetGroupSchema = Type.Enum(TARGET_GROUPS)
export const LanguageSchema = Type.Enum(LANGUAGES)
export const LegalFormSchema = Type.Enum(LEGAL_FORMS)
export const LifecycleSchema = Type.Enum(LIFECYCLES)
export const CloseReasonSchema = Type.Enum(CLOSE_REASONS)
export const TopicSchema = Type.Enum(TOPICS)
export const ConsultationChannelSchema = Type.Enum(CONSULTATION_CHANNELS)


export const Group = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: nullable(Type.String()),
  legalForm: nullable(LegalFormSchema),
  district: nullable(DistrictSchema),
  targetGroups: Type.Array(TargetGroupSchema),
  languages: Type.Array(LanguageSchema),
  plannedHomes: nullable(Type.Integer()),
  lifecycle: LifecycleSchema,
  stage: StageSchema,
  /** When the group entered its current stage: the office reports time in stage. */
  stageSince: Timestamp,
  status: GroupStatusSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Group = Static<typeof Group>

const groupFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  legalForm: LegalFormSchema,
  district: DistrictSchema,
  targetGroups: Type.Array(TargetGroupSchema, { uniqueItems: true, maxItems: TARGET_GROUPS.length }),
  languages: Type.Array(LanguageSchema, { uniqueItems: true, maxItems: LANGUAGES.length }),
  plannedHomes: Type.Integer({ minimum: 1, maximum: 2000 }),
  lifecycle: LifecycleSchema,
}

export const GroupCreate = Type.Object(
  {
    name: groupFields.name,
    description: Type.Optional(groupFields.description),
    legalForm: Type.Optional(groupFields.legalForm),
    district: Type.Optional(groupFields.district),
    targetGroups: Type.Optional(groupFields.targetGroups),
    languages: Type.Optional(groupFields.languages),
    plannedHomes: Type.Optional(groupFields.plannedHomes),
    lifecycle: Type.Optional(groupFields.lifecycle),
  },
  { additionalProperties: false },
)
export type GroupCreate = Static<typeof GroupCreate>

/** Optional fields can be cleared with null. */
export const GroupPatch = Type.Object(
  {
    name: Type.Optional(groupFields.name),
    description: Type.Optional(nullable(groupFields.description)),
    legalForm: Type.Optional(nullable(groupFields.legalForm)),
    district: Type.Optional(nullable(groupFields.district)),
    targetGroups: Type.Optional(groupFields.targetGroups),
    languages: Type.Optional(groupFields.languages),
    plannedHomes: Type.Optional(nullable(groupFields.plannedHomes)),
    lifecycle: Type.Optional(groupFields.lifecycle),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type GroupPatch = Static<typeof GroupPatch>

export const GroupListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    stage: Type.Optional(StageSchema),
    status: Type.Optional(GroupStatusSchema),
    district: Type.Optional(DistrictSchema),
    targetGroup: Type.Optional(TargetGroupSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type GroupListQuery = Static<typeof GroupListQuery>

/**
 * A group as the list and the board show it: no description or other case details, which a page of 50 would
 * carry for nothing (a description alone may be 5,000 characters).
 */
const g = Group.properties
export const GroupListItem = Type.Object({
  id: g.id,
  name: g.name,
  district: g.district,
  stage: g.stage,
  stageSince: g.stageSince,
  status: g.status,
  updatedAt: g.updatedAt,
})
export type GroupListItem = Static<typeof GroupListItem>

export const GroupList = Type.Object({ items: Type.Array(GroupListItem), nextCursor: NextCursor })
export type GroupList = Static<typeof GroupList>

/** Groups per stage under the same filters as the list (without the stage filter). */
export const StageCounts = Type.Object({ orientation: Type.Integer(), concept: Type.Integer(), expert: Type.Integer() })
export type StageCounts = Static<typeof StageCounts>
const { q, status, district, targetGroup } = GroupListQuery.properties
export const StageCountsQuery = Type.Object({ q, status, district, targetGroup }, { additionalProperties: false })
export type StageCountsQuery = Static<typeof StageCountsQuery>

export const StageChange = Type.Object({ to: StageSchema, reason: Type.Optional(Reason) }, { additionalProperties: false })
export type StageChange = Static<typeof StageChange>

export const StageHistoryEntry = Type.Object({
  from: nullable(StageSchema),
  to: StageSchema,
  at: Timestamp,
  by: nullable(ActorRef),
  reason: nullable(Type.String()),
})
export type StageHistoryEntry = Static<typeof StageHistoryEntry>
export const StageHistory = Type.Object({ items: Type.Array(StageHistoryEntry) })
export type StageHistory = Static<typeof StageHistory>

/**
 * The ladder's one rule: a step forward is routine; skipping a stage or going back must be explained.
 * Used by the API to refuse and by the SPA to ask for the reason up front.
 */
export function stageChangeNeedsReason(from: (typeof STAGES)[number], to: (typeof STAGES)[number]): boolean {
  return STAGES.indexOf(to) - STAGES.indexOf(from) !== 1
}

export const StatusHistoryEntry = Type.Object({
  from: GroupStatusSchema,
  to: GroupStatusSchema,
  at: Timestamp,
  by: nullable(ActorRef),
  reason: nullable(Type.String()),
  /** The closing's code; null for other changes and for closings recorded before codes existed. */
  closeReason: nullable(CloseReasonSchema),
})
export type StatusHistoryEntry = Static<typeof StatusHistoryEntry>
export const StatusHistory = Type.Object({ items: Type.Array(StatusHistoryEntry) })
export type StatusHistory = Static<typeof StatusHistory>

/** Closing needs a reason code and a reason text; any other change takes no code. */
export const StatusChange = Type.Object({ to: GroupStatusSchema, reason: Type.Optional(Reason), closeReason: Type.Optional(CloseReasonSchema) }, { additionalProperties: false })
export type StatusChange = Static<typeof StatusChange>

// Contact persons (personal data: kept only as long as the group is advised).
const Phone = PhoneNumber
const contactFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  phone: Phone,
  role: Type.String({ minLength: 1, maxLength: 100 }),
  since: IsoDate,
  until: IsoDate,
  consentAt: IsoDate,
}

export const Contact = Type.Object({
  id: Uuid,
  groupId: Uuid,
  name: Type.String(),
  email: nullable(Type.String()),
  phone: nullable(Type.String()),
  role: nullable(Type.String()),
  since: nullable(IsoDate),
  until: nullable(IsoDate),
  /** Day the person agreed to their data being kept (DSGVO Art. 6(1)(a)). */
  consentAt: nullable(IsoDate),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Contact = Static<typeof Contact>

export const ContactCreate = Type.Object(
  {
    name: contactFields.name,
    email: Type.Optional(contactFields.email),
    phone: Type.Optional(contactFields.phone),
    role: Type.Optional(contactFields.role),
    since: Type.Optional(contactFields.since),
    until: Type.Optional(contactFields.until),
    consentAt: Type.Optional(contactFields.consentAt),
  },
  { additionalProperties: false },
)
export type ContactCreate = Static<typeof ContactCreate>

export const ContactPatch = Type.Object(
  {
    name: Type.Optional(contactFields.name),
    email: Type.Optional(nullable(contactFields.email)),
    phone: Type.Optional(nullable(contactFields.phone)),
    role: Type.Optional(nullable(contactFields.role)),
    since: Type.Optional(nullable(contactFields.since)),
    until: Type.Optional(nullable(contactFields.until)),
    consentAt: Type.Optional(nullable(contactFields.consentAt)),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ContactPatch = Static<typeof ContactPatch>

export const ContactList = Type.Object({ items: Type.Array(Contact) })
export type ContactList = Static<typeof ContactList>

export const ContactParams = Type.Object({ id: Uuid, contactId: Uuid }, { additionalProperties: false })
export type ContactParams = Static<typeof ContactParams>

export const Consultation = Type.Object({
  id: Uuid,
  groupId: Uuid,
  date: IsoDate,
  minutes: Type.Integer(),
  channel: ConsultationChannelSchema,
  language: nullable(LanguageSchema),
  topics: Type.Array(TopicSchema),
  /** Null when empty, and when the reader may not see it (front desk, Stufe II/III). */
  notes: nullable(Type.String()),
  notesHidden: Type.Boolean(),
  /** The group's stage when the consultation was logged. */
  stage: StageSchema,
  by: ActorRef,
  createdAt: Timestamp,
})
export type Consultation = Static<typeof Consultation>

export const ConsultationCreate = Type.Object(
  {
    date: IsoDate,
    minutes: Type.Integer({ minimum: 5, maximum: 600 }),
    channel: ConsultationChannelSchema,
    language: Type.Optional(LanguageSchema),
    topics: Type.Array(TopicSchema, { uniqueItems: true, maxItems: TOPICS.length }),
    notes: Type.Optional(Type.String({ maxLength: 10000 })),
  },
  { additionalProperties: false },
)
export type ConsultationCreate = Static<typeof ConsultationCreate>

export const ConsultationList = Type.Object({ items: Type.Array(Consultation) })
export type ConsultationList = Static<typeof ConsultationList>
