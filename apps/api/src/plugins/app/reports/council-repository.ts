import fp from 'fastify-plugin'
import { eq, sql, type SQL } from 'drizzle-orm'
import { REPORT_MIN_CELL_DEFAULT, type Period } from '@wohnlotse/shared'
import { settings } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'

/**
 * The council report's figures, aggregated in PostgreSQL: one statement per section, each reading its period's
 * rows once (the CTE is materialised) and answering a few dozen aggregate rows in a long format
 * (`dim`, keys `a`/`b`, numbers `n`/`v`). Nothing per person or per group reaches Node.
 *
 * Days are calendar days in Dresden: a period `from..to` covers [from 00:00, to + 1 00:00) Europe/Berlin.
 */

export interface AggregateRow {
  dim: string
  a: string | null
  b: string | null
  n: number
  v: number | null
}

const MIN_CELL_KEY = 'report_min_cell'

const start = (p: Period) => sql`(${p.from}::date::timestamp AT TIME ZONE 'Europe/Berlin')`
const end = (p: Period) => sql`((${p.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')`

async function rows(ex: Executor, query: SQL): Promise<AggregateRow[]> {
  const result = await ex.execute<AggregateRow & Record<string, unknown>>(query)
  return result.rows.map((r) => ({ dim: r.dim, a: r.a, b: r.b, n: Number(r.n), v: r.v === null ? null : Number(r.v) }))
}

export function createCouncilRepository(db: Db) {
  return {
    /** Inquiries by channel, topic, language, target group; referrals by offer × outcome; follow-ups in 14 days. */
    frontdesk(p: Period, ex: Executor = db) {
      // Each table is read once and folded at once into its few distinct combinations (a few hundred rows, not
      // tens of thousands); every breakdown then sums those.
      return rows(ex, sql`
        WITH inq AS MATERIALIZED (
          SELECT channel, language, topics, target_groups, count(*) AS n FROM inquiries
           WHERE received_at >= ${start(p)} AND received_at < ${end(p)}
           GROUP BY channel, language, topics, target_groups
        ), ref AS MATERIALIZED (
          SELECT offer_id, outcome, coalesce(outcome_at < created_at + interval '14 days', false) AS in_time, count(*) AS n FROM referrals
           WHERE created_at >= ${start(p)} AND created_at < ${end(p)}
           GROUP BY 1, 2, 3
        )
        SELECT 'channel' AS dim, channel::text AS a, NULL AS b, sum(n) AS n, NULL::numeric AS v FROM inq GROUP BY channel
        UNION ALL SELECT 'topic', t, NULL, sum(n), NULL FROM inq, unnest(topics) t GROUP BY t
        UNION ALL SELECT 'target', t, NULL, sum(n), NULL FROM inq, unnest(target_groups) t GROUP BY t
        UNION ALL SELECT 'language', coalesce(language, ''), NULL, sum(n), NULL FROM inq GROUP BY language
        UNION ALL SELECT 'inquiries', NULL, NULL, coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE cardinality(topics) = 0), 0) FROM inq
        UNION ALL SELECT 'referral', offer_id::text, outcome::text, sum(n), NULL FROM ref GROUP BY offer_id, outcome
        UNION ALL SELECT 'followup', NULL, NULL, coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE in_time), 0) FROM ref
        UNION ALL SELECT 'offer', id::text, name, 0, NULL FROM offers`)
    },

    /**
     * Groups: new ones (by district, legal form); at the period's end (stage × district, planned homes, target
     * groups) — the stage and status each group had then, from the histories; moves between stages; the median
     * days of the stays in a stage that ended in the period; groups closed in the period by their lifecycle and
     * by the reason of their last closing in it.
     */
    groups(p: Period, ex: Executor = db) {
      return rows(ex, sql`
        WITH stage_end AS (
          SELECT DISTINCT ON (group_id) group_id, to_stage FROM group_stage_changes
           WHERE at < ${end(p)} ORDER BY group_id, at DESC, id DESC
        ), status_end AS (
          SELECT DISTINCT ON (group_id) group_id, to_status FROM group_status_changes
           WHERE at < ${end(p)} ORDER BY group_id, at DESC, id DESC
        ), open_end AS MATERIALIZED (
          SELECT g.district, g.planned_homes, g.target_groups, s.to_stage AS stage
            FROM stage_end s JOIN groups g ON g.id = s.group_id
            LEFT JOIN status_end st ON st.group_id = s.group_id
           WHERE coalesce(st.to_status, 'active') <> 'closed'
        ), fresh AS MATERIALIZED (
          SELECT district, legal_form FROM groups WHERE created_at >= ${start(p)} AND created_at < ${end(p)}
        ), closings AS MATERIALIZED (
          -- Each group closed in the period once, with the reason of its last closing in it.
          SELECT DISTINCT ON (group_id) group_id, close_reason FROM group_status_changes
           WHERE to_status = 'closed' AND at >= ${start(p)} AND at < ${end(p)} ORDER BY group_id, at DESC, id DESC
        ), stays AS (
          SELECT to_stage, at, lead(at) OVER (PARTITION BY group_id ORDER BY at, id) AS left_at FROM group_stage_changes
        )
        SELECT 'new_district' AS dim, coalesce(district, '') AS a, NULL AS b, count(*) AS n, NULL::numeric AS v FROM fresh GROUP BY district
        UNION ALL SELECT 'new_legal', coalesce(legal_form::text, ''), NULL, count(*), NULL FROM fresh GROUP BY legal_form
        UNION ALL SELECT 'end_stage_district', stage::text, coalesce(district, ''), count(*), coalesce(sum(planned_homes), 0) FROM open_end GROUP BY stage, district
        UNION ALL SELECT 'end_target', t, NULL, count(*), NULL FROM open_end, unnest(target_groups) t GROUP BY t
        UNION ALL SELECT 'move', from_stage::text, to_stage::text, count(*), NULL FROM group_stage_changes
         WHERE from_stage IS NOT NULL AND at >= ${start(p)} AND at < ${end(p)} GROUP BY from_stage, to_stage
        UNION ALL SELECT 'stay', to_stage::text, NULL, count(*),
               round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - at) / 86400))::numeric, 1)
          FROM stays WHERE left_at >= ${start(p)} AND left_at < ${end(p)} GROUP BY to_stage
        UNION ALL SELECT 'closed', g.lifecycle::text, NULL, count(*), NULL FROM closings c JOIN groups g ON g.id = c.group_id GROUP BY g.lifecycle
        UNION ALL SELECT 'closed_reason', coalesce(close_reason::text, ''), NULL, count(*), NULL FROM closings GROUP BY close_reason`)
    },

    /** Consultations by stage × channel (with minutes) and by language. */
    consultations(p: Period, ex: Executor = db) {
      return rows(ex, sql`
        WITH c AS MATERIALIZED (SELECT stage, channel, language, minutes FROM consultations WHERE date BETWEEN ${p.from}::date AND ${p.to}::date)
        SELECT 'stage_channel' AS dim, stage::text AS a, channel::text AS b, count(*) AS n, sum(minutes) AS v FROM c GROUP BY stage, channel
        UNION ALL SELECT 'language', coalesce(language, ''), NULL, count(*), NULL FROM c GROUP BY language`)
    },

    /**
     * Fachberatung per contract: minutes granted in the period (grants made in it, without their later top-ups,
     * plus top-ups made in it), approved and billed (entries dated in it), the net cost of the approved minutes
     * (rounded once per contract, like a statement); per field of expertise; the budgets of the period's years;
     * the groups advised (with approved minutes in the period).
     */
    expert(p: Period, ex: Executor = db) {
      return rows(ex, sql`
        WITH per_grant AS MATERIALIZED (
          -- Folded per grant straight off the covering index (a few thousand rows, not every entry), then joined.
          SELECT g.contract_id, g.group_id, u.approved, u.billed
            FROM (SELECT grant_id, sum(minutes) AS approved, sum(minutes) FILTER (WHERE statement_id IS NOT NULL) AS billed
                    FROM time_entries WHERE status = 'approved' AND date BETWEEN ${p.from}::date AND ${p.to}::date GROUP BY grant_id) u
            JOIN grants g ON g.id = u.grant_id
        ), top_ups AS (
          SELECT t.grant_id, sum(t.minutes) FILTER (WHERE t.at >= ${start(p)} AND t.at < ${end(p)}) AS in_period, sum(t.minutes) AS all_time
            FROM grant_top_ups t GROUP BY t.grant_id
        ), granted AS (
          SELECT g.contract_id,
                 sum(CASE WHEN g.created_at >= ${start(p)} AND g.created_at < ${end(p)} THEN g.granted_minutes - coalesce(t.all_time, 0) ELSE 0 END
                     + coalesce(t.in_period, 0)) AS minutes
            FROM grants g LEFT JOIN top_ups t ON t.grant_id = g.id
           WHERE (g.created_at >= ${start(p)} AND g.created_at < ${end(p)}) OR t.in_period IS NOT NULL
           GROUP BY g.contract_id
        ), used AS (
          SELECT contract_id, sum(approved) AS approved, sum(billed) AS billed FROM per_grant GROUP BY contract_id
        ), per_contract AS MATERIALIZED (
          SELECT c.id, c.number, c.expertise, coalesce(gr.minutes, 0) AS granted, coalesce(u.approved, 0) AS approved,
                 coalesce(u.billed, 0) AS billed, round(coalesce(u.approved, 0) * c.hourly_rate_cents / 60.0) AS net_cents
            FROM contracts c LEFT JOIN granted gr ON gr.contract_id = c.id LEFT JOIN used u ON u.contract_id = c.id
           WHERE gr.minutes IS NOT NULL OR u.approved IS NOT NULL
        )
        SELECT 'contract' AS dim, id::text AS a, number AS b, granted AS n, NULL::bigint AS v FROM per_contract
        UNION ALL SELECT 'contract_approved', id::text, NULL, approved, NULL FROM per_contract
        UNION ALL SELECT 'contract_billed', id::text, NULL, billed, NULL FROM per_contract
        UNION ALL SELECT 'contract_net', id::text, NULL, net_cents, NULL FROM per_contract
        UNION ALL SELECT 'expertise', x, 'granted', sum(granted), NULL FROM per_contract, unnest(expertise) x GROUP BY x
        UNION ALL SELECT 'expertise', x, 'approved', sum(approved), NULL FROM per_contract, unnest(expertise) x GROUP BY x
        UNION ALL SELECT 'expertise', x, 'billed', sum(billed), NULL FROM per_contract, unnest(expertise) x GROUP BY x
        UNION ALL SELECT 'budget', year::text, 'amount', amount_cents, NULL FROM advisor_budgets
         WHERE year BETWEEN extract(year FROM ${p.from}::date) AND extract(year FROM ${p.to}::date)
        UNION ALL SELECT 'budget', year::text, 'committed', committed_cents, NULL FROM advisor_budgets
         WHERE year BETWEEN extract(year FROM ${p.from}::date) AND extract(year FROM ${p.to}::date)
        UNION ALL SELECT 'budget', year::text, 'spent', spent_cents, NULL FROM advisor_budgets
         WHERE year BETWEEN extract(year FROM ${p.from}::date) AND extract(year FROM ${p.to}::date)
        UNION ALL SELECT 'advised', NULL, NULL, count(DISTINCT group_id), NULL FROM per_grant`)
    },

    async minCellSize(ex: Executor = db): Promise<number> {
      const [row] = await ex.select().from(settings).where(eq(settings.key, MIN_CELL_KEY))
      return row?.value ?? REPORT_MIN_CELL_DEFAULT
    },

    async setMinCellSize(tx: Executor, value: number): Promise<void> {
      await tx
        .insert(settings)
        .values({ key: MIN_CELL_KEY, value })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } })
    },
  }
}

export type CouncilRepository = ReturnType<typeof createCouncilRepository>

declare module 'fastify' {
  interface FastifyInstance {
    councilRepository: CouncilRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('councilRepository', createCouncilRepository(fastify.db))
  },
  { name: 'council-repository', dependencies: ['db'] },
)
