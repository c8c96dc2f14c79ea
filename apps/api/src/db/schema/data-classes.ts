import type { DataClass } from '@wohnlotse/shared'

/**
 * The one place that says which columns hold personal data, and of which class. Search, the information export,
 * erasure, retention, the audit's redaction and the record of processing are derived from it, and
 * `test/privacy-data-classes.test.ts` fails when a table gains a text (or JSON, or array) column that is
 * neither classified here nor declared non-personal below: a new personal column cannot slip past them.
 *
 * Keys are SQL names (table → column). Free text written by staff (notes, reasons, descriptions) is personal
 * data here even where it is "about a group": people write names into it.
 */
export const PERSONAL_COLUMNS: Readonly<Record<string, Readonly<Record<string, DataClass>>>> = {
  users: { email: 'staff_account', name: 'staff_account', password_hash: 'staff_account', mfa_secret: 'staff_account', mfa_pending_secret: 'staff_account' },
  mfa_recovery_codes: { code_hash: 'staff_account' },
  sessions: { token_hash: 'sign_in_traces', user_agent: 'sign_in_traces' },
  login_attempts: { address: 'sign_in_traces', account: 'sign_in_traces' },
  inquiries: { name: 'enquirer_contact', contact: 'enquirer_contact', notes: 'free_text_notes', close_reason: 'free_text_notes' },
  referrals: { reason: 'free_text_notes', outcome_note: 'free_text_notes' },
  group_contacts: { name: 'contact_person', email: 'contact_person', phone: 'contact_person', role: 'contact_person' },
  consultations: { notes: 'consultation_notes' },
  groups: { description: 'free_text_notes' },
  group_stage_changes: { reason: 'free_text_notes' },
  group_status_changes: { reason: 'free_text_notes' },
  grants: { purpose: 'free_text_notes' },
  grant_top_ups: { reason: 'free_text_notes' },
  time_entries: { description: 'billing_record', rejection_reason: 'billing_record' },
  privacy_restrictions: { reason: 'free_text_notes' },
  privacy_erasures: { reason: 'free_text_notes' },
}

/** Text, JSON and array columns that hold no personal data, each with the reason. */
export const NON_PERSONAL_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  login_attempts: { kind: 'which form was used (enum-like)' },
  audit_log: {
    action: 'what was done (a fixed word)',
    entity: 'the kind of record',
    before: 'the audit repository keeps only ids and non-personal fields (see redactSnapshot); personal fields are named, never stored',
    after: 'as `before`',
  },
  groups: { name: 'the housing project’s name (an organisation, not a person)', district: 'reference data', target_groups: 'reference data', languages: 'reference data' },
  consultations: { language: 'reference data', topics: 'reference data' },
  contracts: { number: 'contract number', expertise: 'reference data' },
  settings: { key: 'setting name' },
  group_stage_counts: { district: 'reference data' },
  statements: { month: 'billing month' },
  council_report_snapshots: {
    hash: 'SHA-256 of the stored report',
    report: 'aggregated figures only (counts, hours and money per category and period); no person, no free text',
  },
  time_entries: { idempotency_key: 'a random client key', idempotency_request_hash: 'a digest of the request', billing_month: 'the month of the statement that bills it' },
  offers: {
    name: 'an organisation’s offer',
    organisation: 'an organisation',
    description: 'public description of the offer',
    topics: 'reference data',
    target_groups: 'reference data',
    languages: 'reference data',
    contact_phone: 'the organisation’s public contact',
    contact_email: 'the organisation’s public contact',
    contact_url: 'the organisation’s public contact',
    contact_address: 'the organisation’s public contact',
    contact_opening_hours: 'the organisation’s public contact',
  },
  inquiries: { topics: 'reference data', target_groups: 'reference data', language: 'reference data' },
  privacy_consents: { subject_kind: 'inquiry or contact', purpose: 'a fixed purpose' },
  privacy_restrictions: { subject_kind: 'inquiry or contact' },
  privacy_erasures: { subject_kind: 'inquiry, contact or user' },
  privacy_retention_settings: { data_class: 'a data class' },
  privacy_retention_runs: { trigger: 'schedule or manual', counts: 'numbers per data class' },
}

/** The audit's entity names and the table whose columns their snapshots carry (camelCase keys). */
export const AUDIT_ENTITY_TABLES: Readonly<Record<string, string>> = {
  user: 'users',
  session: 'sessions',
  inquiry: 'inquiries',
  referral: 'referrals',
  contact: 'group_contacts',
  consultation: 'consultations',
  group: 'groups',
  grant: 'grants',
  time_entry: 'time_entries',
  offer: 'offers',
  contract: 'contracts',
  statement: 'statements',
  advisor_budget: 'advisor_budgets',
  settings: 'settings',
  privacy_erasure: 'privacy_erasures',
  privacy_restriction: 'privacy_restrictions',
  privacy_consent: 'privacy_consents',
  privacy_retention_run: 'privacy_retention_runs',
}

/**
 * Snapshot keys some audit writers use instead of the column's own name: closing an inquiry writes `reason`, a
 * group's stage and status changes and a grant's top-up are recorded under the group or grant with their `reason`.
 */
const AUDIT_KEY_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  inquiry: { reason: 'close_reason' },
  referral: { note: 'outcome_note' },
  group: { reason: 'reason' },
  grant: { reason: 'reason' },
  time_entry: { reason: 'rejection_reason' },
}

/**
 * API objects carry some people's fields under their own names (a referral's `inquirerName`, a grant's
 * `advisorName`); whatever entity a snapshot belongs to, these keys are personal.
 */
export const DENORMALISED_PERSON_KEYS: Readonly<Record<string, DataClass>> = {
  inquirerName: 'enquirer_contact',
  inquirerContact: 'enquirer_contact',
  advisorName: 'staff_account',
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/** Every personal column's snapshot key across all tables: the safe default for an entity nobody mapped. */
const ALL_PERSONAL_KEYS = new Set([...Object.values(PERSONAL_COLUMNS).flatMap((cols) => Object.keys(cols).map(camel)), ...Object.keys(DENORMALISED_PERSON_KEYS)])

/**
 * Keys under which API objects nest another record (a time entry's `grant: {purpose, …}`): such a nested object
 * loses that record's personal fields too. Not `contact`: an offer's `contact` is the organisation's own address.
 */
const NESTED_AUDIT_ENTITIES = new Set(['grant', 'inquiry', 'referral', 'consultation', 'time_entry', 'group', 'user'])

/** True for a snapshot key that nests a record of that audit entity. */
export function isNestedAuditEntity(key: string): boolean {
  return NESTED_AUDIT_ENTITIES.has(key)
}

/** The top-level snapshot keys of an audit entity that hold personal data. */
export function personalAuditKeys(entity: string): ReadonlySet<string> {
  const table = AUDIT_ENTITY_TABLES[entity]
  if (!table) return ALL_PERSONAL_KEYS
  const keys = new Set(Object.keys(PERSONAL_COLUMNS[table] ?? {}).map(camel))
  for (const alias of Object.keys(AUDIT_KEY_ALIASES[entity] ?? {})) keys.add(alias)
  for (const key of Object.keys(DENORMALISED_PERSON_KEYS)) keys.add(key)
  return keys
}

/** In nested objects that refer to someone by id (`createdBy: {id, name}`), these keys are the person's. */
export const NESTED_PERSON_KEYS = new Set(['name', 'email', 'phone'])

/** Columns of one class, as [table, column] pairs. */
export function columnsOfClass(dataClass: DataClass): [string, string][] {
  return Object.entries(PERSONAL_COLUMNS).flatMap(([table, cols]) =>
    Object.entries(cols)
      .filter(([, c]) => c === dataClass)
      .map(([column]): [string, string] => [table, column]),
  )
}
