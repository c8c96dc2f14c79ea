import fp from 'fastify-plugin'
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Inquiry, InquiryList, InquiryListQuery } from '@wohnlotse/shared'
import { inquiries, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { cursorTimestamp, decodeCursor, encodeCursor } from '../../../lib/cursor.ts'
import { likePattern } from './search.ts'
import { notRestricted } from '../privacy/restriction-filter.ts'

export type InquiryRow = typeof inquiries.$inferSelect
export type InquiryInsert = Omit<typeof inquiries.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>

export function toInquiry(row: InquiryRow, createdByName: string | null): Inquiry {
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    channel: row.channel,
    name: row.name,
    contact: row.contact,
    topics: row.topics as Inquiry['topics'],
    targetGroups: row.targetGroups as Inquiry['targetGroups'],
    language: row.language as Inquiry['language'],
    notes: row.notes,
    status: row.status,
    closeReason: row.closeReason,
    closedAt: row.closedAt?.toISOString() ?? null,
    groupId: row.groupId,
    convertedAt: row.convertedAt?.toISOString() ?? null,
    createdBy: row.createdBy ? { id: row.createdBy, name: createdByName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The same expression as the trigram index inquiries_search_idx (migration 0008). */
const searchable = sql`(coalesce(${inquiries.name}, '') || ' ' || coalesce(${inquiries.contact}, '') || ' ' || coalesce(${inquiries.notes}, ''))`

/** Start of a Berlin calendar day as a timestamp, so the received_at indexes serve the date filters. */
const berlinDayStart = (day: string, plusDays = 0) => sql`((${day}::date + ${plusDays}::int)::timestamp AT TIME ZONE 'Europe/Berlin')`

export function createInquiriesRepository(db: Db) {
  return {
    /** Pass `tx` to read what the transaction has written so far; `hideRestricted` for all but coordinators (Art. 18). */
    async findById(id: string, tx?: Executor, hideRestricted = false): Promise<Inquiry | undefined> {
      const rows = await (tx ?? db)
        .select({ row: inquiries, createdByName: users.name })
        .from(inquiries)
        .leftJoin(users, eq(users.id, inquiries.createdBy))
        .where(and(eq(inquiries.id, id), hideRestricted ? notRestricted('inquiry', inquiries.id) : undefined))
      const found = rows[0]
      return found && toInquiry(found.row, found.createdByName)
    },

    /** Locks the row for the transaction: status changes on one inquiry happen one after another. */
    async lock(tx: Executor, id: string): Promise<InquiryRow | undefined> {
      return (await tx.select().from(inquiries).where(eq(inquiries.id, id)).for('update'))[0]
    },

    /** Newest first (by when the inquiry came in), keyset-paged. */
    async list(query: InquiryListQuery, hideRestricted = false): Promise<InquiryList> {
      const limit = query.limit ?? 50
      let after: SQL | undefined
      if (query.cursor) {
        const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid'])
        // Microsecond precision matters: JS dates would round and skip or repeat rows.
        after = or(lt(inquiries.receivedAt, sql`${at}::timestamptz`), and(eq(inquiries.receivedAt, sql`${at}::timestamptz`), lt(inquiries.id, id)))
      }
      const rows = await db
        .select({
          row: inquiries,
          createdByName: users.name,
          cursorAt: cursorTimestamp(inquiries.receivedAt),
        })
        .from(inquiries)
        .leftJoin(users, eq(users.id, inquiries.createdBy))
        .where(
          and(
            query.status ? eq(inquiries.status, query.status) : undefined,
            hideRestricted ? notRestricted('inquiry', inquiries.id) : undefined,
            query.q ? ilike(searchable, likePattern(query.q)) : undefined,
            query.from ? gte(inquiries.receivedAt, berlinDayStart(query.from)) : undefined,
            query.to ? lt(inquiries.receivedAt, berlinDayStart(query.to, 1)) : undefined,
            after,
          ),
        )
        .orderBy(desc(inquiries.receivedAt), desc(inquiries.id))
        .limit(limit + 1)
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map((r) => toInquiry(r.row, r.createdByName)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.row.id]) : null,
      }
    },

    async insert(tx: Executor, data: InquiryInsert): Promise<InquiryRow> {
      return (await tx.insert(inquiries).values(data).returning())[0]!
    },

    async update(tx: Executor, id: string, patch: Partial<InquiryInsert>): Promise<InquiryRow> {
      return (await tx.update(inquiries).set({ ...patch, updatedAt: sql`now()` }).where(eq(inquiries.id, id)).returning())[0]!
    },
  }
}

export type InquiriesRepository = ReturnType<typeof createInquiriesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    inquiriesRepository: InquiriesRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('inquiriesRepository', createInquiriesRepository(fastify.db))
  },
  { name: 'inquiries-repository', dependencies: ['db'] },
)
