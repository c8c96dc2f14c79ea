import Type, { type Static } from 'typebox'
import { ActorRef, IsoDate, NextCursor, nullable, PageQuery, PhoneNumber, Reason, Timestamp, Uuid } from './common.ts'
import { Group, LanguageSchema, TargetGroupSchema, TopicSchema } from './group.ts'
import type { Labels } from './labels.ts'
import { LANGUAGES, TARGET_GROUPS, TOPICS } from './reference.ts'

/**
 * The front desk (Anlaufstelle): existing offers the office refers people to, the inquiries it
 * receives, and the referrals it makes and follows up (Verweisberatung).
 */

/** At least one character that is not a space. */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' })
const topicList = Type.Array(TopicSchema, { uniqueItems: true, maxItems: TOPICS.length })
const targetGroupList = Type.Array(TargetGroupSchema, { uniqueItems: true, maxItems: TARGET_GROUPS.length })
const languageList = Type.Array(LanguageSchema, { uniqueItems: true, maxItems: LANGUAGES.length })

// ---- Enums ----

/** How an inquiry reached the office. */
export const INQUIRY_CHANNELS = ['phone', 'email', 'walk_in', 'event', 'web'] as const
export type InquiryChannel = (typeof INQUIRY_CHANNELS)[number]
export const inquiryChannelLabels = {
  phone: { de: 'Telefon', en: 'Phone' },
  email: { de: 'E-Mail', en: 'E-mail' },
  walk_in: { de: 'Persönlich vorbeigekommen', en: 'Walk-in' },
  event: { de: 'Veranstaltung', en: 'Event' },
  web: { de: 'Webformular', en: 'Web form' },
} satisfies Labels<InquiryChannel>
export const InquiryChannelSchema = Type.Enum(INQUIRY_CHANNELS)

/**
 * open → referred (first referral) → closed, or open/referred → converted (a group case was opened).
 * `converted` is final; `closed` ends the inquiry, its referrals are still followed up.
 */
export const INQUIRY_STATUSES = ['open', 'referred', 'converted', 'closed'] as const
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number]
export const inquiryStatusLabels = {
  open: { de: 'Offen', en: 'Open' },
  referred: { de: 'Weiterverwiesen', en: 'Referred' },
  converted: { de: 'Gruppe angelegt', en: 'Converted to a group' },
  closed: { de: 'Abgeschlossen', en: 'Closed' },
} satisfies Labels<InquiryStatus>
export const InquiryStatusSchema = Type.Enum(INQUIRY_STATUSES)

/** What became of a referral; `pending` until the follow-up records something else. */
export const REFERRAL_OUTCOMES = ['pending', 'contacted', 'helped', 'not_helped', 'unreachable'] as const
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number]
export const referralOutcomeLabels = {
  pending: { de: 'Nachfrage offen', en: 'Follow-up pending' },
  contacted: { de: 'Kontakt aufgenommen', en: 'Got in touch' },
  helped: { de: 'Hat geholfen', en: 'Helped' },
  not_helped: { de: 'Hat nicht geholfen', en: 'Did not help' },
  unreachable: { de: 'Nicht erreicht', en: 'Could not be reached' },
} satisfies Labels<ReferralOutcome>
export const ReferralOutcomeSchema = Type.Enum(REFERRAL_OUTCOMES)
/** The outcomes a follow-up can record (a referral never goes back to pending). */
export const RECORDED_OUTCOMES = REFERRAL_OUTCOMES.filter((o): o is Exclude<ReferralOutcome, 'pending'> => o !== 'pending')
export const RecordedOutcomeSchema = Type.Enum(RECORDED_OUTCOMES)

/** Days between a referral and its follow-up when the referral names no date. */
export const DEFAULT_FOLLOW_UP_DAYS = 14

// ---- Offers (bestehende Angebote) ----

/** Same rule as a group contact's phone number. */
const Phone = PhoneNumber
const contactInput = {
  phone: Phone,
  email: Type.String({ format: 'email', maxLength: 254 }),
  url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }),
  address: Text(500),
  /** Free text as the office writes it: "Mo–Do 9–16 Uhr, Fr nach Vereinbarung". */
  openingHours: Text(500),
}

/** Contact data of an offer: empty until the office enters it, never guessed. */
export const OfferContact = Type.Object({
  phone: nullable(Type.String()),
  email: nullable(Type.String()),
  url: nullable(Type.String()),
  address: nullable(Type.String()),
  openingHours: nullable(Type.String()),
})
export type OfferContact = Static<typeof OfferContact>

export const Offer = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** Who runs the offer, where that is not the name itself. */
  organisation: nullable(Type.String()),
  description: nullable(Type.String()),
  topics: Type.Array(TopicSchema),
  targetGroups: Type.Array(TargetGroupSchema),
  /** Languages advice is given in; an empty list means German only. */
  languages: Type.Array(LanguageSchema),
  contact: OfferContact,
  active: Type.Boolean(),
  /**
   * Only when the list was asked for topics, target groups or a language: 3 points per asked topic
   * the offer covers, 2 per asked target group it names, 1 if it advises in the asked language.
   */
  matchScore: Type.Optional(Type.Integer()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Offer = Static<typeof Offer>

const offerFields = {
  name: Text(200),
  organisation: Text(200),
  description: Type.String({ maxLength: 5000 }),
}

export const OfferCreate = Type.Object(
  {
    name: offerFields.name,
    organisation: Type.Optional(offerFields.organisation),
    description: Type.Optional(offerFields.description),
    topics: Type.Optional(topicList),
    targetGroups: Type.Optional(targetGroupList),
    languages: Type.Optional(languageList),
    contact: Type.Optional(
      Type.Object(
        {
          phone: Type.Optional(contactInput.phone),
          email: Type.Optional(contactInput.email),
          url: Type.Optional(contactInput.url),
          address: Type.Optional(contactInput.address),
          openingHours: Type.Optional(contactInput.openingHours),
        },
        { additionalProperties: false },
      ),
    ),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type OfferCreate = Static<typeof OfferCreate>

/** Optional fields can be cleared with null; `contact` changes only the fields it names. */
export const OfferPatch = Type.Object(
  {
    name: Type.Optional(offerFields.name),
    organisation: Type.Optional(nullable(offerFields.organisation)),
    description: Type.Optional(nullable(offerFields.description)),
    topics: Type.Optional(topicList),
    targetGroups: Type.Optional(targetGroupList),
    languages: Type.Optional(languageList),
    contact: Type.Optional(
      Type.Object(
        {
          phone: Type.Optional(nullable(contactInput.phone)),
          email: Type.Optional(nullable(contactInput.email)),
          url: Type.Optional(nullable(contactInput.url)),
          address: Type.Optional(nullable(contactInput.address)),
          openingHours: Type.Optional(nullable(contactInput.openingHours)),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type OfferPatch = Static<typeof OfferPatch>

/** `topic` and `targetGroup` may repeat (`?topic=a&topic=b`): an inquiry usually has several. */
export const OfferListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    topic: Type.Optional(topicList),
    targetGroup: Type.Optional(targetGroupList),
    language: Type.Optional(LanguageSchema),
    /** Coordinators and admins only: also list offers that were switched off. */
    includeInactive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type OfferListQuery = Static<typeof OfferListQuery>

export const OfferList = Type.Object({ items: Type.Array(Offer) })
export type OfferList = Static<typeof OfferList>

// ---- Inquiries (Anfragen / Erstkontakte) ----

export const Inquiry = Type.Object({
  id: Uuid,
  receivedAt: Timestamp,
  channel: InquiryChannelSchema,
  /** Null for anonymous inquiries, which are normal. */
  name: nullable(Type.String()),
  /** Phone number or e-mail address as the person gave it. */
  contact: nullable(Type.String()),
  topics: Type.Array(TopicSchema),
  targetGroups: Type.Array(TargetGroupSchema),
  language: nullable(LanguageSchema),
  notes: nullable(Type.String()),
  status: InquiryStatusSchema,
  closeReason: nullable(Type.String()),
  closedAt: nullable(Timestamp),
  /** The group opened from this inquiry. */
  groupId: nullable(Uuid),
  convertedAt: nullable(Timestamp),
  createdBy: nullable(ActorRef),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Inquiry = Static<typeof Inquiry>

const inquiryFields = {
  receivedAt: Type.String({ format: 'date-time' }),
  name: Text(200),
  contact: Text(254),
  notes: Type.String({ maxLength: 10000 }),
}

export const InquiryCreate = Type.Object(
  {
    /** Defaults to now; must not lie in the future. */
    receivedAt: Type.Optional(inquiryFields.receivedAt),
    channel: InquiryChannelSchema,
    name: Type.Optional(inquiryFields.name),
    contact: Type.Optional(inquiryFields.contact),
    topics: topicList,
    targetGroups: Type.Optional(targetGroupList),
    language: Type.Optional(LanguageSchema),
    notes: Type.Optional(inquiryFields.notes),
  },
  { additionalProperties: false },
)
export type InquiryCreate = Static<typeof InquiryCreate>

/** Corrections to what was recorded; the status changes only through close, convert and referrals. */
export const InquiryPatch = Type.Object(
  {
    receivedAt: Type.Optional(inquiryFields.receivedAt),
    channel: Type.Optional(InquiryChannelSchema),
    name: Type.Optional(nullable(inquiryFields.name)),
    contact: Type.Optional(nullable(inquiryFields.contact)),
    topics: Type.Optional(topicList),
    targetGroups: Type.Optional(targetGroupList),
    language: Type.Optional(nullable(LanguageSchema)),
    notes: Type.Optional(nullable(inquiryFields.notes)),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type InquiryPatch = Static<typeof InquiryPatch>

/** `from` and `to` are Berlin calendar days, both included, over `receivedAt`. */
export const InquiryListQuery = Type.Object(
  {
    status: Type.Optional(InquiryStatusSchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...PageQuery,
  },
  { additionalProperties: false },
)
export type InquiryListQuery = Static<typeof InquiryListQuery>

export const InquiryList = Type.Object({ items: Type.Array(Inquiry), nextCursor: NextCursor })
export type InquiryList = Static<typeof InquiryList>

export const InquiryClose = Type.Object({ reason: Reason }, { additionalProperties: false })
export type InquiryClose = Static<typeof InquiryClose>

/** The group opened from an inquiry, with the inquiry it came from. */
export const ConvertedGroup = Type.Object({ ...Group.properties, inquiryId: Uuid })
export type ConvertedGroup = Static<typeof ConvertedGroup>

// ---- Referrals (Verweise) ----

export const Referral = Type.Object({
  id: Uuid,
  /** Exactly one of inquiryId and groupId is set. */
  inquiryId: nullable(Uuid),
  groupId: nullable(Uuid),
  offerId: Uuid,
  offerName: Type.String(),
  /** Who to ask at the follow-up: the inquirer (null when anonymous) … */
  inquirerName: nullable(Type.String()),
  inquirerContact: nullable(Type.String()),
  /** … or the group. */
  groupName: nullable(Type.String()),
  reason: nullable(Type.String()),
  /** Whether the person agreed that their contact details may be passed on to the offer. */
  consentToShare: Type.Boolean(),
  followUpOn: IsoDate,
  outcome: ReferralOutcomeSchema,
  outcomeNote: nullable(Type.String()),
  outcomeAt: nullable(Timestamp),
  outcomeBy: nullable(ActorRef),
  createdBy: nullable(ActorRef),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Referral = Static<typeof Referral>

export const ReferralCreate = Type.Object(
  {
    inquiryId: Type.Optional(Uuid),
    groupId: Type.Optional(Uuid),
    offerId: Uuid,
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    consentToShare: Type.Boolean(),
    /** Defaults to 14 days after today (Berlin); must not lie in the past. */
    followUpOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
)
export type ReferralCreate = Static<typeof ReferralCreate>

/** Postpone the follow-up or correct what was recorded. */
export const ReferralPatch = Type.Object(
  {
    reason: Type.Optional(nullable(Type.String({ maxLength: 2000 }))),
    consentToShare: Type.Optional(Type.Boolean()),
    followUpOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ReferralPatch = Static<typeof ReferralPatch>

export const ReferralOutcomeChange = Type.Object(
  { outcome: RecordedOutcomeSchema, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)
export type ReferralOutcomeChange = Static<typeof ReferralOutcomeChange>

/**
 * `due=true` is the follow-up worklist: still pending and the follow-up day (Berlin) has come, most
 * overdue first. `due=false` is everything else; both it and the unfiltered list are newest first.
 * `followUpFrom` / `followUpTo` (Berlin calendar days, both included, from ≤ to) keep the referrals whose
 * follow-up falls in that range, soonest first: with `outcome=pending` that is the "anstehend" view.
 */
export const ReferralListQuery = Type.Object(
  {
    due: Type.Optional(Type.Boolean()),
    followUpFrom: Type.Optional(IsoDate),
    followUpTo: Type.Optional(IsoDate),
    offerId: Type.Optional(Uuid),
    outcome: Type.Optional(ReferralOutcomeSchema),
    inquiryId: Type.Optional(Uuid),
    groupId: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
)
export type ReferralListQuery = Static<typeof ReferralListQuery>

export const ReferralList = Type.Object({ items: Type.Array(Referral), nextCursor: NextCursor })
export type ReferralList = Static<typeof ReferralList>
