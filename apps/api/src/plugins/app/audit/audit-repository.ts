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

/**
 * Rows recomputed per statement when verifying the chain: small enough that one batch stays far below the
 * statement timeout, large enough that a million rows take a hundred round trips, not a million.
 */
export const VERIFY_BATCH_ROWS = 10_000

interface BatchResult extends Record<string, unknown> {
  checked: number
  first_broken: string | null
  last_seq: string | null
  last_hash: Buffer | null
}

export function createAuditRepository(db: Db) {
  return {
    /** Call inside the transaction that makes the change, so both land or neither does. */
    async record(tx: Executor, entry: AuditRecord): Promise<void> {
      // Personal data never enters the trail (docs/privacy.md): only which personal fields changed.
      const { before, after } = redactPersonalData(entry.entity, redact(entry.before), redact(entry.after))
      await tx.insert(auditLog).values({
        actorId: entry.actorId,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        before,
        after,
      })
    },

    /**
     * Recomputes the hash chain in PostgreSQL, batch by batch in `seq` order, carrying the last hash from one batch
     * to the next: only one aggregate row per batch reaches Node, so the trail may have millions of rows. One
     * read-only snapshot for all batches, so appends during the check cannot look like a break.
     */
    async verifyChain(batchRows = VERIFY_BATCH_ROWS): Promise<AuditVerification> {
      return db.transaction(
        async (tx) => {
          let checked = 0
          let firstBroken: number | null = null
          let afterSeq = 0
          let prevHash: Buffer | null = null
          for (;;) {
            const result: { rows: BatchResult[] } = await tx.execute<BatchResult>(sql`
              WITH batch AS (
                SELECT seq, id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash
                  FROM audit_log WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${batchRows}
              ), checked AS (
                SELECT seq, hash,
                       hash IS DISTINCT FROM audit_log_hash(seq, id, at, actor_id, action, entity, entity_id, before, after, prev_hash)
                       OR prev_hash IS DISTINCT FROM lag(hash, 1, ${prevHash}::bytea) OVER (ORDER BY seq) AS broken
                  FROM batch
              )
              SELECT count(*)::int AS checked,
                     min(seq) FILTER (WHERE broken)::text AS first_broken,
                     max(seq)::text AS last_seq,
                     (SELECT hash FROM checked ORDER BY seq DESC LIMIT 1) AS last_hash
                FROM checked`)
            const batch: BatchResult = result.rows[0]!
            if (batch.checked === 0) break
            checked += batch.checked
            if (firstBroken === null && batch.first_broken !== null) firstBroken = Number(batch.first_broken)
            afterSeq = Number(batch.last_seq)
            prevHash = batch.last_hash
          }
          // The head remembers the last append: rows removed at the end leave no broken link behind them.
          const { rows: head } = await tx.execute<{ seq: string | null; hash: Buffer | null } & Record<string, unknown>>(
            sql`SELECT seq::text AS seq, hash FROM audit_chain_head`,
          )
          const headSeq = head[0]?.seq == null ? null : Number(head[0].seq)
          const headHash = head[0]?.hash ?? null
          const lastSeq = checked ? afterSeq : null
          const sameHash = headHash === null || prevHash === null ? headHash === prevHash : headHash.equals(prevHash)
          if (firstBroken === null && !(headSeq === lastSeq && sameHash)) {
            // Rows missing at the end: the first missing one; otherwise the last row does not match the head.
            firstBroken = headSeq !== null && (lastSeq === null || headSeq > lastSeq) ? headSeq : (lastSeq ?? 1)
          }
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
