import fp from 'fastify-plugin'
import { and, eq, gte, inArray, sql, type SQL } from 'drizzle-orm'
import type { BillingOverviewQuery, StatementStatus } from '@wohnlotse/shared'
import { statements } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { decodeCursor, encodeCursor } from '../../../lib/cursor.ts'

export type StatementRow = typeof statements.$inferSelect

/** One contract's month as the overview query returns it; money of a draft is computed by the service. */
export interface BillingMonthRow {
  contractId: string
  contractNumber: string
  advisorName: string
  hourlyRateCents: number
  vatRatePercent: number
  month: string
  status: StatementStatus
  totalMinutes: number
  lateMinutes: number
  entryCount: number
  submittedCount: number
  /** Stored totals of a finalised statement (null for a draft or an open month). */
  stored: { totalMinutes: number; netCents: number; vatCents: number; grossCents: number } | null
  lastChangeAt: string | null
}

export interface BillingMonthPage {
  rows: BillingMonthRow[]
  nextCursor: string | null
}

export function createStatementsRepository(db: Db) {
  return {
    async find(contractId: string, month: string, ex: Executor = db): Promise<StatementRow | undefined> {
      return (await ex.select().from(statements).where(and(eq(statements.contractId, contractId), eq(statements.month, month))))[0]
    },

    /** The finalised months of these contracts from `fromMonth` on, as contract id → months. */
    async finalisedMonths(ex: Executor, contractIds: readonly string[], fromMonth: string): Promise<Map<string, Set<string>>> {
      const byContract = new Map(contractIds.map((id) => [id, new Set<string>()]))
      if (contractIds.length === 0) return byContract
      const rows = await ex
        .select({ contractId: statements.contractId, month: statements.month })
        .from(statements)
        .where(and(inArray(statements.contractId, [...contractIds]), gte(statements.month, fromMonth)))
      for (const r of rows) byContract.get(r.contractId)?.add(r.month)
      return byContract
    },

    /** Undefined when the month is finalised already (unique per contract and month). */
    async insert(tx: Executor, values: typeof statements.$inferInsert): Promise<StatementRow | undefined> {
      return (await tx.insert(statements).values(values).onConflictDoNothing().returning())[0]
    },

    /**
     * The billing overview in one query (no per-month round trips): every contract month that has approved or
     * submitted entries or a statement, plus the running month of each contract valid today. Newest month first,
     * then by contract number; keyset on (month, number, id). `currentMonth` is Berlin's; months before it have ended.
     */
    async overview(query: BillingOverviewQuery, currentMonth: string, today: string, advisorId?: string): Promise<BillingMonthPage> {
      const limit = query.limit ?? 50
      const scope = (contractColumn: SQL) =>
        sql.join(
          [
            sql`true`,
            query.contractId ? sql`${contractColumn} = ${query.contractId}::uuid` : undefined,
            advisorId ? sql`${contractColumn} IN (SELECT id FROM contracts WHERE advisor_id = ${advisorId}::uuid)` : undefined,
          ].filter((part): part is SQL => part !== undefined),
          sql` AND `,
        )
      const statusOf = sql`CASE WHEN s.id IS NOT NULL THEN 'finalized' WHEN k.month < ${currentMonth} THEN 'draft' ELSE 'open' END`
      let after = sql`true`
      if (query.cursor) {
        const [month, number, id] = decodeCursor(query.cursor, ['string', 'string', 'uuid'])
        after = sql`(k.month < ${month} OR (k.month = ${month} AND (c.number, c.id) > (${number}, ${id}::uuid)))`
      }
      const result = await db.execute<{
        contract_id: string
        contract_number: string
        advisor_name: string
        hourly_rate_cents: number
        vat_rate_percent: number
        month: string
        status: StatementStatus
        total_minutes: number
        late_minutes: number
        entry_count: number
        submitted_count: number
        statement_minutes: number | null
        net_cents: string | null
        vat_cents: string | null
        gross_cents: string | null
        last_change_at: string | null
      }>(sql`
        WITH approved AS (
          SELECT g.contract_id, te.billing_month AS month,
                 sum(te.minutes)::int AS total_minutes,
                 coalesce(sum(te.minutes) FILTER (WHERE te.billing_month > to_char(te.date, 'YYYY-MM')), 0)::int AS late_minutes,
                 count(*)::int AS entry_count,
                 max(te.reviewed_at) AS last_at
            FROM time_entries te JOIN grants g ON g.id = te.grant_id
           WHERE te.billing_month IS NOT NULL AND ${scope(sql`g.contract_id`)}
           GROUP BY 1, 2
        ), submitted AS (
          SELECT g.contract_id, to_char(te.date, 'YYYY-MM') AS month, count(*)::int AS submitted_count
            FROM time_entries te JOIN grants g ON g.id = te.grant_id
           WHERE te.status = 'submitted' AND ${scope(sql`g.contract_id`)}
           GROUP BY 1, 2
        ), keys AS (
          SELECT contract_id, month FROM approved
          UNION SELECT contract_id, month FROM submitted
          UNION SELECT contract_id, month FROM statements WHERE ${scope(sql`contract_id`)}
          UNION SELECT id, ${currentMonth} FROM contracts WHERE valid_from <= ${today}::date AND valid_until >= ${today}::date AND ${scope(sql`id`)}
        )
        SELECT c.id AS contract_id, c.number AS contract_number, u.name AS advisor_name,
               c.hourly_rate_cents, c.vat_rate_percent, k.month, ${statusOf} AS status,
               coalesce(a.total_minutes, 0) AS total_minutes, coalesce(a.late_minutes, 0) AS late_minutes,
               coalesce(a.entry_count, 0) AS entry_count, coalesce(sub.submitted_count, 0) AS submitted_count,
               s.total_minutes AS statement_minutes, s.net_cents, s.vat_cents, s.gross_cents,
               to_char(coalesce(s.finalized_at, a.last_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_change_at
          FROM keys k
          JOIN contracts c ON c.id = k.contract_id
          JOIN users u ON u.id = c.advisor_id
          LEFT JOIN statements s ON s.contract_id = k.contract_id AND s.month = k.month
          LEFT JOIN approved a ON a.contract_id = k.contract_id AND a.month = k.month
          LEFT JOIN submitted sub ON sub.contract_id = k.contract_id AND sub.month = k.month
         WHERE ${query.status ? sql`${statusOf} = ${query.status}` : sql`true`} AND ${after}
         ORDER BY k.month DESC, c.number ASC, c.id ASC
         LIMIT ${limit + 1}
      `)
      const rows = result.rows.slice(0, limit).map(
        (r): BillingMonthRow => ({
          contractId: r.contract_id,
          contractNumber: r.contract_number,
          advisorName: r.advisor_name,
          hourlyRateCents: Number(r.hourly_rate_cents),
          vatRatePercent: Number(r.vat_rate_percent),
          month: r.month,
          status: r.status,
          totalMinutes: Number(r.total_minutes),
          lateMinutes: Number(r.late_minutes),
          entryCount: Number(r.entry_count),
          submittedCount: Number(r.submitted_count),
          stored:
            r.net_cents === null
              ? null
              : { totalMinutes: Number(r.statement_minutes), netCents: Number(r.net_cents), vatCents: Number(r.vat_cents), grossCents: Number(r.gross_cents) },
          lastChangeAt: r.last_change_at,
        }),
      )
      const last = rows[rows.length - 1]
      return { rows, nextCursor: result.rows.length > limit && last ? encodeCursor([last.month, last.contractNumber, last.contractId]) : null }
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
