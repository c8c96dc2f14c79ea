import fp from 'fastify-plugin'
import { sql } from 'drizzle-orm'
import {
  ROLES,
  addDays,
  berlinDayStart,
  daysBetween,
  mondayOf,
  type AdminDashboard,
  type AdvisorDashboard,
  type Budget,
  type CoordinatorDashboard,
  type DashboardInquiryWeek,
  type DashboardStages,
  type FrontdeskDashboard,
  type Stage,
  type StageCounts,
} from '@wohnlotse/shared'
import type { Db } from '../../../db/client.ts'

/**
 * The Start page's figures: each method is one aggregate query (never a query per row), so a dashboard costs a
 * handful of round trips whatever the office's size. Days are Dresden's; the caller passes "today".
 */

/** Nearly used up: submitted + approved minutes at or above this share of the granted ones. */
export const NEARLY_USED_PERCENT = 80
/** How far back the stage moves reach, and how many weeks the inquiry chart shows. */
export const STAGE_MOVES_DAYS = 90
export const INQUIRY_WEEKS = 12
export const UPCOMING_DAYS = 14
const NEARLY_USED_LIMIT = 20

export interface StageFlow {
  fromStage: Stage | null
  toStage: Stage
  count: number
}

/** The coordinator's reading of the flows: openings summed, moves listed. */
export function stagesOf(counts: StageCounts, flows: StageFlow[], since: string): DashboardStages {
  let opened = 0
  const moves: DashboardStages['moves'] = []
  for (const f of flows) {
    if (f.fromStage === null) opened += f.count
    else moves.push({ fromStage: f.fromStage, toStage: f.toStage, count: f.count })
  }
  return { counts, since, moves, opened }
}

export function createDashboardRepository(db: Db) {
  const rows = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T[]> => (await db.execute<T>(query)).rows as T[]

  /** Active groups per stage, from the trigger-kept counts. */
  async function stageCounts(): Promise<StageCounts> {
    const found = await rows<{ stage: Stage; n: number }>(sql`
      SELECT stage, sum(n)::int AS n FROM group_stage_counts WHERE status = 'active' GROUP BY stage`)
    const counts = { orientation: 0, concept: 0, expert: 0 }
    for (const r of found) counts[r.stage] = r.n
    return counts
  }

  /** Stage changes since `since` by from → to; `fromStage` null is a group taken on (opened in `toStage`). */
  async function stageFlows(since: string): Promise<StageFlow[]> {
    const found = await rows<{ from_stage: Stage | null; to_stage: Stage; n: number }>(sql`
      SELECT from_stage, to_stage, count(*)::int AS n FROM group_stage_changes
      WHERE at >= ${berlinDayStart(since).toISOString()}::timestamptz
      GROUP BY from_stage, to_stage ORDER BY from_stage NULLS FIRST, to_stage`)
    return found.map((r) => ({ fromStage: r.from_stage, toStage: r.to_stage, count: r.n }))
  }

  return {
    async budget(year: number): Promise<Budget> {
      const [row] = await rows<{ amount: number; committed: number; spent: number }>(sql`
        SELECT amount_cents::float8 AS amount, committed_cents::float8 AS committed, spent_cents::float8 AS spent
        FROM advisor_budgets WHERE year = ${year}`)
      const amountCents = row?.amount ?? 0
      const committedCents = row?.committed ?? 0
      return { year, amountCents, committedCents, spentCents: row?.spent ?? 0, availableCents: amountCents - committedCents }
    },

    async approvals(): Promise<CoordinatorDashboard['approvals']> {
      const [row] = await rows<{ count: number; minutes: number; oldest: string | null }>(sql`
        SELECT count(*)::int AS count, coalesce(sum(minutes), 0)::int AS minutes, min(date)::text AS oldest
        FROM time_entries WHERE status = 'submitted'`)
      return { count: row!.count, minutes: row!.minutes, oldestDate: row!.oldest }
    },

    stageCounts,
    stageFlows,

    /** Active groups per stage and the moves since `since`, in two queries side by side. */
    async stages(since: string): Promise<DashboardStages> {
      const [counts, flows] = await Promise.all([stageCounts(), stageFlows(since)])
      return stagesOf(counts, flows, since)
    },

    async grantsNearlyUsed(): Promise<CoordinatorDashboard['grantsNearlyUsed']> {
      const found = await rows<{ grant_id: string; group_id: string; group_name: string; granted: number; used: number }>(sql`
        SELECT g.id AS grant_id, g.group_id, gr.name AS group_name, g.granted_minutes AS granted,
               (g.submitted_minutes + g.approved_minutes) AS used
        FROM grants g JOIN groups gr ON gr.id = g.group_id
        WHERE g.status = 'active' AND (g.submitted_minutes + g.approved_minutes) * 100 >= g.granted_minutes * ${NEARLY_USED_PERCENT}
        ORDER BY (g.submitted_minutes + g.approved_minutes)::float8 / g.granted_minutes DESC, gr.name, g.id
        LIMIT ${NEARLY_USED_LIMIT}`)
      return found.map((r) => ({
        grantId: r.grant_id,
        groupId: r.group_id,
        groupName: r.group_name,
        grantedMinutes: r.granted,
        usedMinutes: r.used,
        percent: Math.floor((r.used * 100) / r.granted),
      }))
    },

    /** Pending follow-ups by date class, over the partial index of pending referrals (`referrals_due_idx`). */
    async followUps(today: string): Promise<{ due: number; overdue: number; oldestDate: string | null; dueThisWeek: number }> {
      const sunday = addDays(mondayOf(today), 6)
      const [row] = await rows<{ due: number; overdue: number; oldest: string | null; week: number }>(sql`
        SELECT count(*) FILTER (WHERE follow_up_on <= ${today}::date)::int AS due,
               count(*) FILTER (WHERE follow_up_on < ${today}::date)::int AS overdue,
               min(follow_up_on)::text AS oldest,
               count(*)::int AS week
        FROM referrals WHERE outcome = 'pending' AND follow_up_on <= ${sunday}::date`)
      return { due: row!.due, overdue: row!.overdue, oldestDate: row!.due > 0 ? row!.oldest : null, dueThisWeek: row!.week }
    },

    async upcomingFollowUps(today: string): Promise<FrontdeskDashboard['followUps']['upcoming']> {
      const found = await rows<{ date: string; n: number }>(sql`
        SELECT follow_up_on::text AS date, count(*)::int AS n FROM referrals
        WHERE outcome = 'pending' AND follow_up_on > ${today}::date AND follow_up_on <= ${addDays(today, UPCOMING_DAYS)}::date
        GROUP BY follow_up_on ORDER BY follow_up_on`)
      return found.map((r) => ({ date: r.date, count: r.n }))
    },

    async inquiriesOn(day: string): Promise<number> {
      const [row] = await rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM inquiries
        WHERE received_at >= ${berlinDayStart(day).toISOString()}::timestamptz
          AND received_at < ${berlinDayStart(addDays(day, 1)).toISOString()}::timestamptz`)
      return row!.n
    },

    /** Inquiries per Dresden ISO week and channel for the last `INQUIRY_WEEKS` weeks, empty weeks included. */
    async inquiryWeeks(today: string): Promise<DashboardInquiryWeek[]> {
      const firstMonday = addDays(mondayOf(today), -7 * (INQUIRY_WEEKS - 1))
      const found = await rows<{ week: string; channel: keyof DashboardInquiryWeek; n: number }>(sql`
        SELECT date_trunc('week', received_at AT TIME ZONE 'Europe/Berlin')::date::text AS week, channel, count(*)::int AS n
        FROM inquiries WHERE received_at >= ${berlinDayStart(firstMonday).toISOString()}::timestamptz
        GROUP BY 1, 2`)
      const weeks: DashboardInquiryWeek[] = []
      for (let i = 0; i < INQUIRY_WEEKS; i++) {
        const week = addDays(firstMonday, 7 * i)
        weeks.push({ week, isoWeek: isoWeekLabel(week), phone: 0, email: 0, walk_in: 0, event: 0, web: 0, total: 0 })
      }
      for (const r of found) {
        const entry = weeks.find((w) => w.week === r.week)
        if (!entry) continue
        ;(entry[r.channel] as number) += r.n
        entry.total += r.n
      }
      return weeks
    },

    async advisorGrants(advisorId: string): Promise<AdvisorDashboard['grants']> {
      const found = await rows<{ grant_id: string; group_id: string; group_name: string; purpose: string; granted: number; left: number }>(sql`
        SELECT g.id AS grant_id, g.group_id, gr.name AS group_name, g.purpose, g.granted_minutes AS granted,
               (g.granted_minutes - g.submitted_minutes - g.approved_minutes) AS left
        FROM grants g JOIN groups gr ON gr.id = g.group_id
        WHERE g.advisor_id = ${advisorId} AND g.status = 'active' AND g.granted_minutes > g.submitted_minutes + g.approved_minutes
        ORDER BY gr.name, g.created_at, g.id`)
      return found.map((r) => ({ grantId: r.grant_id, groupId: r.group_id, groupName: r.group_name, purpose: r.purpose, grantedMinutes: r.granted, leftMinutes: r.left }))
    },

    async advisorEntries(advisorId: string): Promise<AdvisorDashboard['entries']> {
      const [row] = await rows<{ submitted: number; minutes: number; rejected: number }>(sql`
        SELECT count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
               coalesce(sum(minutes) FILTER (WHERE status = 'submitted'), 0)::int AS minutes,
               count(*) FILTER (WHERE status = 'rejected')::int AS rejected
        FROM time_entries WHERE advisor_id = ${advisorId} AND status IN ('submitted', 'rejected')`)
      return { submittedCount: row!.submitted, submittedMinutes: row!.minutes, rejectedCount: row!.rejected }
    },

    async advisorLastStatement(advisorId: string): Promise<AdvisorDashboard['lastStatement']> {
      const [row] = await rows<{ id: string; month: string; minutes: number; gross: number }>(sql`
        SELECT s.id, s.month, s.total_minutes AS minutes, s.gross_cents::float8 AS gross
        FROM statements s JOIN contracts c ON c.id = s.contract_id
        WHERE c.advisor_id = ${advisorId}
        ORDER BY s.month DESC, s.finalized_at DESC LIMIT 1`)
      return row ? { id: row.id, month: row.month, totalMinutes: row.minutes, grossCents: row.gross } : null
    },

    async accounts(): Promise<Pick<AdminDashboard, 'accountsByRole' | 'deactivated'>> {
      const found = await rows<{ role: (typeof ROLES)[number]; active: number; inactive: number }>(sql`
        SELECT role, count(*) FILTER (WHERE active)::int AS active, count(*) FILTER (WHERE NOT active)::int AS inactive
        FROM users GROUP BY role`)
      const accountsByRole = Object.fromEntries(ROLES.map((role) => [role, 0])) as AdminDashboard['accountsByRole']
      let deactivated = 0
      for (const r of found) {
        accountsByRole[r.role] = r.active
        deactivated += r.inactive
      }
      return { accountsByRole, deactivated }
    },

    /** Failed sign-ins (password or second factor, not a wrong current password when changing it). */
    async signInFailures(days: number): Promise<number> {
      const [row] = await rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM login_attempts
        WHERE NOT succeeded AND kind IN ('login', 'mfa') AND created_at >= now() - make_interval(days => ${days})`)
      return row!.n
    },
  }
}

/** `2026-W49` for the ISO week a Monday starts (the week belongs to the year of its Thursday). */
export function isoWeekLabel(monday: string): string {
  const thursday = addDays(monday, 3)
  const year = Number(thursday.slice(0, 4))
  const jan4 = `${year}-01-04`
  const week = 1 + daysBetween(mondayOf(jan4), mondayOf(thursday)) / 7
  return `${year}-W${String(week).padStart(2, '0')}`
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>

declare module 'fastify' {
  interface FastifyInstance {
    dashboardRepository: DashboardRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('dashboardRepository', createDashboardRepository(fastify.db))
  },
  { name: 'dashboard-repository', dependencies: ['db'] },
)
