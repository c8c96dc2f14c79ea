import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, berlinDayStart, mondayOf, todayInBerlin, withheldMark, type ReportTable } from '@wohnlotse/shared'
import { isoWeekLabel } from '../src/plugins/app/dashboard/dashboard-repository.ts'
import type { SuppressionInput } from '../src/plugins/app/reports/suppression.ts'
import { possibleValues, withMargins } from './suppression-oracle.ts'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'
import { contractFor, daysBefore, expertGroup, grantFor, logEntry, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'

// One office with known figures, built once; every role's dashboard is checked against them to the number.

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
let city: TestUser
const today = todayInBerlin()
const ids: Record<string, string> = {}

/** A moment as a Dresden wall-clock time on an ISO day, e.g. 00:30 (still the day before in UTC). */
const berlinAt = (day: string, minutes: number) => new Date(berlinDayStart(day).getTime() + minutes * 60_000).toISOString()

async function inquiry(channel: string, receivedAt: string): Promise<string> {
  const { rows } = await t.sql.query<{ id: string }>('INSERT INTO inquiries (channel, received_at) VALUES ($1, $2) RETURNING id', [channel, receivedAt])
  return rows[0]!.id
}

async function referral(followUpOn: string, outcome = 'pending') {
  const inquiryId = await inquiry('phone', berlinAt(addDays(today, -210), 600))
  await t.sql.query(
    `INSERT INTO referrals (inquiry_id, offer_id, consent_to_share, follow_up_on, outcome, outcome_at)
     VALUES ($1, (SELECT id FROM offers ORDER BY name LIMIT 1), true, $2, $3::referral_outcome, CASE WHEN $3::referral_outcome = 'pending' THEN NULL ELSE now() END)`,
    [inquiryId, followUpOn, outcome],
  )
}

beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
  city = await createUser(t, 'city')
  await createUser(t, 'frontdesk', { active: false })
  const c = s.coordinator

  // Groups: three in Stufe III, one in Stufe II, one in Stufe I, one paused in Stufe I (not counted).
  ids.lindenhof = await expertGroup(t, c, 'Gruppe Lindenhof')
  ids.elbblick = await expertGroup(t, c, 'Gruppe Elbblick')
  ids.hechtviertel = await expertGroup(t, c, 'Gruppe Hechtviertel')
  const concept = await t.api.post('/api/groups').set(bearer(c)).send({ name: 'Gruppe Konzept' }).expect(201)
  await t.api.post(`/api/groups/${concept.body.id}/stage`).set(bearer(c)).send({ to: 'concept' }).expect(200)
  await t.api.post('/api/groups').set(bearer(c)).send({ name: 'Gruppe Anfang' }).expect(201)
  const paused = await t.api.post('/api/groups').set(bearer(c)).send({ name: 'Gruppe Pause' }).expect(201)
  await t.sql.query(`UPDATE groups SET status = 'paused' WHERE id = $1`, [paused.body.id])
  // A move 100 days ago lies outside the 90-day window.
  await t.sql.query(`INSERT INTO group_stage_changes (group_id, from_stage, to_stage, at) VALUES ($1, 'orientation', 'concept', now() - interval '100 days')`, [
    concept.body.id,
  ])

  // Budget 10,000 €; rate 90 €/h; grants of 600, 600, 600 and 60 minutes commit 1,860 min = 2,790 €.
  await setBudget(t, c, 1_000_000)
  const contractA = await contractFor(t, c, s.advisorA)
  const contractB = await contractFor(t, c, s.advisorB)
  const gA1 = await grantFor(t, c, ids.lindenhof, contractA.id, 600)
  const gA2 = await grantFor(t, c, ids.elbblick, contractA.id, 600)
  const gB1 = await grantFor(t, c, ids.hechtviertel, contractB.id, 600)
  const gB2 = await grantFor(t, c, ids.lindenhof, contractB.id, 60)
  ids.gA1 = gA1.id
  ids.gB2 = gB2.id

  // A on Lindenhof: 4 × 120 min (one approved) = 80 % used. A on Elbblick: 60 submitted, 30 rejected.
  const first = await logEntry(t, s.advisorA, gA1.id, 120, daysBefore(4))
  await t.api.post(`/api/time-entries/${first.id}/approve`).set(bearer(c)).expect(200)
  for (const day of [3, 2, 1]) await logEntry(t, s.advisorA, gA1.id, 120, daysBefore(day))
  await logEntry(t, s.advisorA, gA2.id, 60, daysBefore(2))
  const wrong = await logEntry(t, s.advisorA, gA2.id, 30, daysBefore(1))
  await t.api.post(`/api/time-entries/${wrong.id}/reject`).set(bearer(c)).send({ reason: 'Doppelt erfasst' }).expect(200)
  // B: 465 of 600 (77 %, not "nearly used") and 60 of 60 (100 %).
  await logEntry(t, s.advisorB, gB1.id, 465, daysBefore(5))
  await logEntry(t, s.advisorB, gB2.id, 60, daysBefore(1))

  // A's statements: the later month is the last one.
  await t.sql.query(
    `INSERT INTO statements (contract_id, month, total_minutes, net_cents, vat_cents, gross_cents)
     VALUES ($1, '2025-09', 60, 9000, 1710, 10710), ($1, '2025-10', 135, 20250, 3848, 24098)`,
    [contractA.id],
  )
  await t.sql.query(`INSERT INTO statements (contract_id, month, total_minutes, net_cents, vat_cents, gross_cents) VALUES ($1, '2025-11', 60, 9000, 1710, 10710)`, [
    contractB.id,
  ])

  // Follow-ups: overdue, today, tomorrow, in 5 days, in 20 days (beyond the 14-day look-ahead); one done.
  for (const offset of [-3, 0, 1, 5, 20]) await referral(addDays(today, offset))
  await referral(addDays(today, -1), 'helped')

  // Inquiries: two today (00:30 Dresden is still yesterday in UTC), two last week, one in the oldest week shown,
  // one just before it.
  await inquiry('phone', berlinAt(today, 30))
  await inquiry('email', berlinAt(today, 60))
  await inquiry('walk_in', berlinAt(addDays(today, -7), 720))
  await inquiry('walk_in', berlinAt(addDays(today, -7), 780))
  const oldestMonday = addDays(mondayOf(today), -77)
  await inquiry('web', berlinAt(oldestMonday, 30))
  await inquiry('event', berlinAt(oldestMonday, -1))

  // Sign-ins: 3 failed passwords and 1 failed second factor this week count; an old failure, a wrong current
  // password at a password change and a success do not.
  await t.sql.query(
    `INSERT INTO login_attempts (kind, address, account, succeeded, created_at) VALUES
       ('login', '192.0.2.1', 'x@example.org', false, now() - interval '1 hour'),
       ('login', '192.0.2.1', 'x@example.org', false, now() - interval '2 days'),
       ('login', '192.0.2.2', 'y@example.org', false, now() - interval '6 days'),
       ('mfa', '192.0.2.2', 'y@example.org', false, now() - interval '3 days'),
       ('login', '192.0.2.2', 'y@example.org', false, now() - interval '8 days'),
       ('password', '192.0.2.3', 'z@example.org', false, now() - interval '1 day'),
       ('login', '192.0.2.3', 'z@example.org', true, now() - interval '1 day')`,
  )
})
afterAll(() => t.close())

const year = thisYear()
const dayOfYear = Math.round((Date.parse(today) - Date.parse(`${year}-01-01`)) / 86_400_000) + 1
const daysInYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365
const expectedBudget = { year, amountCents: 1_000_000, committedCents: 279_000, spentCents: 18_000, availableCents: 721_000, dayOfYear, daysInYear }
const expectedStages = {
  counts: { orientation: 1, concept: 1, expert: 3 },
  since: addDays(today, -90),
  moves: [
    { fromStage: 'orientation', toStage: 'concept', count: 1 },
    { fromStage: 'orientation', toStage: 'expert', count: 3 },
  ],
  opened: 6,
}

function expectedWeeks() {
  const weeks = Array.from({ length: 12 }, (_, i) => addDays(mondayOf(today), -7 * (11 - i)))
  return weeks.map((week, i) => {
    const counts = { phone: 0, email: 0, walk_in: 0, event: 0, web: 0 }
    if (i === 11) Object.assign(counts, { phone: 1, email: 1 })
    if (i === 10) counts.walk_in = 2
    if (i === 0) counts.web = 1
    return { week, ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }
  })
}

/** A table as the city reads it: the row key, then each cell's number or its mark. */
function shown(table: ReportTable, k = 3): (string | number)[][] {
  return table.rows.map((r) => [r.key, ...r.cells.map((c) => (c.flag === 'none' ? c.value! : withheldMark(c.flag, k)))])
}

describe('GET /api/dashboard', () => {
  it('refuses anonymous callers with 401', async () => {
    const res = await t.api.get('/api/dashboard').expect(401)
    expect(res.body.code).toBe('UNAUTHENTICATED')
    await t.api.get('/api/dashboard/counters').expect(401)
  })

  it("answers the coordinator's budget, approvals, stages, full grants, follow-ups and inquiry weeks", async () => {
    const res = await t.api.get('/api/dashboard').set(bearer(s.coordinator)).expect(200)
    expect(res.body).toMatchObject({
      role: 'coordinator',
      today,
      budget: expectedBudget,
      approvals: { count: 6, minutes: 120 * 3 + 60 + 465 + 60, oldestDate: daysBefore(5) },
      stages: expectedStages,
      grantsNearlyUsed: [
        { grantId: ids.gB2, groupId: ids.lindenhof, groupName: 'Gruppe Lindenhof', grantedMinutes: 60, usedMinutes: 60, percent: 100 },
        { grantId: ids.gA1, groupId: ids.lindenhof, groupName: 'Gruppe Lindenhof', grantedMinutes: 600, usedMinutes: 480, percent: 80 },
      ],
      followUps: { due: 2, overdue: 1, oldestDate: addDays(today, -3) },
    })
    expect(res.body.inquiryWeeks).toMatchObject(expectedWeeks())
    expect(res.body.inquiryWeeks[11].isoWeek).toMatch(/^\d{4}-W\d{2}$/)
  })

  it("answers the front desk's follow-ups (shared work) and today's inquiries", async () => {
    const res = await t.api.get('/api/dashboard').set(bearer(s.frontdesk)).expect(200)
    const sunday = addDays(mondayOf(today), 6)
    // Pending follow-ups at today −3, 0, +1, +5, +20: those by Sunday are this week's.
    const dueThisWeek = [-3, 0, 1, 5, 20].filter((d) => addDays(today, d) <= sunday).length
    expect(res.body).toEqual({
      role: 'frontdesk',
      today,
      followUps: {
        dueToday: 2,
        overdue: 1,
        dueThisWeek,
        upcoming: [
          { date: addDays(today, 1), count: 1 },
          { date: addDays(today, 5), count: 1 },
        ],
      },
      inquiriesToday: 2,
    })
  })

  it("answers the advisor's own grants with time left, own entries and own last statement", async () => {
    const res = await t.api.get('/api/dashboard').set(bearer(s.advisorA)).expect(200)
    expect(res.body).toMatchObject({
      role: 'advisor',
      today,
      grants: [
        { groupName: 'Gruppe Elbblick', purpose: 'Finanzierungsplan', grantedMinutes: 600, leftMinutes: 540 },
        { grantId: ids.gA1, groupName: 'Gruppe Lindenhof', grantedMinutes: 600, leftMinutes: 120 },
      ],
      entries: { submittedCount: 4, submittedMinutes: 420, rejectedCount: 1 },
      lastStatement: { month: '2025-10', totalMinutes: 135, grossCents: 24_098 },
    })
    // B's full grant has no time left and is not listed.
    const b = await t.api.get('/api/dashboard').set(bearer(s.advisorB)).expect(200)
    expect(b.body.grants.map((g: { leftMinutes: number }) => g.leftMinutes)).toEqual([135])
    expect(b.body.entries).toEqual({ submittedCount: 2, submittedMinutes: 525, rejectedCount: 0 })
    expect(b.body.lastStatement).toMatchObject({ month: '2025-11', grossCents: 10_710 })
  })

  it("answers the admin's accounts by role, deactivated accounts and the week's failed sign-ins", async () => {
    const res = await t.api.get('/api/dashboard').set(bearer(s.admin)).expect(200)
    expect(res.body).toEqual({
      role: 'admin',
      today,
      accountsByRole: { admin: 1, coordinator: 1, frontdesk: 1, advisor: 2, city: 1 },
      deactivated: 1,
      signInFailures7d: 4,
    })
    expect(JSON.stringify(res.body)).not.toContain('@example.org')
  })

  it('answers the city the budget and aggregate counts only, no names, small counts suppressed (k = 3)', async () => {
    const res = await t.api.get('/api/dashboard').set(bearer(city)).expect(200)
    expect(Object.keys(res.body).sort()).toEqual(['budget', 'inquiries', 'minCellSize', 'moves', 'role', 'since', 'stages', 'today'])
    expect(res.body).toMatchObject({ role: 'city', today, budget: expectedBudget, minCellSize: 3, since: addDays(today, -90) })
    expect(JSON.stringify(res.body)).not.toMatch(/Gruppe [A-Z]|Finanzierungsplan|example\.org/)

    // Active groups 1, 1, 3 (total 5): both 1s are "< 3"; the 3 and the total go too, else 5 − 3 = 2 = 1 + 1.
    expect(shown(res.body.stages)).toEqual([
      ['orientation', '< 3'],
      ['concept', '< 3'],
      ['expert', '•'],
      ['total', '•'],
    ])
    // Taken on 6 (into Stufe I), I → II 1, I → III 3; grand total 10. The lone 1 takes its row and column along.
    expect(shown(res.body.moves)).toEqual([
      ['new', '•', 0, 0, '•'],
      ['orientation', 0, '< 3', '•', '•'],
      ['concept', 0, 0, 0, 0],
      ['expert', 0, 0, 0, 0],
      ['total', '•', '< 3', '•', 10],
    ])
    // Weekly totals 1, 0 × 9, 2, 2 (total 5): three small weeks, none of which follows from the 5.
    const weeks = expectedWeeks()
    expect(shown(res.body.inquiries)).toEqual([
      ...weeks.map((w) => [w.week, w.total === 0 ? 0 : '< 3']),
      ['total', 5],
    ])
    expect(res.body.inquiries.rows[11].label).toEqual({ de: `KW ${Number(isoWeekLabel(weeks[11]!.week).slice(-2))}`, en: `Week ${Number(isoWeekLabel(weeks[11]!.week).slice(-2))}` })
  })

  it("lets no suppressed cell of the city's tables be worked out from the published ones and the totals", async () => {
    const res = await t.api.get('/api/dashboard').set(bearer(city)).expect(200)
    const tables: [ReportTable, SuppressionInput][] = [
      [res.body.stages, { values: [[1], [1], [3], [5]], rowTotals: false, colTotals: true, k: 3 }],
      [res.body.moves, { values: withMargins([[6, 0, 0], [0, 1, 3], [0, 0, 0], [0, 0, 0]], true, true), rowTotals: true, colTotals: true, k: 3 }],
      [res.body.inquiries, { values: withMargins(expectedWeeks().map((w) => [w.total]), false, true), rowTotals: false, colTotals: true, k: 3 }],
    ]
    for (const [table, input] of tables) {
      const flags = table.rows.map((r) => r.cells.map((c) => c.flag))
      // Published figures are the true ones; withheld ones carry no number.
      table.rows.forEach((r, i) => r.cells.forEach((c, j) => expect(c.value).toBe(c.flag === 'none' ? input.values[i]![j] : null)))
      const seen = possibleValues(input, flags, 15)
      expect(seen.size).toBeGreaterThan(0)
      for (const [cell, set] of seen) expect(set.size, `${table.id} ${cell}`).toBeGreaterThan(1)
    }
  })

  it('suppresses with the threshold k from the report settings', async () => {
    await t.api.put('/api/reports/council/settings').set(bearer(s.coordinator)).send({ minCellSize: 4 }).expect(200)
    try {
      const res = await t.api.get('/api/dashboard').set(bearer(city)).expect(200)
      expect(res.body.minCellSize).toBe(4)
      // Now the 3 of Stufe III is small itself; three cells of 1..3 summing to 5 pin none of them.
      expect(shown(res.body.stages, 4).map((r) => r[1])).toEqual(['< 4', '< 4', '< 4', 5])
    } finally {
      await t.api.put('/api/reports/council/settings').set(bearer(s.coordinator)).send({ minCellSize: 3 }).expect(200)
    }
  })
})

describe('GET /api/dashboard/counters', () => {
  it('counts entries awaiting approval and follow-ups due for the roles whose pages show them', async () => {
    expect((await t.api.get('/api/dashboard/counters').set(bearer(s.coordinator)).expect(200)).body).toEqual({ approvals: 6, followUpsDue: 2 })
    expect((await t.api.get('/api/dashboard/counters').set(bearer(s.frontdesk)).expect(200)).body).toEqual({ followUpsDue: 2 })
    expect((await t.api.get('/api/dashboard/counters').set(bearer(s.advisorA)).expect(200)).body).toEqual({})
    expect((await t.api.get('/api/dashboard/counters').set(bearer(city)).expect(200)).body).toEqual({})
  })
})
