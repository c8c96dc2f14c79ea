import fp from 'fastify-plugin'
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Contact } from '@wohnlotse/shared'
import { groupContacts } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { notRestricted } from '../privacy/restriction-filter.ts'

type ContactRow = typeof groupContacts.$inferSelect
export type ContactFields = Omit<typeof groupContacts.$inferInsert, 'id' | 'groupId' | 'createdAt' | 'updatedAt'>

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    groupId: row.groupId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    role: row.role,
    since: row.since,
    until: row.until,
    consentAt: row.consentAt,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function createContactsRepository(db: Db) {
  return {
    /** Current contacts first (no end date), then by start date and name; `hideRestricted` for all but coordinators (Art. 18). */
    async list(groupId: string, hideRestricted = false): Promise<Contact[]> {
      const rows = await db
        .select()
        .from(groupContacts)
        .where(and(eq(groupContacts.groupId, groupId), hideRestricted ? notRestricted('contact', groupContacts.id) : undefined))
        .orderBy(sql`${groupContacts.until} IS NOT NULL`, asc(groupContacts.since), asc(groupContacts.name), asc(groupContacts.id))
      return rows.map(toContact)
    },

    async find(tx: Executor, groupId: string, id: string): Promise<ContactRow | undefined> {
      return (await tx.select().from(groupContacts).where(and(eq(groupContacts.id, id), eq(groupContacts.groupId, groupId))).for('update'))[0]
    },

    async insert(tx: Executor, groupId: string, fields: ContactFields): Promise<ContactRow> {
      return (await tx.insert(groupContacts).values({ ...fields, groupId }).returning())[0]!
    },

    async update(tx: Executor, id: string, fields: Partial<ContactFields>): Promise<ContactRow> {
      return (await tx.update(groupContacts).set({ ...fields, updatedAt: sql`now()` }).where(eq(groupContacts.id, id)).returning())[0]!
    },

    async remove(tx: Executor, id: string): Promise<void> {
      await tx.delete(groupContacts).where(eq(groupContacts.id, id))
    },
  }
}

export type ContactsRepository = ReturnType<typeof createContactsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    contactsRepository: ContactsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('contactsRepository', createContactsRepository(fastify.db))
  },
  { name: 'contacts-repository', dependencies: ['db'] },
)
