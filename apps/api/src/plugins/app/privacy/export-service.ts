import { sql } from 'drizzle-orm'
import type { ExportAuditEntry, ExportRecord, PersonExport, PersonSummary } from '@wohnlotse/shared'
import type { Executor } from '../../../db/client.ts'
import type { Subject } from './person-ref.ts'
import { classOf, findMentions } from './mentions.ts'
import { needlesOf, toIso } from './text-match.ts'
import { createPeopleRepository } from './people-repository.ts'
import { createConsentsRepository } from './consents-repository.ts'
import { informationText } from './processing-record.ts'
import type { RetentionSettingsReader } from './retention-settings.ts'

type Json = Record<string, unknown>

/** Most audit entries in one export: an account's own actions over years can be many; the rest is named. */
const AUDIT_LIMIT = 20_000

async function rowsOf(tx: Executor, query: ReturnType<typeof sql>): Promise<Json[]> {
  const { rows } = await tx.execute<{ row: Json }>(query)
  return rows.map((r) => r.row)
}

const record = (source: string, title: string, dataClass: ExportRecord['dataClass'], fields: Json): ExportRecord => ({
  source,
  title,
  id: String(fields.id ?? ''),
  dataClass,
  fields,
})

/** Everything stored about one person (Art. 15): their rows, notes tied to them, consents, restriction, audit. */
export async function collectExport(tx: Executor, subject: Subject, person: PersonSummary, retention: RetentionSettingsReader): Promise<PersonExport> {
  const people = createPeopleRepository()
  const consents = createConsentsRepository()
  const records: ExportRecord[] = []
  const auditIds: string[] = [subject.id]
  let auditByActor = false

  if (subject.kind === 'inquiry') {
    const [inquiry] = await rowsOf(tx, sql`SELECT to_jsonb(i) AS row FROM inquiries i WHERE id = ${subject.id}`)
    records.push(record('inquiries', 'Anfrage', 'enquirer_contact', inquiry!))
    for (const r of await rowsOf(tx, sql`SELECT to_jsonb(r) AS row FROM referrals r WHERE inquiry_id = ${subject.id} ORDER BY created_at, id`)) {
      records.push(record('referrals', 'Verweis an ein Angebot', 'free_text_notes', r))
      auditIds.push(String(r.id))
    }
    if (person.groupId) await addMentions(tx, records, person.groupId, [person.name, person.email, person.phone])
  } else if (subject.kind === 'contact') {
    const [contact] = await rowsOf(tx, sql`SELECT to_jsonb(c) || jsonb_build_object('group_name', g.name) AS row
      FROM group_contacts c JOIN groups g ON g.id = c.group_id WHERE c.id = ${subject.id}`)
    records.push(record('group_contacts', 'Ansprechperson einer Gruppe', 'contact_person', contact!))
    await addMentions(tx, records, person.groupId!, [person.name, person.email, person.phone])
  } else {
    auditByActor = true
    // Secrets are named, never shown: a password hash or TOTP secret is no information to the person.
    const [user] = await rowsOf(tx, sql`SELECT to_jsonb(u) - ARRAY['password_hash', 'mfa_secret', 'mfa_pending_secret', 'mfa_last_step']
      || jsonb_build_object('password', 'gespeichert als nicht umkehrbarer Hash', 'two_factor', (u.mfa_secret IS NOT NULL)) AS row FROM users u WHERE id = ${subject.id}`)
    records.push(record('users', 'Benutzerkonto', 'staff_account', user!))
    for (const s of await rowsOf(tx, sql`SELECT to_jsonb(s) - 'token_hash' AS row FROM sessions s WHERE user_id = ${subject.id} ORDER BY created_at, id`)) {
      records.push(record('sessions', 'Anmeldesitzung', 'sign_in_traces', s))
    }
    for (const a of await rowsOf(tx, sql`SELECT to_jsonb(a) AS row FROM login_attempts a WHERE account = ${person.email} ORDER BY created_at, id`)) {
      records.push(record('login_attempts', 'Anmeldeversuch', 'sign_in_traces', a))
    }
    for (const c of await rowsOf(tx, sql`SELECT jsonb_build_object('id', ${subject.id}::text, 'codes', count(*), 'unused', count(*) FILTER (WHERE used_at IS NULL)) AS row
      FROM mfa_recovery_codes WHERE user_id = ${subject.id} HAVING count(*) > 0`)) {
      records.push(record('mfa_recovery_codes', 'Wiederherstellungscodes (nur als Hash gespeichert)', 'staff_account', c))
    }
    for (const c of await rowsOf(tx, sql`SELECT to_jsonb(c) AS row FROM contracts c WHERE advisor_id = ${subject.id} ORDER BY valid_from, id`)) {
      records.push(record('contracts', 'Rahmenvertrag', 'billing_record', c))
    }
    for (const t of await rowsOf(tx, sql`SELECT to_jsonb(t) - ARRAY['idempotency_key', 'idempotency_request_hash'] AS row
      FROM time_entries t WHERE advisor_id = ${subject.id} ORDER BY date, created_at, id`)) {
      records.push(record('time_entries', 'Stundeneintrag', 'billing_record', t))
    }
  }

  const { rows: auditRows } = await tx.execute<Json>(sql`SELECT seq, at, action, entity, entity_id, before, after FROM audit_log
    WHERE entity_id IN (${sql.join(auditIds.map((id) => sql`${id}::uuid`), sql`, `)})${auditByActor ? sql` OR actor_id = ${subject.id}` : sql``}
    ORDER BY seq LIMIT ${AUDIT_LIMIT}`)
  const audit: ExportAuditEntry[] = auditRows.map((r) => ({
    seq: Number(r.seq),
    at: toIso(r.at),
    action: r.action as string,
    entity: r.entity as string,
    entityId: (r.entity_id as string | null) ?? null,
    before: (r.before as Json | null) ?? null,
    after: (r.after as Json | null) ?? null,
  }))

  const personal = subject.kind !== 'user'
  return {
    generatedAt: new Date().toISOString(),
    person,
    records,
    consents: personal ? await consents.list(tx, subject) : [],
    restriction: personal ? await people.restriction(tx, subject) : { restricted: false, since: null, reason: null, by: null },
    audit,
    information: informationText(subject.kind, await retention.periods(tx)),
  }
}

async function addMentions(tx: Executor, records: ExportRecord[], groupId: string, identifiers: (string | null)[]) {
  for (const m of await findMentions(tx, groupId, needlesOf(identifiers))) {
    records.push(record(m.source.table, m.source.title, classOf(m.source.table, m.source.column), { id: m.id, [m.source.column]: m.text }))
  }
}
