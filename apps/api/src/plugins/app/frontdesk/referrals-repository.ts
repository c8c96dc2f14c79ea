import fp from 'fastify-plugin'
import { and, asc, desc, eq, gte, lte, not, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Referral, ReferralList, ReferralListQuery } from '@wohnlotse/shared'
import { groups, inquiries, offers, referrals, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { cursorTimestamp, decodeCursor, encodeCursor } from '../../../lib/cursor.ts'

export type ReferralRow = typeof referrals.$inferSelect
export type ReferralInsert = Omit<typeof referrals.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>

const createdByUser = alias(users, 'created_by_user')
const outcomeByUser = alias(users, 'outcome_by_user')

/** A referral with what the follow-up needs to know: the offer, and whom to ask. */
const columns = {
  row: referrals,
  offerName: offers.name,
  inquirerName: inquiries.name,
  inquirerContact: inquiries.contact,
  groupName: groups.name,
  createdByName: createdByUser.name,
  outcomeByName: outcomeByUser.name,
  createdAtText: cursorTimestamp(referrals.createdAt),
}

type Joined = {
  row: ReferralRow
  offerName: string
  inquirerName: string | null
  inquirerContact: string | null
  groupName: string | null
  createdByName: string | null
  outcomeByName: string | null
}

export function toReferral(r: Joined): Referral {
  const { row } = r
  return {
    id: row.id,
    inquiryId: row.inquiryId,
    groupId: row.groupId,
    offerId: row.offerId,
    offerName: r.offerName,
    inquirerName: r.inquirerName,
    inquirerContact: r.inquirerContact,
    groupName: r.groupName,
    reason: row.reason,
    consentToShare: row.consentToShare,
    followUpOn: row.followUpOn,
    outcome: row.outcome,
    outcomeNote: row.outcomeNote,
    outcomeAt: row.outcomeAt?.toISOString() ?? null,
    outcomeBy: row.outcomeBy ? { id: row.outcomeBy, name: r.outcomeByName ?? '' } : null,
    createdBy: row.createdBy ? { id: row.createdBy, name: r.createdByName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** Due: still pending and the follow-up day (a Berlin calendar day) has come. */
const dueCondition = (today: string) => and(eq(referrals.outcome, 'pending'), lte(referrals.followUpOn, today))!

export function createReferralsRepository(db: Db) {
  const joined = (executor: Executor) =>
    executor
      .select(columns)
      .from(referrals)
      .innerJoin(offers, eq(offers.id, referrals.offerId))
      .leftJoin(inquiries, eq(inquiries.id, referrals.inquiryId))
      .leftJoin(groups, eq(groups.id, referrals.groupId))
      .leftJoin(createdByUser, eq(createdByUser.id, referrals.createdBy))
      .leftJoin(outcomeByUser, eq(outcomeByUser.id, referrals.outcomeBy))

  return {
    /** Pass `tx` to read what the transaction has written so far. */
    async findById(id: string, tx?: Executor): Promise<Referral | undefined> {
      const found = (await joined(tx ?? db).where(eq(referrals.id, id)))[0]
      return found && toReferral(found)
    },

    async lock(tx: Executor, id: string): Promise<ReferralRow | undefined> {
      return (await tx.select().from(referrals).where(eq(referrals.id, id)).for('update'))[0]
    },

    /** Whether the inquiry or group already waits for a follow-up on this offer. */
    async hasPending(tx: Executor, subject: { inquiryId: string } | { groupId: string }, offerId: string): Promise<boolean> {
      const rows = await tx
        .select({ id: referrals.id })
        .from(referrals)
        .where(
          and(
            'inquiryId' in subject ? eq(referrals.inquiryId, subject.inquiryId) : eq(referrals.groupId, subject.groupId),
            eq(referrals.offerId, offerId),
            eq(referrals.outcome, 'pending'),
          ),
        )
        .limit(1)
      return rows.length > 0
    },

    /**
     * `due=true` and a follow-up range are ordered by follow-up day, soonest first; every other list is
     * newest first. All are keyset-paged; the cursor carries the sort key of its own order, compared as a
     * row so that the index scan starts at the cursor.
     */
    async list(query: ReferralListQuery, today: string): Promise<ReferralList> {
      const limit = query.limit ?? 50
      const byFollowUp = query.due === true || query.followUpFrom !== undefined || query.followUpTo !== undefined
      const filters = [
        query.due === undefined ? undefined : query.due ? dueCondition(today) : not(dueCondition(today)),
        query.followUpFrom ? gte(referrals.followUpOn, query.followUpFrom) : undefined,
        query.followUpTo ? lte(referrals.followUpOn, query.followUpTo) : undefined,
        query.offerId ? eq(referrals.offerId, query.offerId) : undefined,
        query.outcome ? eq(referrals.outcome, query.outcome) : undefined,
        query.inquiryId ? eq(referrals.inquiryId, query.inquiryId) : undefined,
        query.groupId ? eq(referrals.groupId, query.groupId) : undefined,
      ]
      let after: SQL | undefined
      if (query.cursor && byFollowUp) {
        const [day, at, id] = decodeCursor(query.cursor, ['date', 'timestamp', 'uuid'])
        after = sql`(${referrals.followUpOn}, ${referrals.createdAt}, ${referrals.id}) > (${day}::date, ${at}::timestamptz, ${id}::uuid)`
      } else if (query.cursor) {
        const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid'])
        after = sql`(${referrals.createdAt}, ${referrals.id}) < (${at}::timestamptz, ${id}::uuid)`
      }
      const rows = await joined(db)
        .where(and(...filters, after))
        .orderBy(
          ...(byFollowUp
            ? [asc(referrals.followUpOn), asc(referrals.createdAt), asc(referrals.id)]
            : [desc(referrals.createdAt), desc(referrals.id)]),
        )
        .limit(limit + 1)
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      const cursor = last && (byFollowUp ? [last.row.followUpOn, last.createdAtText, last.row.id] : [last.createdAtText, last.row.id])
      return { items: page.map(toReferral), nextCursor: rows.length > limit && cursor ? encodeCursor(cursor) : null }
    },

    async insert(tx: Executor, data: ReferralInsert): Promise<ReferralRow> {
      return (await tx.insert(referrals).values(data).returning())[0]!
    },

    async update(tx: Executor, id: string, patch: Omit<Partial<ReferralInsert>, 'outcomeAt'> & { outcomeAt?: SQL }): Promise<ReferralRow> {
      return (await tx.update(referrals).set({ ...patch, updatedAt: sql`now()` }).where(eq(referrals.id, id)).returning())[0]!
    },
  }
}

export type ReferralsRepository = ReturnType<typeof createReferralsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    referralsRepository: ReferralsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('referralsRepository', createReferralsRepository(fastify.db))
  },
  { name: 'referrals-repository', dependencies: ['db'] },
)
