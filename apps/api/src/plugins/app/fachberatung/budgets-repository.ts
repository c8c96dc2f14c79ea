import fp from 'fastify-plugin'
import { and, eq, sql } from 'drizzle-orm'
import type { Budget } from '@wohnlotse/shared'
import { advisorBudgets, settings } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'

const DEFAULT_GRANT_MINUTES = 'default_grant_minutes'

type BudgetRow = typeof advisorBudgets.$inferSelect

export function toBudget(year: number, row?: BudgetRow): Budget {
  const amountCents = row?.amountCents ?? 0
  const committedCents = row?.committedCents ?? 0
  return { year, amountCents, committedCents, spentCents: row?.spentCents ?? 0, availableCents: amountCents - committedCents }
}

export function createBudgetsRepository(db: Db) {
  return {
    async get(year: number, ex: Executor = db): Promise<Budget> {
      const [row] = await ex.select().from(advisorBudgets).where(eq(advisorBudgets.year, year))
      return toBudget(year, row)
    },

    /** Sets the year's amount unless it would fall below what is already committed (then undefined). */
    async put(tx: Executor, year: number, amountCents: number): Promise<BudgetRow | undefined> {
      const rows = await tx
        .insert(advisorBudgets)
        .values({ year, amountCents })
        .onConflictDoUpdate({
          target: advisorBudgets.year,
          set: { amountCents, updatedAt: sql`now()` },
          setWhere: sql`${advisorBudgets.committedCents} <= ${amountCents}`,
        })
        .returning()
      return rows[0]
    },

    /**
     * Commits (or with a negative delta releases) money in one conditional UPDATE: under the row lock
     * PostgreSQL re-checks the condition against the latest committed row, so simultaneous grants can
     * never together exceed the amount. False when the year has no budget or not enough left.
     */
    async commit(tx: Executor, year: number, deltaCents: number): Promise<boolean> {
      const rows = await tx
        .update(advisorBudgets)
        .set({ committedCents: sql`${advisorBudgets.committedCents} + ${deltaCents}`, updatedAt: sql`now()` })
        .where(and(eq(advisorBudgets.year, year), sql`${advisorBudgets.committedCents} + ${deltaCents} <= ${advisorBudgets.amountCents}`))
        .returning({ year: advisorBudgets.year })
      return rows.length === 1
    },

    async spend(tx: Executor, year: number, deltaCents: number): Promise<void> {
      await tx
        .update(advisorBudgets)
        .set({ spentCents: sql`${advisorBudgets.spentCents} + ${deltaCents}`, updatedAt: sql`now()` })
        .where(eq(advisorBudgets.year, year))
    },

    async defaultGrantMinutes(ex: Executor = db): Promise<number> {
      const [row] = await ex.select().from(settings).where(eq(settings.key, DEFAULT_GRANT_MINUTES))
      return row?.value ?? 600
    },

    async setDefaultGrantMinutes(tx: Executor, minutes: number): Promise<void> {
      await tx
        .insert(settings)
        .values({ key: DEFAULT_GRANT_MINUTES, value: minutes })
        .onConflictDoUpdate({ target: settings.key, set: { value: minutes, updatedAt: sql`now()` } })
    },
  }
}

export type BudgetsRepository = ReturnType<typeof createBudgetsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    budgetsRepository: BudgetsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('budgetsRepository', createBudgetsRepository(fastify.db))
  },
  { name: 'budgets-repository', dependencies: ['db'] },
)
