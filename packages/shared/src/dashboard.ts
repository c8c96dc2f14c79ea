import Type, { type Static } from 'typebox'
import { IsoDate, nullable, Uuid } from './common.ts'
import { StageCounts, StageSchema } from './group.ts'
import { Budget } from './fachberatung.ts'
import { ReportTable } from './reports.ts'

/**
 * The Start page of each role (`GET /api/dashboard`): the caller's own figures, discriminated by `role`.
 * "Today" and weeks are Dresden's (Europe/Berlin); money in cents, time in minutes.
 */

/** The year's advisor budget and how much of the year is gone, so spending can be read against time. */
export const DashboardBudget = Type.Object({
  ...Budget.properties,
  /** 1 on 1 January (Dresden time). */
  dayOfYear: Type.Integer(),
  daysInYear: Type.Integer(),
})
export type DashboardBudget = Static<typeof DashboardBudget>

/** Groups per stage now, and the moves between stages (openings excluded) since `since`. */
export const DashboardStages = Type.Object({
  counts: StageCounts,
  since: IsoDate,
  moves: Type.Array(Type.Object({ fromStage: StageSchema, toStage: StageSchema, count: Type.Integer() })),
  /** Groups opened (entered Stufe I) since `since`. */
  opened: Type.Integer(),
})
export type DashboardStages = Static<typeof DashboardStages>

/** Inquiries per ISO week (Monday to Sunday) and channel, oldest week first, the current week last. */
export const DashboardInquiryWeek = Type.Object({
  /** The week's Monday. */
  week: IsoDate,
  /** ISO week label, e.g. `2026-W49`. */
  isoWeek: Type.String(),
  phone: Type.Integer(),
  email: Type.Integer(),
  walk_in: Type.Integer(),
  event: Type.Integer(),
  web: Type.Integer(),
  total: Type.Integer(),
})
export type DashboardInquiryWeek = Static<typeof DashboardInquiryWeek>

export const CoordinatorDashboard = Type.Object({
  role: Type.Literal('coordinator'),
  today: IsoDate,
  budget: DashboardBudget,
  approvals: Type.Object({ count: Type.Integer(), minutes: Type.Integer(), oldestDate: nullable(IsoDate) }),
  stages: DashboardStages,
  /** Active grants with submitted + approved ≥ 80 % of granted, fullest first (at most 20). */
  grantsNearlyUsed: Type.Array(
    Type.Object({
      grantId: Uuid,
      groupId: Uuid,
      groupName: Type.String(),
      grantedMinutes: Type.Integer(),
      usedMinutes: Type.Integer(),
      /** Whole percent, rounded down: 79.9 % is not yet "nearly used". */
      percent: Type.Integer(),
    }),
  ),
  /** Referrals still pending whose follow-up date is today or earlier. */
  followUps: Type.Object({ due: Type.Integer(), overdue: Type.Integer(), oldestDate: nullable(IsoDate) }),
  inquiryWeeks: Type.Array(DashboardInquiryWeek),
})
export type CoordinatorDashboard = Static<typeof CoordinatorDashboard>

/** The whole front desk's follow-ups: referrals are shared work, not one person's. */
export const FrontdeskDashboard = Type.Object({
  role: Type.Literal('frontdesk'),
  today: IsoDate,
  followUps: Type.Object({
    /** Due today or earlier (the overdue ones included). */
    dueToday: Type.Integer(),
    overdue: Type.Integer(),
    /** Due by this Sunday, the ones due today included. */
    dueThisWeek: Type.Integer(),
    /** After today, up to 14 days ahead: one entry per day that has any. */
    upcoming: Type.Array(Type.Object({ date: IsoDate, count: Type.Integer() })),
  }),
  inquiriesToday: Type.Integer(),
})
export type FrontdeskDashboard = Static<typeof FrontdeskDashboard>

export const AdvisorDashboard = Type.Object({
  role: Type.Literal('advisor'),
  today: IsoDate,
  /** The caller's active grants with minutes left, by group name. */
  grants: Type.Array(
    Type.Object({
      grantId: Uuid,
      groupId: Uuid,
      groupName: Type.String(),
      purpose: Type.String(),
      grantedMinutes: Type.Integer(),
      leftMinutes: Type.Integer(),
    }),
  ),
  entries: Type.Object({ submittedCount: Type.Integer(), submittedMinutes: Type.Integer(), rejectedCount: Type.Integer() }),
  lastStatement: nullable(Type.Object({ id: Uuid, month: Type.String(), totalMinutes: Type.Integer(), grossCents: Type.Integer() })),
})
export type AdvisorDashboard = Static<typeof AdvisorDashboard>

export const AdminDashboard = Type.Object({
  role: Type.Literal('admin'),
  today: IsoDate,
  /** Active accounts per role. */
  accountsByRole: Type.Object({
    admin: Type.Integer(),
    coordinator: Type.Integer(),
    frontdesk: Type.Integer(),
    advisor: Type.Integer(),
    city: Type.Integer(),
  }),
  deactivated: Type.Integer(),
  /** Failed sign-ins (password or second factor) in the last 7 days; who was aimed at stays in the security log. */
  signInFailures7d: Type.Integer(),
})
export type AdminDashboard = Static<typeof AdminDashboard>

/**
 * The city's controlling sees aggregates only: no names, no lists of groups, and every count suppressed as in the
 * council report (1..k−1 as "< k", complementary cells "•", withheld cells without a number). The tables have the
 * report's shape so the screen shows them the same way.
 */
export const CityDashboard = Type.Object({
  role: Type.Literal('city'),
  today: IsoDate,
  budget: DashboardBudget,
  /** The small-cell threshold k the tables were suppressed with. */
  minCellSize: Type.Integer(),
  /** Start of the window of `moves` (90 days back). */
  since: IsoDate,
  /** Active groups per stage now, with their total. */
  stages: ReportTable,
  /** Groups taken on (row "new") and moved between stages since `since`: from × to, with totals. */
  moves: ReportTable,
  /** Inquiries per ISO week, the last 12 weeks (oldest first), with their total. */
  inquiries: ReportTable,
})
export type CityDashboard = Static<typeof CityDashboard>

export const Dashboard = Type.Union([CoordinatorDashboard, FrontdeskDashboard, AdvisorDashboard, AdminDashboard, CityDashboard])
export type Dashboard = Static<typeof Dashboard>

/** The navigation's counters: only those that concern the caller's role are present. */
export const DashboardCounters = Type.Object({
  /** Time entries awaiting approval (coordinator). */
  approvals: Type.Optional(Type.Integer()),
  /** Referrals whose follow-up is due today or earlier (coordinator, front desk). */
  followUpsDue: Type.Optional(Type.Integer()),
})
export type DashboardCounters = Static<typeof DashboardCounters>
