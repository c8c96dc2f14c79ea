import fp from 'fastify-plugin'
import { and, desc, eq } from 'drizzle-orm'
import type { StatementSummary } from '@wohnlotse/shared'
import { statements } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'

export type StatementRow = typeof statements.$inferSelect

export function createStatementsRepository(db: Db) {
  return {
    async find(contractId: string, month: string, ex: Executor = db): Promise<StatementRow | undefined> {
      return (await ex.select().from(statements).where(and(eq(statements.contractId, contractId), eq(statements.month, month))))[0]
    },

    /** Finalised statements of a contract, newest month first. */
    async listFinalized(contractId: string): Promise<StatementSummary[]> {
      const rows = await db.select().from(statements).where(eq(statements.contractId, contractId)).orderBy(desc(statements.month))
      return rows.map((r) => ({
        month: r.month,
        totalMinutes: r.totalMinutes,
        netCents: r.netCents,
        vatCents: r.vatCents,
        grossCents: r.grossCents,
        finalizedAt: r.finalizedAt.toISOString(),
      }))
    },

    /** Undefined when the month is finalised already (unique per contract and month). */
    async insert(tx: Executor, values: typeof statements.$inferInsert): Promise<StatementRow | undefined> {
      return (await tx.insert(statements).values(values).onConflictDoNothing().returning())[0]
    },
  }
}

export type StatementsRepository = ReturnType<typeof createStatementsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    statementsRepository: StatementsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('statementsRepository', createStatementsRepository(fastify.db))
  },
  { name: 'statements-repository', dependencies: ['db'] },
)
