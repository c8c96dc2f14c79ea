import fp from 'fastify-plugin'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Contract } from '@wohnlotse/shared'
import { contracts, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'

export type ContractRow = typeof contracts.$inferSelect
export type ContractFields = Omit<typeof contracts.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'grantedMinutes'>

export function toContract(row: ContractRow, advisorName: string): Contract {
  return {
    id: row.id,
    advisorId: row.advisorId,
    advisorName,
    number: row.number,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    hourlyRateCents: row.hourlyRateCents,
    vatRatePercent: row.vatRatePercent,
    expertise: row.expertise as Contract['expertise'],
    maxMinutes: row.maxMinutes,
    grantedMinutes: row.grantedMinutes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function createContractsRepository(db: Db) {
  const view = (ex: Executor) =>
    ex.select({ contract: contracts, advisorName: users.name }).from(contracts).innerJoin(users, eq(users.id, contracts.advisorId))

  return {
    /** Contracts by advisor name, then start; an advisor's own only when `advisorId` is given. */
    async list(advisorId?: string): Promise<Contract[]> {
      const rows = await view(db)
        .where(advisorId ? eq(contracts.advisorId, advisorId) : undefined)
        .orderBy(asc(users.name), asc(contracts.validFrom), asc(contracts.number))
      return rows.map((r) => toContract(r.contract, r.advisorName))
    },

    async findView(id: string, advisorId?: string, ex: Executor = db): Promise<Contract | undefined> {
      const [row] = await view(ex).where(and(eq(contracts.id, id), advisorId ? eq(contracts.advisorId, advisorId) : undefined))
      return row && toContract(row.contract, row.advisorName)
    },

    async lock(tx: Executor, id: string): Promise<ContractRow | undefined> {
      return (await tx.select().from(contracts).where(eq(contracts.id, id)).for('update'))[0]
    },

    /** Locks several contracts in id order (LOCKING.md); the rows come back in that order. */
    async lockMany(tx: Executor, ids: readonly string[]): Promise<ContractRow[]> {
      if (ids.length === 0) return []
      return tx.select().from(contracts).where(inArray(contracts.id, [...ids])).orderBy(asc(contracts.id)).for('update')
    },

    /** Undefined when the number is taken. */
    async insert(tx: Executor, fields: ContractFields): Promise<ContractRow | undefined> {
      return (await tx.insert(contracts).values(fields).onConflictDoNothing({ target: contracts.number }).returning())[0]
    },

    async update(tx: Executor, id: string, fields: Partial<ContractFields>): Promise<ContractRow> {
      return (await tx.update(contracts).set({ ...fields, updatedAt: sql`now()` }).where(eq(contracts.id, id)).returning())[0]!
    },

    /** Adds (or with a negative number releases) granted minutes within the volume cap; false when over it. */
    async addGrantedMinutes(tx: Executor, id: string, minutes: number): Promise<boolean> {
      const rows = await tx
        .update(contracts)
        .set({ grantedMinutes: sql`${contracts.grantedMinutes} + ${minutes}` })
        .where(and(eq(contracts.id, id), sql`(${contracts.maxMinutes} IS NULL OR ${contracts.grantedMinutes} + ${minutes} <= ${contracts.maxMinutes})`))
        .returning({ id: contracts.id })
      return rows.length === 1
    },
  }
}

export type ContractsRepository = ReturnType<typeof createContractsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    contractsRepository: ContractsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('contractsRepository', createContractsRepository(fastify.db))
  },
  { name: 'contracts-repository', dependencies: ['db'] },
)
