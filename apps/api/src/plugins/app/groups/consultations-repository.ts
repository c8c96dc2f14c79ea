import fp from 'fastify-plugin'
import { desc, eq } from 'drizzle-orm'
import type { Consultation } from '@wohnlotse/shared'
import { consultations, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'

type ConsultationRow = typeof consultations.$inferSelect
export type ConsultationInsert = Omit<typeof consultations.$inferInsert, 'id' | 'createdAt'>

export function toConsultation(row: ConsultationRow, byName: string, notesHidden = false): Consultation {
  return {
    id: row.id,
    groupId: row.groupId,
    date: row.date,
    minutes: row.minutes,
    channel: row.channel,
    language: row.language as Consultation['language'],
    topics: row.topics as Consultation['topics'],
    notes: notesHidden ? null : row.notes,
    notesHidden,
    stage: row.stage,
    by: { id: row.byId, name: byName },
    createdAt: row.createdAt.toISOString(),
  }
}

export function createConsultationsRepository(db: Db) {
  return {
    /** Newest first: the latest conversation is what a coordinator reads before the next one. */
    async list(groupId: string): Promise<{ row: ConsultationRow; byName: string }[]> {
      const rows = await db
        .select({ row: consultations, byName: users.name })
        .from(consultations)
        .innerJoin(users, eq(users.id, consultations.byId))
        .where(eq(consultations.groupId, groupId))
        .orderBy(desc(consultations.date), desc(consultations.createdAt))
      return rows
    },

    async insert(tx: Executor, data: ConsultationInsert): Promise<ConsultationRow> {
      return (await tx.insert(consultations).values(data).returning())[0]!
    },
  }
}

export type ConsultationsRepository = ReturnType<typeof createConsultationsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    consultationsRepository: ConsultationsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('consultationsRepository', createConsultationsRepository(fastify.db))
  },
  { name: 'consultations-repository', dependencies: ['db'] },
)
