import fp from 'fastify-plugin'
import { and, desc, eq, inArray, lt } from 'drizzle-orm'
import type { AuditEntry, AuditList, AuditQuery } from '@wohnlotse/shared'
import { auditLog, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { decodeCursor, encodeCursor } from '../../../lib/cursor.ts'

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

export function createAuditRepository(db: Db) {
  return {
    /** Call inside the transaction that makes the change, so both land or neither does. */
    async record(tx: Executor, entry: AuditRecord): Promise<void> {
      await tx.insert(auditLog).values({
        actorId: entry.actorId,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        before: redact(entry.before),
        after: redact(entry.after),
      })
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
