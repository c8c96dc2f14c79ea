import fp from 'fastify-plugin'
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import type { AuditEntry, AuditList, AuditQuery, AuditVerification } from '@wohnlotse/shared'
import { auditLog, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { decodeCursor, encodeCursor } from '../../../lib/cursor.ts'
import { redactPersonalData } from './audit-personal-data.ts'

export interface AuditRecord {
  actorId: string | null
  action: string
  entity: string
  entityId: string | null
  before?: object | null
  after?: object | null
}

// Secrets never reach the audit trail, whatever a caller passes in.
const SECRET_KEY = /password|hash|token|secret/i

/** Drops secret keys at every depth: a snapshot may nest objects and arrays (e.g. `{ user: { passwordHash } }`). */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip)
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEY.test(key)).map(([key, v]) => [key, strip(v)]))
}

function redact(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null
  return strip(value) as Record<string, unknown>
}

/** The row to insert for `entry`: secrets and personal data removed (docs/privacy.md), only which personal fields changed. */
export function auditValues(entry: AuditRecord) {
  const { before, after } = redactPersonalData(entry.entity, redact(entry.before), redact(entry.after))
  return { actorId: entry.actorId, action: entry.action, entity: entry.entity, entityId: entry.entityId, before, after }
}

/**
 * Rows recomputed per statement when verifying the chain: small enough that one batch stays far below the
 * statement timeout, large enough that a million rows take a hundred round trips, not a million.
 */
export const VERIFY_BATCH_ROWS = 10_000

interface BatchResult extends Record<string, unknown> {
  checked: number
  first_broken: string | null
  last_position: string | null
  last_seq: string | null
  last_hash: Buffer | null
}

/** Audit rows the sealer takes per call (one short transaction); a backlog is sealed in several calls. */
export const SEAL_BATCH_ROWS = 5_000

/**
 * A row still unsealed this long after its transaction began counts as broken. Verification seals first, so only
 * rows committed in the instant between that seal and its snapshot can legitimately be unsealed, and the app's
 * transactions last milliseconds (statement timeout 5 s).
 */
export const UNSEALED_GRACE_SECONDS = 10

export function createAuditRepository(db: Db) {
  /**
   * Chains the audit rows committed since the last seal (migration 0020) and answers how many it sealed. Without
   * `wait` it gives way to a seal running elsewhere (that one takes the rows); with it, it waits, so every row
   * committed before the call is sealed once it answers fewer than `maxRows`.
   */
  async function seal(wait = false, maxRows = SEAL_BATCH_ROWS): Promise<number> {
    const { rows } = await db.execute<{ sealed: number }>(sql`SELECT audit_log_seal(${maxRows}::int, ${wait}) AS sealed`)
    return rows[0]!.sealed
  }

  return {
    /** Call inside the transaction that makes the change, so both land or neither does. */
    async record(tx: Executor, entry: AuditRecord): Promise<void> {
      await tx.insert(auditLog).values(auditValues(entry))
    },

    seal,

    /**
     * Recomputes the seal chain in PostgreSQL after sealing what is committed, batch by batch in chain order,
     * carrying the last hash from one batch to the next: only one aggregate row per batch reaches Node, so the trail
     * may have millions of rows. One read-only snapshot for all batches, so appends during the check cannot look
     * like a break. Broken: a seal whose audit row is gone or changed, whose hash does not follow from the seal
     * before, a gap in the positions, a chain head that does not match the last seal, and an audit row that is not
     * sealed and was either never queued (slipped in with the triggers off) or written too long ago.
     */
    async verifyChain(batchRows = VERIFY_BATCH_ROWS): Promise<AuditVerification> {
      while ((await seal(true)) === SEAL_BATCH_ROWS);
      return db.transaction(
        async (tx) => {
          let checked = 0
          let firstBroken: number | null = null
          let afterPosition = 0
          let lastSeq: number | null = null
          let prevHash: Buffer | null = null
          for (;;) {
            const result: { rows: BatchResult[] } = await tx.execute<BatchResult>(sql`
              WITH batch AS (
                SELECT position, seq, hash FROM audit_seals WHERE position > ${afterPosition} ORDER BY position LIMIT ${batchRows}
              ), checked AS (
                SELECT b.position, b.seq, b.hash,
                       a.seq IS NULL
                       OR b.position <> lag(b.position, 1, ${afterPosition}::bigint) OVER w + 1
                       OR b.hash IS DISTINCT FROM audit_log_hash(a.seq, a.id, a.at, a.actor_id, a.action, a.entity, a.entity_id, a.before, a.after,
                                                                 lag(b.hash, 1, ${prevHash}::bytea) OVER w) AS broken
                  FROM batch b LEFT JOIN audit_log a ON a.seq = b.seq
                WINDOW w AS (ORDER BY b.position)
              )
              SELECT count(*)::int AS checked,
                     (SELECT seq FROM checked WHERE broken ORDER BY position LIMIT 1)::text AS first_broken,
                     max(position)::text AS last_position,
                     (SELECT seq FROM checked ORDER BY position DESC LIMIT 1)::text AS last_seq,
                     (SELECT hash FROM checked ORDER BY position DESC LIMIT 1) AS last_hash
                FROM checked`)
            const batch: BatchResult = result.rows[0]!
            if (batch.checked === 0) break
            checked += batch.checked
            if (firstBroken === null && batch.first_broken !== null) firstBroken = Number(batch.first_broken)
            afterPosition = Number(batch.last_position)
            lastSeq = Number(batch.last_seq)
            prevHash = batch.last_hash
          }
          // The head remembers the last seal: seals removed at the end leave no broken link behind them.
          const { rows: head } = await tx.execute<{ position: string | null; seq: string | null; hash: Buffer | null } & Record<string, unknown>>(
            sql`SELECT position::text AS position, seq::text AS seq, hash FROM audit_chain_head`,
          )
          const headPosition = head[0]?.position == null ? 0 : Number(head[0].position)
          const headHash = head[0]?.hash ?? null
          const sameHash = headHash === null || prevHash === null ? headHash === prevHash : headHash.equals(prevHash)
          if (firstBroken === null && !(headPosition === afterPosition && sameHash)) {
            // Seals missing at the end: the last row the head remembers; otherwise the last seal does not match it.
            firstBroken = headPosition > afterPosition && head[0]?.seq != null ? Number(head[0].seq) : (lastSeq ?? 1)
          }
          const { rows: unsealed } = await tx.execute<{ seq: string | null } & Record<string, unknown>>(sql`
            SELECT min(a.seq)::text AS seq FROM audit_log a
             WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.seq = a.seq)
               AND (NOT EXISTS (SELECT 1 FROM audit_unsealed q WHERE q.seq = a.seq) OR a.at < now() - make_interval(secs => ${UNSEALED_GRACE_SECONDS}))`)
          if (firstBroken === null && unsealed[0]?.seq != null) firstBroken = Number(unsealed[0].seq)
          return { intact: firstBroken === null, checked, firstBrokenSeq: firstBroken }
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      )
    },

    /** `onlyEntities` narrows the trail to those entity types (what an administrator may read). */
    async list(query: AuditQuery, onlyEntities?: readonly string[]): Promise<AuditList> {
      const limit = query.limit ?? 50
      const conditions = [
        onlyEntities ? inArray(auditLog.entity, [...onlyEntities]) : undefined,
        query.entity ? eq(auditLog.entity, query.entity) : undefined,
        query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
        query.cursor ? lt(auditLog.seq, decodeCursor(query.cursor, ['integer'])[0]) : undefined,
      ]
      const rows = await db
        .select({
          id: auditLog.id,
          seq: auditLog.seq,
          at: auditLog.at,
          action: auditLog.action,
          entity: auditLog.entity,
          entityId: auditLog.entityId,
          before: auditLog.before,
          after: auditLog.after,
          actorId: users.id,
          actorName: users.name,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorId))
        .where(and(...conditions))
        .orderBy(desc(auditLog.seq))
        .limit(limit + 1)
      const page = rows.slice(0, limit)
      const items: AuditEntry[] = page.map((r) => ({
        id: r.id,
        actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        at: r.at.toISOString(),
        before: r.before ?? null,
        after: r.after ?? null,
      }))
      const last = page[page.length - 1]
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null }
    },
  }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>

declare module 'fastify' {
  interface FastifyInstance {
    auditRepository: AuditRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('auditRepository', createAuditRepository(fastify.db))
  },
  { name: 'audit-repository', dependencies: ['db'] },
)
