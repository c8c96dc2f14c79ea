import fp from 'fastify-plugin'
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Grant, GrantList, GrantListQuery } from '@wohnlotse/shared'
import { contracts, grants, grantTopUps, groups, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { cursorTimestamp, decodeCursor, encodeCursor } from '../../../lib/cursor.ts'

export type GrantRow = typeof grants.$inferSelect

export function toGrant(row: GrantRow, names: { groupName: string; contractNumber: string; advisorName: string }): Grant {
  return {
    id: row.id,
    groupId: row.groupId,
    groupName: names.groupName,
    contractId: row.contractId,
    contractNumber: names.contractNumber,
    advisorId: row.advisorId,
    advisorName: names.advisorName,
    year: row.year,
    purpose: row.purpose,
    grantedMinutes: row.grantedMinutes,
    submittedMinutes: row.submittedMinutes,
    approvedMinutes: row.approvedMinutes,
    // A closed grant has nothing left: its unused minutes went back to the budget.
    remainingMinutes: row.status === 'closed' ? 0 : row.grantedMinutes - row.submittedMinutes - row.approvedMinutes,
    committedCents: row.committedCents,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  }
}

export function createGrantsRepository(db: Db) {
  const view = (ex: Executor) =>
    ex
      .select({
        grant: grants,
        groupName: groups.name,
        contractNumber: contracts.number,
        advisorName: users.name,
        cursorAt: cursorTimestamp(grants.createdAt),
      })
      .from(grants)
      .innerJoin(groups, eq(groups.id, grants.groupId))
      .innerJoin(contracts, eq(contracts.id, grants.contractId))
      .innerJoin(users, eq(users.id, grants.advisorId))

  type ViewRow = Awaited<ReturnType<ReturnType<typeof view>['where']>>[number]
  const fromView = (r: ViewRow) => toGrant(r.grant, r)
  // The hot read (GET /api/grants/:id) outside a transaction, prepared once per connection.
  const byId = view(db).where(eq(grants.id, sql.placeholder('id'))).prepare('grants_view_by_id')
  const byIdOfAdvisor = view(db)
    .where(and(eq(grants.id, sql.placeholder('id')), eq(grants.advisorId, sql.placeholder('advisorId'))))
    .prepare('grants_view_by_id_of_advisor')

  return {
    /** Newest first; keyset on (created_at, id), so pages neither skip nor repeat grants created meanwhile. */
    async list(query: GrantListQuery, advisorId?: string): Promise<GrantList> {
      const limit = query.limit ?? 50
      let after: SQL | undefined
      if (query.cursor) {
        const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid'])
        after = sql`(${grants.createdAt}, ${grants.id}) < (${at}::timestamptz, ${id}::uuid)`
      }
      const where: (SQL | undefined)[] = [
        advisorId ? eq(grants.advisorId, advisorId) : undefined,
        query.advisorId ? eq(grants.advisorId, query.advisorId) : undefined,
        query.groupId ? eq(grants.groupId, query.groupId) : undefined,
        query.contractId ? eq(grants.contractId, query.contractId) : undefined,
        query.status ? eq(grants.status, query.status) : undefined,
        after,
      ]
      const rows = await view(db)
        .where(and(...where))
        .orderBy(desc(grants.createdAt), desc(grants.id))
        .limit(limit + 1)
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map(fromView),
        nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.grant.id]) : null,
      }
    },

    async findView(id: string, advisorId?: string, ex: Executor = db): Promise<Grant | undefined> {
      const [row] =
        ex !== db
          ? await view(ex).where(and(eq(grants.id, id), advisorId ? eq(grants.advisorId, advisorId) : undefined))
          : advisorId
            ? await byIdOfAdvisor.execute({ id, advisorId })
            : await byId.execute({ id })
      return row && fromView(row)
    },

    async lock(tx: Executor, id: string): Promise<GrantRow | undefined> {
      return (await tx.select().from(grants).where(eq(grants.id, id)).for('update'))[0]
    },

    /** Locks several grants in id order (LOCKING.md); the rows come back in that order. */
    async lockMany(tx: Executor, ids: readonly string[]): Promise<GrantRow[]> {
      if (ids.length === 0) return []
      return tx.select().from(grants).where(inArray(grants.id, [...ids])).orderBy(asc(grants.id)).for('update')
    },

    async insert(tx: Executor, values: typeof grants.$inferInsert): Promise<GrantRow> {
      return (await tx.insert(grants).values(values).returning())[0]!
    },

    async update(tx: Executor, id: string, values: Partial<typeof grants.$inferInsert>): Promise<GrantRow> {
      return (await tx.update(grants).set(values).where(eq(grants.id, id)).returning())[0]!
    },

    /**
     * Adds minutes to the submitted total only if the cap still holds, as one conditional UPDATE. The
     * row lock serialises simultaneous entries and PostgreSQL re-evaluates the condition on the newest
     * row version, so the grant can never be overdrawn; the table's CHECK backs it up.
     */
    async addSubmitted(tx: Executor, id: string, minutes: number): Promise<GrantRow | undefined> {
      const rows = await tx
        .update(grants)
        .set({ submittedMinutes: sql`${grants.submittedMinutes} + ${minutes}` })
        .where(
          and(
            eq(grants.id, id),
            eq(grants.status, 'active'),
            sql`${grants.submittedMinutes} + ${grants.approvedMinutes} + ${minutes} <= ${grants.grantedMinutes}`,
          ),
        )
        .returning()
      return rows[0]
    },

    async recordTopUp(tx: Executor, values: typeof grantTopUps.$inferInsert): Promise<void> {
      await tx.insert(grantTopUps).values(values)
    },
  }
}

export type GrantsRepository = ReturnType<typeof createGrantsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    grantsRepository: GrantsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('grantsRepository', createGrantsRepository(fastify.db))
  },
  { name: 'grants-repository', dependencies: ['db'] },
)
