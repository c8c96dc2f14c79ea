import { sql, type SQL } from 'drizzle-orm'
import { RETENTION_CLASSES, type RetentionClass, type RetentionCount, type RetentionPreview, type RetentionRun } from '@wohnlotse/shared'
import type { Db, Executor } from '../../../db/client.ts'
import { appError } from '../../../errors.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import { createPeopleRepository } from './people-repository.ts'
import { eraseSubject, recordErasure } from './erasure.ts'
import { ERASED_TEXT } from './mentions.ts'
import type { PersonKind } from '@wohnlotse/shared'
import { createRetentionSettings, type RetentionPeriods } from './retention-settings.ts'
import { toIso } from './text-match.ts'

/** One lock for all retention runs, across every API process on the database. */
const RUN_LOCK = sql`hashtext('wohnlotse.privacy-retention')`

/** Why the retention job erased someone (kept in the erasure record; names nobody). */
const RETENTION_REASON = 'Löschfrist abgelaufen (automatische Anwendung der Aufbewahrungsfristen)'

const SAMPLE_LIMIT = 50

interface Due {
  id: string
  due: string
  /** A person the record belongs to; null for records that are no person (a note, a sign-in trace). */
  kind: PersonKind | null
  source: string
}

const interval = (p: { period: number; unit: string }) => (p.unit === 'days' ? sql`make_interval(days => ${p.period})` : sql`make_interval(months => ${p.period})`)

/** The records of each class that are due at `asOf`, oldest first. What the run changes and the preview shows. */
function dueQuery(dataClass: RetentionClass, periods: RetentionPeriods, asOf: Date): SQL {
  const iv = interval(periods[dataClass])
  const at = sql`${asOf.toISOString()}::timestamptz`
  switch (dataClass) {
    case 'enquirer_contact':
      return sql`SELECT id, coalesce(closed_at, converted_at) + ${iv} AS due, 'inquiry' AS kind, 'inquiries' AS source FROM inquiries i
        WHERE status IN ('closed', 'converted') AND coalesce(closed_at, converted_at) + ${iv} <= ${at}
          AND NOT EXISTS (SELECT 1 FROM privacy_erasures e WHERE e.subject_kind = 'inquiry' AND e.subject_id = i.id)`
    case 'contact_person':
      return sql`SELECT c.id, closing.at + ${iv} AS due, 'contact' AS kind, 'group_contacts' AS source FROM group_contacts c
        JOIN groups g ON g.id = c.group_id AND g.status = 'closed'
        JOIN LATERAL (SELECT max(at) AS at FROM group_status_changes s WHERE s.group_id = g.id AND s.to_status = 'closed') closing ON true
        WHERE closing.at + ${iv} <= ${at}`
    case 'consultation_notes':
      return sql`SELECT id, date + ${iv} AS due, NULL AS kind, 'consultations' AS source FROM consultations
        WHERE notes IS NOT NULL AND date + ${iv} <= ${at}`
    case 'billing_record':
      return sql`SELECT id, date + ${iv} AS due, NULL AS kind, 'time_entries' AS source FROM time_entries
        WHERE (description IS NOT NULL OR (rejection_reason IS NOT NULL AND rejection_reason <> ${ERASED_TEXT})) AND date + ${iv} <= ${at}`
    case 'sign_in_traces':
      return sql`SELECT id::text AS id, created_at + ${iv} AS due, NULL AS kind, 'login_attempts' AS source FROM login_attempts WHERE created_at + ${iv} <= ${at}
        UNION ALL
        SELECT id::text, coalesce(revoked_at, expires_at) + ${iv}, NULL, 'sessions' FROM sessions
         WHERE (revoked_at IS NOT NULL OR expires_at <= ${at}) AND coalesce(revoked_at, expires_at) + ${iv} <= ${at}`
  }
}

async function dueRecords(tx: Executor, dataClass: RetentionClass, periods: RetentionPeriods, asOf: Date, limit?: number): Promise<Due[]> {
  const { rows } = await tx.execute<{ id: string; due: unknown; kind: PersonKind | null; source: string }>(
    sql`SELECT id, kind, source, due::timestamptz AS due FROM (${dueQuery(dataClass, periods, asOf)}) d ORDER BY due, id${limit ? sql` LIMIT ${limit}` : sql``}`,
  )
  return rows.map((r) => ({ id: String(r.id), due: toIso(r.due), kind: r.kind, source: r.source }))
}

async function countDue(tx: Executor, dataClass: RetentionClass, periods: RetentionPeriods, asOf: Date): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (${dueQuery(dataClass, periods, asOf)}) d`)
  return rows[0]!.n
}

/** Applies one class to what is due; returns how many records were anonymised or removed. Idempotent. */
async function apply(tx: Executor, dataClass: RetentionClass, periods: RetentionPeriods, asOf: Date): Promise<number> {
  const dueIds = (source: string) => sql`SELECT id FROM (${dueQuery(dataClass, periods, asOf)}) d WHERE source = ${source}`
  switch (dataClass) {
    case 'enquirer_contact':
    case 'contact_person': {
      const people = createPeopleRepository()
      const due = await dueRecords(tx, dataClass, periods, asOf)
      for (const d of due) {
        const subject = { kind: d.kind!, id: d.id }
        const person = await people.summary(tx, subject, true)
        if (!person) continue
        await eraseSubject(tx, subject, person)
        await recordErasure(tx, subject, null, RETENTION_REASON)
      }
      return due.length
    }
    case 'consultation_notes':
      return (await tx.execute(sql`UPDATE consultations SET notes = NULL WHERE id IN (${dueIds('consultations')})`)).rowCount ?? 0
    case 'billing_record':
      // A rejected entry must keep a reason (CHECK), so it keeps the word that says it was erased.
      return (
        (await tx.execute(sql`UPDATE time_entries SET description = NULL,
          rejection_reason = CASE WHEN status = 'rejected' THEN ${ERASED_TEXT} ELSE NULL END WHERE id IN (${dueIds('time_entries')})`)).rowCount ?? 0
      )
    case 'sign_in_traces': {
      const attempts = await tx.execute(sql`DELETE FROM login_attempts WHERE id::text IN (${dueIds('login_attempts')})`)
      const sessions = await tx.execute(sql`DELETE FROM sessions WHERE id::text IN (${dueIds('sessions')})`)
      return (attempts.rowCount ?? 0) + (sessions.rowCount ?? 0)
    }
  }
}

type RunRow = Record<string, unknown>

function toRun(r: RunRow): RetentionRun {
  const counts = r.counts as Record<string, number>
  return {
    id: r.id as string,
    trigger: r.trigger as RetentionRun['trigger'],
    triggeredBy: r.by_id ? { id: r.by_id as string, name: r.by_name as string } : null,
    asOf: toIso(r.as_of),
    startedAt: toIso(r.started_at),
    finishedAt: r.finished_at ? toIso(r.finished_at) : null,
    counts: RETENTION_CLASSES.map((dataClass) => ({ dataClass, count: counts[dataClass] ?? 0 })),
  }
}

const RUN_SELECT = sql`SELECT r.*, u.id AS by_id, u.name AS by_name FROM privacy_retention_runs r LEFT JOIN users u ON u.id = r.triggered_by`

export function createRetentionService(db: Db, audit: AuditRepository) {
  const settings = createRetentionSettings()
  return {
    settings,

    async preview(asOf: Date): Promise<RetentionPreview> {
      return db.transaction(
        async (tx) => {
          const periods = await settings.periods(tx)
          const counts: RetentionCount[] = []
          const sample: RetentionPreview['sample'] = []
          for (const dataClass of RETENTION_CLASSES) {
            counts.push({ dataClass, count: await countDue(tx, dataClass, periods, asOf) })
            if (sample.length < SAMPLE_LIMIT) {
              for (const d of await dueRecords(tx, dataClass, periods, asOf, SAMPLE_LIMIT - sample.length)) {
                sample.push({ dataClass, ref: d.kind ? `${d.kind}:${d.id}` : null, source: d.source, id: d.id, dueSince: d.due })
              }
            }
          }
          return { asOf: asOf.toISOString(), counts, sample }
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      )
    },

    /**
     * One run: everything due at `asOf`, in one transaction under a lock that every API process shares. A manual
     * run while another runs answers 409; a scheduled run skips when another holds the lock or when a scheduled run
     * for the same day (Berlin) already happened, so several processes firing the same schedule do the work once.
     */
    async run(asOf: Date, trigger: 'schedule' | 'manual', byId: string | null): Promise<RetentionRun | null> {
      return db.transaction(async (tx) => {
        const { rows: lock } = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${RUN_LOCK}) AS ok`)
        if (!lock[0]!.ok) {
          if (trigger === 'manual') throw appError('RETENTION_RUN_IN_PROGRESS', 'A retention run is in progress')
          return null
        }
        if (trigger === 'schedule') {
          const { rows } = await tx.execute(sql`SELECT 1 FROM privacy_retention_runs WHERE trigger = 'schedule'
            AND (as_of AT TIME ZONE 'Europe/Berlin')::date = (${asOf.toISOString()}::timestamptz AT TIME ZONE 'Europe/Berlin')::date`)
          if (rows.length) return null
        }
        const periods = await settings.periods(tx)
        const counts: Record<string, number> = {}
        for (const dataClass of RETENTION_CLASSES) counts[dataClass] = await apply(tx, dataClass, periods, asOf)
        const { rows } = await tx.execute<{ id: string }>(sql`INSERT INTO privacy_retention_runs (trigger, triggered_by, as_of, counts, finished_at)
          VALUES (${trigger}, ${byId}, ${asOf.toISOString()}::timestamptz, ${JSON.stringify(counts)}::jsonb, clock_timestamp()) RETURNING id`)
        const id = rows[0]!.id
        await audit.record(tx, { actorId: byId, action: 'privacy.retention_run', entity: 'privacy_retention_run', entityId: id, after: { trigger, asOf: asOf.toISOString(), counts } })
        const { rows: run } = await tx.execute<RunRow>(sql`${RUN_SELECT} WHERE r.id = ${id}`)
        return toRun(run[0]!)
      })
    },

    async runs(): Promise<RetentionRun[]> {
      const { rows } = await db.execute<RunRow>(sql`${RUN_SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT 100`)
      return rows.map(toRun)
    },
  }
}

export type RetentionService = ReturnType<typeof createRetentionService>
