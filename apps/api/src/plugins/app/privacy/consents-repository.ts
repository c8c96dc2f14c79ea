import { sql } from 'drizzle-orm'
import type { Consent, ConsentPurpose } from '@wohnlotse/shared'
import type { Executor } from '../../../db/client.ts'
import { refOf, type Subject } from './person-ref.ts'
import { toIso } from './text-match.ts'

type Row = Record<string, unknown>

const SELECT = sql`SELECT c.id, c.subject_kind, c.subject_id, c.purpose, c.given_on::text AS given_on, c.recorded_at, c.recorded_by,
  c.withdrawn_on::text AS withdrawn_on, c.withdrawn_at, c.withdrawn_by, r.name AS recorded_by_name, w.name AS withdrawn_by_name FROM privacy_consents c
  LEFT JOIN users r ON r.id = c.recorded_by LEFT JOIN users w ON w.id = c.withdrawn_by`

function toConsent(r: Row): Consent {
  const actor = (id: unknown, name: unknown) => (id ? { id: id as string, name: name as string } : null)
  return {
    id: r.id as string,
    ref: refOf({ kind: r.subject_kind as Subject['kind'], id: r.subject_id as string }),
    purpose: r.purpose as ConsentPurpose,
    givenOn: r.given_on as string,
    recordedAt: toIso(r.recorded_at),
    recordedBy: actor(r.recorded_by, r.recorded_by_name),
    withdrawnOn: (r.withdrawn_on as string | null) ?? null,
    withdrawnAt: r.withdrawn_at ? toIso(r.withdrawn_at) : null,
    withdrawnBy: actor(r.withdrawn_by, r.withdrawn_by_name),
  }
}

export function createConsentsRepository() {
  return {
    async list(tx: Executor, subject: Subject): Promise<Consent[]> {
      const { rows } = await tx.execute<Row>(sql`${SELECT} WHERE c.subject_kind = ${subject.kind} AND c.subject_id = ${subject.id} ORDER BY c.recorded_at, c.id`)
      return rows.map(toConsent)
    },

    async find(tx: Executor, subject: Subject, id: string): Promise<Consent | undefined> {
      const { rows } = await tx.execute<Row>(sql`${SELECT} WHERE c.id = ${id} AND c.subject_kind = ${subject.kind} AND c.subject_id = ${subject.id} FOR UPDATE OF c`)
      return rows[0] && toConsent(rows[0])
    },

    async insert(tx: Executor, subject: Subject, purpose: ConsentPurpose, givenOn: string, byId: string): Promise<string> {
      const { rows } = await tx.execute<Row>(sql`INSERT INTO privacy_consents (subject_kind, subject_id, purpose, given_on, recorded_by)
        VALUES (${subject.kind}, ${subject.id}, ${purpose}, ${givenOn}, ${byId}) RETURNING id`)
      return rows[0]!.id as string
    },

    async withdraw(tx: Executor, id: string, withdrawnOn: string, byId: string): Promise<void> {
      await tx.execute(sql`UPDATE privacy_consents SET withdrawn_on = ${withdrawnOn}, withdrawn_at = now(), withdrawn_by = ${byId} WHERE id = ${id}`)
    },

    async get(tx: Executor, id: string): Promise<Consent> {
      const { rows } = await tx.execute<Row>(sql`${SELECT} WHERE c.id = ${id}`)
      return toConsent(rows[0]!)
    },
  }
}
