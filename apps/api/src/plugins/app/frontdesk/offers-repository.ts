import fp from 'fastify-plugin'
import { and, asc, eq, ilike, sql } from 'drizzle-orm'
import type { Offer } from '@wohnlotse/shared'
import { offers } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { likePattern } from './search.ts'

export type OfferRow = typeof offers.$inferSelect
export type OfferInsert = Omit<typeof offers.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>

export function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    name: row.name,
    organisation: row.organisation,
    description: row.description,
    topics: row.topics as Offer['topics'],
    targetGroups: row.targetGroups as Offer['targetGroups'],
    languages: row.languages as Offer['languages'],
    contact: {
      phone: row.contactPhone,
      email: row.contactEmail,
      url: row.contactUrl,
      address: row.contactAddress,
      openingHours: row.contactOpeningHours,
    },
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** PostgreSQL's unique_violation on the case-insensitive name index. */
export const isOfferNameTaken = (err: unknown) => {
  const cause = (err as { cause?: { code?: string; constraint?: string } }).cause ?? (err as { code?: string; constraint?: string })
  return cause.code === '23505' && cause.constraint === 'offers_name_key'
}

export function createOffersRepository(db: Db) {
  return {
    /** Offers by name; the ranking happens in the service, the list is short. */
    async list(query: { q?: string; includeInactive?: boolean }): Promise<OfferRow[]> {
      return db
        .select()
        .from(offers)
        .where(
          and(
            query.includeInactive ? undefined : eq(offers.active, true),
            query.q
              ? ilike(sql`(${offers.name} || ' ' || coalesce(${offers.organisation}, '') || ' ' || coalesce(${offers.description}, ''))`, likePattern(query.q))
              : undefined,
          ),
        )
        .orderBy(asc(offers.name), asc(offers.id))
    },

    async findById(id: string, tx?: Executor): Promise<OfferRow | undefined> {
      return (await (tx ?? db).select().from(offers).where(eq(offers.id, id)))[0]
    },

    /** Locks the row for the rest of the transaction (before changing it). */
    async lock(tx: Executor, id: string): Promise<OfferRow | undefined> {
      return (await tx.select().from(offers).where(eq(offers.id, id)).for('update'))[0]
    },

    /** Undefined when an offer of that name (in any case) exists already. */
    async insert(tx: Executor, data: OfferInsert): Promise<OfferRow | undefined> {
      return (await tx.insert(offers).values(data).onConflictDoNothing().returning())[0]
    },

    async update(tx: Executor, id: string, patch: Partial<OfferInsert>): Promise<OfferRow> {
      return (await tx.update(offers).set({ ...patch, updatedAt: sql`now()` }).where(eq(offers.id, id)).returning())[0]!
    },
  }
}

export type OffersRepository = ReturnType<typeof createOffersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    offersRepository: OffersRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('offersRepository', createOffersRepository(fastify.db))
  },
  { name: 'offers-repository', dependencies: ['db'] },
)
