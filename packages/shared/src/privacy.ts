import Type, { type Static } from 'typebox'
import { ActorRef, IsoDate, nullable, Reason, Timestamp, Uuid } from './common.ts'
import type { Labels } from './labels.ts'

/**
 * Data protection (DSGVO): finding a person, their information export (Art. 15), erasure (Art. 17), restriction
 * (Art. 18), consents, retention per data class (Art. 5 (1) e) and the record of processing (Art. 30).
 * Every route lives under /api/privacy and is the coordinators' (consents also the front desk's):
 *
 *   GET  /api/privacy/people?q=                          PersonList
 *   GET  /api/privacy/people/:ref                        PersonPrivacy
 *   GET  /api/privacy/people/:ref/export[?format=pdf]    PersonExport (JSON) or application/pdf
 *   POST /api/privacy/people/:ref/erase                  ErasureRequest → ErasureResult
 *   PUT  /api/privacy/people/:ref/restriction            RestrictionChange → Restriction
 *   GET  /api/privacy/people/:ref/consents               ConsentList          (coordinator, frontdesk)
 *   POST /api/privacy/people/:ref/consents               ConsentCreate → 201 Consent (coordinator, frontdesk)
 *   POST /api/privacy/people/:ref/consents/:id/withdraw  ConsentWithdraw → Consent (coordinator, frontdesk)
 *   GET  /api/privacy/retention                          RetentionSettings
 *   PUT  /api/privacy/retention                          RetentionUpdate → RetentionSettings
 *   GET  /api/privacy/retention/preview                  RetentionPreview
 *   GET  /api/privacy/retention/runs                     RetentionRunList (newest first, last 100)
 *   POST /api/privacy/retention/runs                     → 201 RetentionRun (runs the job now)
 *   GET  /api/privacy/record                             ProcessingRecord
 *
 * Errors: 400 INVALID_PERSON_REF (not `kind:uuid`), 404 NOT_FOUND (no such person), 409 PERSON_ALREADY_ERASED,
 * 409 LEGAL_HOLD_OPEN_GRANT / LEGAL_HOLD_UNBILLED_HOURS (an account with an active grant or with hours not yet on a
 * finalised statement), 422 CANNOT_CHANGE_OWN_ACCOUNT (erasing oneself), 422 NOT_FOR_ACCOUNTS (restriction and
 * consents are for enquirers and contact persons), 409 RESTRICTION_UNCHANGED, 409 CONSENT_ALREADY_WITHDRAWN,
 * 422 INVALID_DATE_RANGE (consent dates in the future or withdrawn before given), 409 RETENTION_RUN_IN_PROGRESS.
 */

// ---- Data classes ----

/**
 * What kind of personal data a column holds. The API marks every personal column of its schema with one of
 * these; search, export, erasure, retention, audit redaction and the record of processing are derived from it.
 */
export const DATA_CLASSES = [
  'enquirer_contact',
  'contact_person',
  'consultation_notes',
  'free_text_notes',
  'staff_account',
  'billing_record',
  'sign_in_traces',
] as const
export type DataClass = (typeof DATA_CLASSES)[number]
export const DataClassSchema = Type.Enum(DATA_CLASSES)
export const dataClassLabels = {
  enquirer_contact: { de: 'Kontaktdaten von Anfragenden', en: 'Enquirer contact details' },
  contact_person: { de: 'Ansprechpersonen von Gruppen', en: "Groups' contact persons" },
  consultation_notes: { de: 'Notizen aus Beratungsgesprächen', en: 'Consultation notes' },
  free_text_notes: { de: 'Freitext-Notizen (Anfragen, Verweise)', en: 'Free-text notes (inquiries, referrals)' },
  staff_account: { de: 'Benutzerkonten der Mitarbeitenden und Fachberater:innen', en: 'Staff and advisor accounts' },
  billing_record: { de: 'Abrechnungsunterlagen (Stundennachweise)', en: 'Billing records (time entries)' },
  sign_in_traces: { de: 'Anmeldespuren (Anmeldeversuche, Sitzungen)', en: 'Sign-in traces (attempts, sessions)' },
} satisfies Labels<DataClass>

// ---- People ----

/** Whose data a reference points at: an enquirer (inquiry), a group's contact person, or a staff account. */
export const PERSON_KINDS = ['inquiry', 'contact', 'user'] as const
export type PersonKind = (typeof PERSON_KINDS)[number]
export const PersonKindSchema = Type.Enum(PERSON_KINDS)
export const personKindLabels = {
  inquiry: { de: 'Anfragende:r', en: 'Enquirer' },
  contact: { de: 'Ansprechperson einer Gruppe', en: "Group's contact person" },
  user: { de: 'Benutzerkonto', en: 'Account' },
} satisfies Labels<PersonKind>

/** `kind:uuid`, e.g. `contact:4f1c…`. Opaque to clients, stable for the person's lifetime. Lower-case hex only. */
export const PERSON_REF_PATTERN_SOURCE = '^(inquiry|contact|user):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
export const PersonRef = Type.String({ maxLength: 60 })
export type PersonRef = Static<typeof PersonRef>

/**
 * The ref is checked by the API itself (400 `INVALID_PERSON_REF`, not a generic validation error), so its
 * schema here only bounds the length.
 */
export const PersonRefParams = Type.Object({ ref: PersonRef }, { additionalProperties: false })
export type PersonRefParams = Static<typeof PersonRefParams>

export const PersonSearchQuery = Type.Object(
  {
    /** Part of a name, an e-mail address or a phone number (phone digits are compared without separators). */
    q: Type.String({ minLength: 2, maxLength: 100 }),
  },
  { additionalProperties: false },
)
export type PersonSearchQuery = Static<typeof PersonSearchQuery>

export const PersonSummary = Type.Object({
  ref: PersonRef,
  kind: PersonKindSchema,
  /** Null for an inquiry recorded without a name. */
  name: nullable(Type.String()),
  /** E-mail address, phone number or the contact an enquirer gave. */
  email: nullable(Type.String()),
  phone: nullable(Type.String()),
  /** Where the person appears: the group's name, the inquiry's date, or the account's role. German. */
  context: Type.String(),
  /** The group of a contact person, or the group an inquiry became. */
  groupId: nullable(Uuid),
  restricted: Type.Boolean(),
})
export type PersonSummary = Static<typeof PersonSummary>

export const PersonList = Type.Object({ items: Type.Array(PersonSummary) })
export type PersonList = Static<typeof PersonList>

// ---- Consents ----

/** `contact`: may be contacted by the office; `share_with_offer`: details may be passed to an offer in a referral. */
export const CONSENT_PURPOSES = ['contact', 'share_with_offer'] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]
export const ConsentPurposeSchema = Type.Enum(CONSENT_PURPOSES)
export const consentPurposeLabels = {
  contact: { de: 'Darf kontaktiert werden', en: 'May be contacted' },
  share_with_offer: { de: 'Daten dürfen an ein Angebot weitergegeben werden', en: 'Details may be passed to an offer' },
} satisfies Labels<ConsentPurpose>

/** A consent as given and, where it was withdrawn, when: withdrawing records a date, it deletes nothing. */
export const Consent = Type.Object({
  id: Uuid,
  ref: PersonRef,
  purpose: ConsentPurposeSchema,
  /** The day the person gave it. */
  givenOn: IsoDate,
  recordedAt: Timestamp,
  recordedBy: nullable(ActorRef),
  withdrawnOn: nullable(IsoDate),
  withdrawnAt: nullable(Timestamp),
  withdrawnBy: nullable(ActorRef),
})
export type Consent = Static<typeof Consent>

export const ConsentList = Type.Object({ items: Type.Array(Consent) })
export type ConsentList = Static<typeof ConsentList>

export const ConsentCreate = Type.Object(
  {
    purpose: ConsentPurposeSchema,
    /** Defaults to today; not in the future. */
    givenOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
)
export type ConsentCreate = Static<typeof ConsentCreate>

export const ConsentWithdraw = Type.Object(
  {
    /** Defaults to today; not before the consent was given, not in the future. */
    withdrawnOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
)
export type ConsentWithdraw = Static<typeof ConsentWithdraw>

export const ConsentParams = Type.Object({ ref: PersonRef, id: Uuid }, { additionalProperties: false })
export type ConsentParams = Static<typeof ConsentParams>

// ---- Restriction (Art. 18) ----

export const Restriction = Type.Object({
  restricted: Type.Boolean(),
  /** Since when (null when not restricted). */
  since: nullable(Timestamp),
  reason: nullable(Type.String()),
  by: nullable(ActorRef),
})
export type Restriction = Static<typeof Restriction>

/** Restrict (`restricted: true`) or lift the restriction; the reason is kept in the audit either way. */
export const RestrictionChange = Type.Object({ restricted: Type.Boolean(), reason: Reason }, { additionalProperties: false })
export type RestrictionChange = Static<typeof RestrictionChange>

/** One person's privacy state: who, restricted or not, consents. `GET /api/privacy/people/:ref`. */
export const PersonPrivacy = Type.Object({
  person: PersonSummary,
  restriction: Restriction,
  consents: Type.Array(Consent),
})
export type PersonPrivacy = Static<typeof PersonPrivacy>

// ---- Information export (Art. 15) ----

export const EXPORT_FORMATS = ['json', 'pdf'] as const
export const ExportQuery = Type.Object({ format: Type.Optional(Type.Enum(EXPORT_FORMATS)) }, { additionalProperties: false })
export type ExportQuery = Static<typeof ExportQuery>

/** One stored row that belongs to the person or holds a note tied to them, with every field as stored. */
export const ExportRecord = Type.Object({
  /** Table, e.g. `inquiries`, `group_contacts`, `referrals`. */
  source: Type.String(),
  /** German heading for the source, e.g. "Anfrage". */
  title: Type.String(),
  id: Type.String(),
  dataClass: DataClassSchema,
  fields: Type.Record(Type.String(), Type.Unknown()),
})
export type ExportRecord = Static<typeof ExportRecord>

/** An audit entry about the person: the audit keeps ids and which personal fields changed, never their values. */
export const ExportAuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Timestamp,
  action: Type.String(),
  entity: Type.String(),
  entityId: nullable(Type.String()),
  before: nullable(Type.Record(Type.String(), Type.Unknown())),
  after: nullable(Type.Record(Type.String(), Type.Unknown())),
})
export type ExportAuditEntry = Static<typeof ExportAuditEntry>

export const PersonExport = Type.Object({
  generatedAt: Timestamp,
  person: PersonSummary,
  records: Type.Array(ExportRecord),
  consents: Type.Array(Consent),
  restriction: Restriction,
  audit: Type.Array(ExportAuditEntry),
  /** Where the data came from, who receives it, how long it is kept: Art. 15 (1) a–h, in German. */
  information: Type.Array(Type.Object({ heading: Type.String(), text: Type.String() })),
})
export type PersonExport = Static<typeof PersonExport>

// ---- Erasure (Art. 17) ----

export const ErasureRequest = Type.Object(
  {
    /** Why (e.g. "Antrag nach Art. 17 vom 01.12."): kept in the erasure record and the audit; do not name the person. */
    reason: Reason,
  },
  { additionalProperties: false },
)
export type ErasureRequest = Static<typeof ErasureRequest>

export const ErasureResult = Type.Object({
  /** The erasure record's id (the ref's subject is erased; the ref itself answers 409 from now on). */
  id: Uuid,
  ref: PersonRef,
  erasedAt: Timestamp,
  /** Rows changed or removed per table, e.g. `{ inquiries: 1, referrals: 2, audit_log: 0 }`. */
  counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  /** What stays, in German: anonymous records such as the group, the inquiry's statistics, referrals. */
  remains: Type.Array(Type.String()),
})
export type ErasureResult = Static<typeof ErasureResult>

// ---- Retention ----

/** The classes the retention job anonymises, and the unit each one's period is counted in. */
export const RETENTION_CLASSES = ['enquirer_contact', 'contact_person', 'consultation_notes', 'billing_record', 'sign_in_traces'] as const
export type RetentionClass = (typeof RETENTION_CLASSES)[number]
export const RetentionClassSchema = Type.Enum(RETENTION_CLASSES)
export const RETENTION_UNITS = ['days', 'months'] as const
export type RetentionUnit = (typeof RETENTION_UNITS)[number]

export const RetentionSetting = Type.Object({
  dataClass: RetentionClassSchema,
  /** The period, in `unit`s, after the event named in `startsAt`. */
  period: Type.Integer({ minimum: 1 }),
  unit: Type.Enum(RETENTION_UNITS),
  /** The event the period counts from, in German (e.g. "Abschluss der Anfrage"). */
  startsAt: Type.String(),
  /** What the job does when it is due, in German. */
  action: Type.String(),
  defaultPeriod: Type.Integer({ minimum: 1 }),
  updatedAt: nullable(Timestamp),
  updatedBy: nullable(ActorRef),
})
export type RetentionSetting = Static<typeof RetentionSetting>

export const RetentionSettings = Type.Object({ items: Type.Array(RetentionSetting) })
export type RetentionSettings = Static<typeof RetentionSettings>

/** Changes only the classes it names; periods are bounded to 1 day … 30 years. */
export const RetentionUpdate = Type.Object(
  {
    items: Type.Array(
      Type.Object({ dataClass: RetentionClassSchema, period: Type.Integer({ minimum: 1, maximum: 10950 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: RETENTION_CLASSES.length },
    ),
  },
  { additionalProperties: false },
)
export type RetentionUpdate = Static<typeof RetentionUpdate>

export const RetentionCount = Type.Object({ dataClass: RetentionClassSchema, count: Type.Integer({ minimum: 0 }) })
export type RetentionCount = Static<typeof RetentionCount>

export const RetentionPreview = Type.Object({
  /** The moment the preview was computed for. */
  asOf: Timestamp,
  counts: Type.Array(RetentionCount),
  /** Up to 50 of the records that are due, oldest first; `ref` where the record is a person. */
  sample: Type.Array(
    Type.Object({ dataClass: RetentionClassSchema, ref: nullable(PersonRef), source: Type.String(), id: Type.String(), dueSince: Timestamp }),
  ),
})
export type RetentionPreview = Static<typeof RetentionPreview>

export const RETENTION_TRIGGERS = ['schedule', 'manual'] as const
export const RetentionRun = Type.Object({
  id: Uuid,
  trigger: Type.Enum(RETENTION_TRIGGERS),
  triggeredBy: nullable(ActorRef),
  asOf: Timestamp,
  startedAt: Timestamp,
  finishedAt: nullable(Timestamp),
  /** Records anonymised or removed per class; no personal data. */
  counts: Type.Array(RetentionCount),
})
export type RetentionRun = Static<typeof RetentionRun>

export const RetentionRunList = Type.Object({ items: Type.Array(RetentionRun) })
export type RetentionRunList = Static<typeof RetentionRunList>

// ---- Record of processing (Art. 30) ----

export const ProcessingActivity = Type.Object({
  name: Type.String(),
  purpose: Type.String(),
  legalBasis: Type.String(),
  dataSubjects: Type.Array(Type.String()),
  dataCategories: Type.Array(Type.Object({ dataClass: DataClassSchema, label: Type.String(), fields: Type.Array(Type.String()) })),
  recipients: Type.Array(Type.String()),
  retention: Type.Array(Type.String()),
})
export type ProcessingActivity = Static<typeof ProcessingActivity>

export const ProcessingRecord = Type.Object({
  generatedAt: Timestamp,
  controller: Type.String(),
  activities: Type.Array(ProcessingActivity),
  technicalMeasures: Type.Array(Type.String()),
  transfersToThirdCountries: Type.String(),
})
export type ProcessingRecord = Static<typeof ProcessingRecord>
