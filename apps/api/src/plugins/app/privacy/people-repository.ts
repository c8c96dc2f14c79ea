import { sql, type SQL } from 'drizzle-orm'
import type { PersonSummary, Restriction } from '@wohnlotse/shared'
import { roleLabels } from '@wohnlotse/shared'
import type { Executor } from '../../../db/client.ts'
import { refOf, type Subject } from './person-ref.ts'
import { containsPattern, digitsOf, toIso } from './text-match.ts'

type Row = Record<string, unknown>

/** Most hits per kind: a search narrows by typing more, it is not a list to page through. */
const SEARCH_LIMIT = 50

const dateDe = (d: Date) => d.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' })

/** An enquirer's `contact` is one free field: an e-mail address or a phone number. */
const splitContact = (contact: string | null) =>
  contact === null ? { email: null, phone: null } : contact.includes('@') ? { email: contact, phone: null } : { email: null, phone: contact }

function inquirySummary(r: Row): PersonSummary {
  return {
    ref: refOf({ kind: 'inquiry', id: r.id as string }),
    kind: 'inquiry',
    name: (r.name as string | null) ?? null,
    ...splitContact(r.contact as string | null),
    context: `Anfrage vom ${dateDe(new Date(toIso(r.received_at)))}`,
    groupId: (r.group_id as string | null) ?? null,
    restricted: Boolean(r.restricted),
  }
}

function contactSummary(r: Row): PersonSummary {
  return {
    ref: refOf({ kind: 'contact', id: r.id as string }),
    kind: 'contact',
    name: r.name as string,
    email: (r.email as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    context: `Ansprechperson der Gruppe „${r.group_name as string}“`,
    groupId: r.group_id as string,
    restricted: Boolean(r.restricted),
  }
}

function userSummary(r: Row): PersonSummary {
  const role = roleLabels[r.role as keyof typeof roleLabels]?.de ?? String(r.role)
  return {
    ref: refOf({ kind: 'user', id: r.id as string }),
    kind: 'user',
    name: r.name as string,
    email: r.email as string,
    phone: null,
    context: `Benutzerkonto (${role}${r.active ? '' : ', deaktiviert'})`,
    groupId: null,
    restricted: false,
  }
}

const restrictedSql = (kind: 'inquiry' | 'contact', id: SQL) =>
  sql`EXISTS (SELECT 1 FROM privacy_restrictions pr WHERE pr.subject_kind = ${kind} AND pr.subject_id = ${id})`
const erasedSql = (kind: string, id: SQL) => sql`EXISTS (SELECT 1 FROM privacy_erasures pe WHERE pe.subject_kind = ${kind} AND pe.subject_id = ${id})`

const INQUIRY_SELECT = sql`SELECT i.id, i.name, i.contact, i.received_at, i.group_id, ${restrictedSql('inquiry', sql`i.id`)} AS restricted FROM inquiries i`
const CONTACT_SELECT = sql`SELECT c.id, c.name, c.email, c.phone, c.group_id, g.name AS group_name, ${restrictedSql('contact', sql`c.id`)} AS restricted
  FROM group_contacts c JOIN groups g ON g.id = c.group_id`
const USER_SELECT = sql`SELECT u.id, u.name, u.email, u.role, u.active FROM users u`

export function createPeopleRepository() {
  return {
    /** Name, e-mail or phone, across enquirers, contact persons and accounts; erased people are not found. */
    async search(tx: Executor, q: string): Promise<PersonSummary[]> {
      const like = containsPattern(q.trim())
      // Only a query that looks like a phone number is compared by its digits (not the digits inside an address).
      const digits = /^[+0-9 ()/-]+$/.test(q.trim()) ? digitsOf(q) : ''
      // A phone number matches by its digits when the query has enough of them to mean a number.
      const phoneMatch = (column: SQL) => (digits.length >= 4 ? sql` OR regexp_replace(coalesce(${column}, ''), '\\D', '', 'g') LIKE ${containsPattern(digits)}` : sql``)
      const inquiries = await tx.execute<Row>(sql`${INQUIRY_SELECT}
        WHERE NOT ${erasedSql('inquiry', sql`i.id`)} AND (i.name ILIKE ${like} OR i.contact ILIKE ${like}${phoneMatch(sql`i.contact`)})
        ORDER BY i.received_at DESC, i.id LIMIT ${SEARCH_LIMIT}`)
      const contacts = await tx.execute<Row>(sql`${CONTACT_SELECT}
        WHERE c.name ILIKE ${like} OR c.email ILIKE ${like}${phoneMatch(sql`c.phone`)}
        ORDER BY c.name, c.id LIMIT ${SEARCH_LIMIT}`)
      const users = await tx.execute<Row>(sql`${USER_SELECT}
        WHERE NOT ${erasedSql('user', sql`u.id`)} AND (u.name ILIKE ${like} OR u.email ILIKE ${like})
        ORDER BY u.name, u.id LIMIT ${SEARCH_LIMIT}`)
      return [...contacts.rows.map(contactSummary), ...inquiries.rows.map(inquirySummary), ...users.rows.map(userSummary)]
    },

    async isErased(tx: Executor, subject: Subject): Promise<boolean> {
      const { rows } = await tx.execute<Row>(sql`SELECT ${erasedSql(subject.kind, sql`${subject.id}::uuid`)} AS erased`)
      return Boolean(rows[0]?.erased)
    },

    /** The person as a summary, or undefined when there is no such row. `lock` holds the row for an erasure. */
    async summary(tx: Executor, subject: Subject, lock = false): Promise<PersonSummary | undefined> {
      const forUpdate = lock ? sql` FOR UPDATE` : sql``
      if (subject.kind === 'inquiry') {
        const { rows } = await tx.execute<Row>(sql`${INQUIRY_SELECT} WHERE i.id = ${subject.id}${forUpdate}`)
        return rows[0] && inquirySummary(rows[0])
      }
      if (subject.kind === 'contact') {
        const { rows } = await tx.execute<Row>(sql`${CONTACT_SELECT} WHERE c.id = ${subject.id}${lock ? sql` FOR UPDATE OF c` : sql``}`)
        return rows[0] && contactSummary(rows[0])
      }
      const { rows } = await tx.execute<Row>(sql`${USER_SELECT} WHERE u.id = ${subject.id}${forUpdate}`)
      return rows[0] && userSummary(rows[0])
    },

    async restriction(tx: Executor, subject: Subject): Promise<Restriction> {
      const { rows } = await tx.execute<Row>(sql`SELECT pr.since, pr.reason, u.id AS by_id, u.name AS by_name FROM privacy_restrictions pr
        LEFT JOIN users u ON u.id = pr.by_id WHERE pr.subject_kind = ${subject.kind} AND pr.subject_id = ${subject.id}`)
      const r = rows[0]
      if (!r) return { restricted: false, since: null, reason: null, by: null }
      return {
        restricted: true,
        since: toIso(r.since),
        reason: r.reason as string,
        by: r.by_id ? { id: r.by_id as string, name: r.by_name as string } : null,
      }
    },

    async restrict(tx: Executor, subject: Subject, byId: string, reason: string): Promise<boolean> {
      const { rowCount } = await tx.execute(sql`INSERT INTO privacy_restrictions (subject_kind, subject_id, by_id, reason)
        VALUES (${subject.kind}, ${subject.id}, ${byId}, ${reason}) ON CONFLICT DO NOTHING`)
      return (rowCount ?? 0) > 0
    },

    async lift(tx: Executor, subject: Subject): Promise<boolean> {
      const { rowCount } = await tx.execute(sql`DELETE FROM privacy_restrictions WHERE subject_kind = ${subject.kind} AND subject_id = ${subject.id}`)
      return (rowCount ?? 0) > 0
    },
  }
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>
