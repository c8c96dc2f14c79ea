import fp from 'fastify-plugin'
import { desc, eq } from 'drizzle-orm'
import type { CouncilReport, SnapshotSummary } from '@wohnlotse/shared'
import { councilReportSnapshots, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'

export interface StoredSnapshot extends SnapshotSummary {
  report: CouncilReport
}

export function createSnapshotsRepository(db: Db) {
  const columns = {
    id: councilReportSnapshots.id,
    from: councilReportSnapshots.periodFrom,
    to: councilReportSnapshots.periodTo,
    hash: councilReportSnapshots.hash,
    createdAt: councilReportSnapshots.createdAt,
    actorId: users.id,
    actorName: users.name,
  }
  type Row = { id: string; from: string; to: string; hash: string; createdAt: Date; actorId: string | null; actorName: string | null }
  const summary = (r: Row): SnapshotSummary => ({
    id: r.id,
    period: { from: r.from, to: r.to },
    hash: r.hash,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null,
  })

  return {
    async insert(tx: Executor, values: { report: CouncilReport; hash: string; createdBy: string }): Promise<string> {
      const [row] = await tx
        .insert(councilReportSnapshots)
        .values({ periodFrom: values.report.period.from, periodTo: values.report.period.to, report: values.report, hash: values.hash, createdBy: values.createdBy })
        .returning({ id: councilReportSnapshots.id })
      return row!.id
    },

    /** Newest first; a few per quarter over years stays a short list, so no paging. */
    async list(): Promise<SnapshotSummary[]> {
      const rows = await db
        .select(columns)
        .from(councilReportSnapshots)
        .leftJoin(users, eq(users.id, councilReportSnapshots.createdBy))
        .orderBy(desc(councilReportSnapshots.createdAt), desc(councilReportSnapshots.id))
        .limit(500)
      return rows.map(summary)
    },

    async find(id: string, ex: Executor = db): Promise<StoredSnapshot | undefined> {
      const [row] = await ex
        .select({ ...columns, report: councilReportSnapshots.report })
        .from(councilReportSnapshots)
        .leftJoin(users, eq(users.id, councilReportSnapshots.createdBy))
        .where(eq(councilReportSnapshots.id, id))
      return row ? { ...summary(row), report: row.report as CouncilReport } : undefined
    },
  }
}

export type SnapshotsRepository = ReturnType<typeof createSnapshotsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    snapshotsRepository: SnapshotsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('snapshotsRepository', createSnapshotsRepository(fastify.db))
  },
  { name: 'snapshots-repository', dependencies: ['db'] },
)
