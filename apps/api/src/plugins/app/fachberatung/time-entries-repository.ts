import fp from 'fastify-plugin'
import type pg from 'pg'
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm'
import type { TimeEntry, TimeEntryList, TimeEntryListQuery } from '@wohnlotse/shared'
import { grants, groups, timeEntries, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { cursorTimestamp, decodeCursor, encodeCursor } from '../../../lib/cursor.ts'

export type TimeEntryRow = typeof timeEntries.$inferSelect

type GrantFigures = TimeEntry['grant']

export function toTimeEntry(row: TimeEntryRow, names: { groupId: string; groupName: string; advisorName: string; grant: GrantFigures }): TimeEntry {
  return {
    id: row.id,
    grantId: row.grantId,
    groupId: names.groupId,
    groupName: names.groupName,
    advisorId: row.advisorId,
    advisorName: names.advisorName,
    date: row.date,
    minutes: row.minutes,
    activity: row.activity,
    description: row.description,
    status: row.status,
    rejectionReason: row.rejectionReason,
    billed: row.statementId !== null,
    billingMonth: row.billingMonth,
    grant: names.grant,
    createdAt: row.createdAt.toISOString(),
  }
}

/** What `logAgainstGrant` needs: the entry (its id made by the caller) and the redacted audit snapshot to fill in. */
export interface LogInput {
  id: string
  grantId: string
  advisorId: string
  date: string
  minutes: number
  activity: TimeEntryRow['activity']
  description: string | null
  idempotencyKey: string | null
  idempotencyRequestHash: string | null
  /** Today in Berlin: a later date is refused. */
  today: string
  /** The audit row's `after`, already redacted, with placeholders the statement fills in where the redaction kept them. */
  auditAfter: Record<string, unknown>
}

/** What the database decided when the entry was logged: the grant's figures after it, and what the entry got. */
export interface Logged {
  status: TimeEntryRow['status']
  createdAt: string
  groupId: string
  groupName: string
  grant: GrantFigures
}

/**
 * Hour logging in one statement and one round trip (issue 13): the conditional UPDATE locks the grant and adds the
 * minutes only if the grant is the advisor's, active, the date lies within its contract and not in the future, and
 * the cap holds; the entry and its audit row are inserted from what it returns. Run on its own (autocommit), so the
 * grant's row lock is held for this statement and its commit only. PostgreSQL re-evaluates the condition on the
 * newest row version after waiting for the lock, so the cap holds under any concurrency (the CHECK backs it up).
 * The contract's dates are read, not locked: a contract update takes the contract's lock, never the grant's.
 * An Idempotency-Key the advisor has already used matches no grant row, so a retry of a committed request
 * neither takes the grant's lock nor needs a round trip of its own before the statement; a retry racing its
 * first request still meets the unique index (`time_entries_idempotency_key`).
 */
const LOG_AGAINST_GRANT = `
WITH g AS (
  UPDATE grants SET submitted_minutes = grants.submitted_minutes + $4
    FROM contracts c
   WHERE grants.id = $1 AND grants.advisor_id = $2 AND grants.status = 'active'
     AND grants.submitted_minutes + grants.approved_minutes + $4 <= grants.granted_minutes
     AND c.id = grants.contract_id AND $3::date BETWEEN c.valid_from AND c.valid_until AND $3::date <= $10::date
     AND NOT EXISTS (SELECT FROM time_entries t WHERE t.advisor_id = $2 AND t.idempotency_key = $8)
  RETURNING grants.group_id, grants.purpose, grants.granted_minutes, grants.approved_minutes, grants.submitted_minutes
), e AS (
  INSERT INTO time_entries (id, grant_id, advisor_id, date, minutes, activity, description, idempotency_key, idempotency_request_hash)
  SELECT $5, $1, $2, $3, $4, $6, $7, $8, $9 FROM g
  RETURNING id, status, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
), v AS (
  SELECT e.id, e.status, e.created_at, g.group_id, gr.name AS group_name, g.purpose, g.granted_minutes, g.approved_minutes, g.submitted_minutes
    FROM e, g JOIN groups gr ON gr.id = g.group_id
), a AS (
  INSERT INTO audit_log (actor_id, action, entity, entity_id, after)
  SELECT $2, 'time_entry.create', 'time_entry', v.id, $11::jsonb || (jsonb_build_object(
           'status', v.status, 'createdAt', v.created_at, 'groupId', v.group_id, 'groupName', v.group_name,
           'grant', coalesce($11::jsonb -> 'grant', '{}'::jsonb) || (jsonb_build_object('purpose', v.purpose,
             'grantedMinutes', v.granted_minutes, 'approvedMinutes', v.approved_minutes, 'submittedMinutes', v.submitted_minutes) - $13::text[])
         ) - $12::text[])
    FROM v
)
SELECT status, created_at, group_id, group_name, purpose, granted_minutes, approved_minutes, submitted_minutes FROM v`

/** What LOG_AGAINST_GRANT fills into the audit row, at the top and in `grant`. */
const FILLED = ['status', 'createdAt', 'groupId', 'groupName', 'grant']
const FILLED_GRANT = ['purpose', 'grantedMinutes', 'approvedMinutes', 'submittedMinutes']

/**
 * The filled keys the redacted template does not have: the statement leaves them out, so a field the redaction
 * removed as personal stays removed. The same rule as `audit_fill` (migration 0022) for this one shape, with
 * jsonb operators instead of a PL/pgSQL call while the grant is locked (about 0.13 of 0.9 ms of the statement).
 */
function unfilled(template: Record<string, unknown>): { top: string[]; grant: string[] } {
  const grant = template.grant
  return {
    top: FILLED.filter((key) => !(key in template)),
    grant: grant !== null && typeof grant === 'object' ? FILLED_GRANT.filter((key) => !(key in grant)) : FILLED_GRANT,
  }
}

interface LoggedRow {
  status: TimeEntryRow['status']
  created_at: string
  group_id: string
  group_name: string
  purpose: string
  granted_minutes: number
  approved_minutes: number
  submitted_minutes: number
}

export function createTimeEntriesRepository(db: Db, pool: pg.Pool) {
  const view = (ex: Executor) =>
    ex
      .select({
        entry: timeEntries,
        groupId: groups.id,
        groupName: groups.name,
        advisorName: users.name,
        grant: {
          purpose: grants.purpose,
          grantedMinutes: grants.grantedMinutes,
          approvedMinutes: grants.approvedMinutes,
          submittedMinutes: grants.submittedMinutes,
        },
        cursorAt: cursorTimestamp(timeEntries.createdAt),
      })
      .from(timeEntries)
      .innerJoin(grants, eq(grants.id, timeEntries.grantId))
      .innerJoin(groups, eq(groups.id, grants.groupId))
      .innerJoin(users, eq(users.id, timeEntries.advisorId))

  type ViewRow = Awaited<ReturnType<ReturnType<typeof view>['where']>>[number]
  const fromView = (r: ViewRow) => toTimeEntry(r.entry, r)

  return {
    /** Newest date first; keyset on (date, created_at, id). */
    async list(query: TimeEntryListQuery, advisorId?: string): Promise<TimeEntryList> {
      const limit = query.limit ?? 100
      let after: SQL | undefined
      if (query.cursor) {
        const [date, at, id] = decodeCursor(query.cursor, ['date', 'timestamp', 'uuid'])
        after = sql`(${timeEntries.date}, ${timeEntries.createdAt}, ${timeEntries.id}) < (${date}::date, ${at}::timestamptz, ${id}::uuid)`
      }
      const rows = await view(db)
        .where(
          and(
            advisorId ? eq(timeEntries.advisorId, advisorId) : undefined,
            query.advisorId ? eq(timeEntries.advisorId, query.advisorId) : undefined,
            query.grantId ? eq(timeEntries.grantId, query.grantId) : undefined,
            query.status ? eq(timeEntries.status, query.status) : undefined,
            query.from ? gte(timeEntries.date, query.from) : undefined,
            query.to ? lte(timeEntries.date, query.to) : undefined,
            after,
          ),
        )
        .orderBy(desc(timeEntries.date), desc(timeEntries.createdAt), desc(timeEntries.id))
        .limit(limit + 1)
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map(fromView),
        nextCursor: rows.length > limit && last ? encodeCursor([last.entry.date, last.cursorAt, last.entry.id]) : null,
      }
    },

    async findView(id: string, advisorId?: string, ex: Executor = db): Promise<TimeEntry | undefined> {
      const [row] = await view(ex).where(and(eq(timeEntries.id, id), advisorId ? eq(timeEntries.advisorId, advisorId) : undefined))
      return row && fromView(row)
    },

    async findViews(ids: string[], ex: Executor = db): Promise<TimeEntry[]> {
      const rows = await view(ex).where(inArray(timeEntries.id, ids)).orderBy(desc(timeEntries.date), desc(timeEntries.createdAt))
      return rows.map(fromView)
    },

    async lock(tx: Executor, id: string): Promise<TimeEntryRow | undefined> {
      return (await tx.select().from(timeEntries).where(eq(timeEntries.id, id)).for('update'))[0]
    },

    /** Reads entries without locking them, to learn which grants to lock first (LOCKING.md). */
    async findRows(ids: readonly string[], ex: Executor = db): Promise<TimeEntryRow[]> {
      if (ids.length === 0) return []
      return ex.select().from(timeEntries).where(inArray(timeEntries.id, [...ids]))
    },

    /** Locks several entries in id order (LOCKING.md); the rows come back in that order. */
    async lockMany(tx: Executor, ids: readonly string[]): Promise<TimeEntryRow[]> {
      if (ids.length === 0) return []
      return tx.select().from(timeEntries).where(inArray(timeEntries.id, [...ids])).orderBy(timeEntries.id).for('update')
    },

    /**
     * Marks locked, submitted entries approved, each with the month whose statement bills it: one UPDATE per
     * billing month (a batch rarely spans more than two).
     */
    async markApproved(tx: Executor, billingMonths: ReadonlyMap<string, readonly string[]>, reviewerId: string): Promise<void> {
      for (const [billingMonth, ids] of billingMonths) {
        await tx
          .update(timeEntries)
          .set({ status: 'approved', billingMonth, reviewedBy: reviewerId, reviewedAt: sql`now()`, updatedAt: sql`now()` })
          .where(inArray(timeEntries.id, [...ids]))
      }
    },

    /** Marks locked, submitted entries rejected with one reason, in one statement. */
    async markRejected(tx: Executor, ids: readonly string[], reason: string, reviewerId: string): Promise<void> {
      if (ids.length === 0) return
      await tx
        .update(timeEntries)
        .set({ status: 'rejected', rejectionReason: reason, reviewedBy: reviewerId, reviewedAt: sql`now()`, updatedAt: sql`now()` })
        .where(inArray(timeEntries.id, [...ids]))
    },

    async findByIdempotencyKey(advisorId: string, key: string): Promise<TimeEntryRow | undefined> {
      return (await db.select().from(timeEntries).where(and(eq(timeEntries.advisorId, advisorId), eq(timeEntries.idempotencyKey, key))))[0]
    },

    /**
     * Logs an entry against its grant with its audit row, all or nothing (LOG_AGAINST_GRANT); undefined when a
     * condition did not hold or the advisor has used the Idempotency-Key before (the caller finds out which). A
     * request with the same key committed meanwhile fails with the unique violation of
     * `time_entries_idempotency_key`, and nothing is changed.
     */
    async logAgainstGrant(input: LogInput): Promise<Logged | undefined> {
      const drop = unfilled(input.auditAfter)
      const { rows } = await pool.query<LoggedRow>({
        name: 'time_entries_log_against_grant',
        text: LOG_AGAINST_GRANT,
        values: [
          input.grantId, input.advisorId, input.date, input.minutes, input.id, input.activity, input.description,
          input.idempotencyKey, input.idempotencyRequestHash, input.today, input.auditAfter, drop.top, drop.grant,
        ],
      })
      const r = rows[0]
      return r && {
        status: r.status,
        createdAt: r.created_at,
        groupId: r.group_id,
        groupName: r.group_name,
        grant: { purpose: r.purpose, grantedMinutes: r.granted_minutes, approvedMinutes: r.approved_minutes, submittedMinutes: r.submitted_minutes },
      }
    },

    /** Undefined when an entry with the same Idempotency-Key exists (a simultaneous retry won). */
    async insert(tx: Executor, values: typeof timeEntries.$inferInsert): Promise<TimeEntryRow | undefined> {
      return (await tx.insert(timeEntries).values(values).onConflictDoNothing().returning())[0]
    },

    async update(tx: Executor, id: string, values: Partial<typeof timeEntries.$inferInsert>): Promise<TimeEntryRow> {
      return (await tx.update(timeEntries).set({ ...values, updatedAt: sql`now()` }).where(eq(timeEntries.id, id)).returning())[0]!
    },

    async remove(tx: Executor, id: string): Promise<void> {
      await tx.delete(timeEntries).where(eq(timeEntries.id, id))
    },

    /**
     * The entries a contract's statement for `month` bills: approved with that billing month (billed already once
     * the month is finalised). Oldest first. With `lock`, the entries are locked (FOR UPDATE OF time_entries).
     */
    async ofStatement(ex: Executor, contractId: string, month: string, lock: boolean): Promise<TimeEntry[]> {
      const query = view(ex)
        .where(and(eq(grants.contractId, contractId), eq(timeEntries.billingMonth, month)))
        .orderBy(timeEntries.date, timeEntries.createdAt, timeEntries.id)
      const rows = lock ? await query.for('update', { of: timeEntries }) : await query
      return rows.map(fromView)
    },

    async markBilled(tx: Executor, ids: string[], statementId: string): Promise<void> {
      if (ids.length > 0) await tx.update(timeEntries).set({ statementId }).where(inArray(timeEntries.id, ids))
    },
  }
}

export type TimeEntriesRepository = ReturnType<typeof createTimeEntriesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    timeEntriesRepository: TimeEntriesRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('timeEntriesRepository', createTimeEntriesRepository(fastify.db, fastify.pool))
  },
  { name: 'time-entries-repository', dependencies: ['db'] },
)

