import fp from 'fastify-plugin'
import { addDays, daysBetween, todayInBerlin, type Dashboard, type DashboardBudget, type DashboardCounters, type SessionUser } from '@wohnlotse/shared'
import { STAGE_MOVES_DAYS, type DashboardRepository } from './dashboard-repository.ts'
import { cityTables } from './city-tables.ts'

const SIGN_IN_FAILURE_DAYS = 7

/**
 * Composes each role's Start page from the repository's aggregates; the queries of one page run side by side.
 * `minCellSize` is the council report's small-cell threshold k, which the city's figures are suppressed with.
 */
export function createDashboardService(repo: DashboardRepository, minCellSize: () => Promise<number>, now: () => Date = () => new Date()) {
  /** This year's budget with the share of the year gone (Dresden's calendar). */
  async function budget(today: string): Promise<DashboardBudget> {
    const year = Number(today.slice(0, 4))
    return {
      ...(await repo.budget(year)),
      dayOfYear: daysBetween(`${year}-01-01`, today) + 1,
      daysInYear: daysBetween(`${year}-01-01`, `${year + 1}-01-01`),
    }
  }

  return {
    async forUser(user: Pick<SessionUser, 'id' | 'role'>): Promise<Dashboard> {
      const today = todayInBerlin(now())
      const since = addDays(today, -STAGE_MOVES_DAYS)
      switch (user.role) {
        case 'coordinator': {
          const [b, approvals, stages, grantsNearlyUsed, followUps, inquiryWeeks] = await Promise.all([
            budget(today),
            repo.approvals(),
            repo.stages(since),
            repo.grantsNearlyUsed(),
            repo.followUps(today),
            repo.inquiryWeeks(today),
          ])
          const { due, overdue, oldestDate } = followUps
          return { role: 'coordinator', today, budget: b, approvals, stages, grantsNearlyUsed, followUps: { due, overdue, oldestDate }, inquiryWeeks }
        }
        case 'frontdesk': {
          const [followUps, upcoming, inquiriesToday] = await Promise.all([repo.followUps(today), repo.upcomingFollowUps(today), repo.inquiriesOn(today)])
          return {
            role: 'frontdesk',
            today,
            followUps: { dueToday: followUps.due, overdue: followUps.overdue, dueThisWeek: followUps.dueThisWeek, upcoming },
            inquiriesToday,
          }
        }
        case 'advisor': {
          const [grants, entries, lastStatement] = await Promise.all([repo.advisorGrants(user.id), repo.advisorEntries(user.id), repo.advisorLastStatement(user.id)])
          return { role: 'advisor', today, grants, entries, lastStatement }
        }
        case 'admin': {
          const [accounts, signInFailures7d] = await Promise.all([repo.accounts(), repo.signInFailures(SIGN_IN_FAILURE_DAYS)])
          return { role: 'admin', today, ...accounts, signInFailures7d }
        }
        case 'city': {
          // Aggregates only, suppressed like the council report: no grant or group names, no small counts.
          const [b, counts, flows, weeks, k] = await Promise.all([budget(today), repo.stageCounts(), repo.stageFlows(since), repo.inquiryWeeks(today), minCellSize()])
          return { role: 'city', today, budget: b, minCellSize: k, since, ...cityTables({ counts, flows, weeks }, k) }
        }
      }
    },

    /** The navigation's badges: two cheap counts, only for the roles whose pages they point to. */
    async counters(user: Pick<SessionUser, 'role'>): Promise<DashboardCounters> {
      const today = todayInBerlin(now())
      if (user.role === 'coordinator') {
        const [approvals, followUps] = await Promise.all([repo.approvals(), repo.followUps(today)])
        return { approvals: approvals.count, followUpsDue: followUps.due }
      }
      if (user.role === 'frontdesk') return { followUpsDue: (await repo.followUps(today)).due }
      return {}
    },
  }
}

export type DashboardService = ReturnType<typeof createDashboardService>

declare module 'fastify' {
  interface FastifyInstance {
    dashboardService: DashboardService
  }
}

export default fp(
  async (fastify) => {
    const { councilRepository } = fastify
    fastify.decorate('dashboardService', createDashboardService(fastify.dashboardRepository, () => councilRepository.minCellSize()))
  },
  { name: 'dashboard-service', dependencies: ['dashboard-repository', 'council-repository'] },
)
