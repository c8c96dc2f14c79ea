import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from './helper.ts'
import { seedDemo, DEMO_PASSWORD } from '../src/db/seed/demo.ts'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
  expect(await seedDemo(t.app.db)).toBe(true)
})
afterAll(async () => t.close())

const one = async <T = Record<string, unknown>>(sql: string) => (await t.sql.query(sql)).rows[0] as T

describe('the demo seed', () => {
  it('seeds once, and only into an empty database', async () => {
    expect(await seedDemo(t.app.db)).toBe(false)
    expect(await one('SELECT count(*)::int AS n FROM users')).toEqual({ n: 7 })
  })

  it('lets every demo account sign in with the demo password', async () => {
    for (const email of ['admin', 'coordinator', 'frontdesk', 'advisor', 'advisor2', 'advisor3', 'city'].map((n) => `${n}@example.org`)) {
      await t.api.post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200)
    }
  })

  it('spreads about 15 groups over every stage and status, each with a complete stage history', async () => {
    const byStage = Object.fromEntries((await t.sql.query('SELECT stage, count(*)::int AS n FROM groups GROUP BY stage')).rows.map((r) => [r.stage, r.n]))
    // 15 demo groups; the front-desk demo may add groups converted from enquiries (Stufe I).
    expect(byStage.orientation).toBeGreaterThanOrEqual(6)
    expect(byStage.concept).toBe(6)
    expect(byStage.expert).toBe(3)
    expect((await t.sql.query('SELECT DISTINCT status FROM groups ORDER BY status')).rows.map((r) => r.status)).toEqual(['active', 'paused', 'closed'])
    // Every group's history starts at null → orientation and ends in its current stage.
    const broken = await one(`
      SELECT count(*)::int AS n FROM groups g WHERE
        (SELECT from_stage FROM group_stage_changes WHERE group_id = g.id ORDER BY at LIMIT 1) IS NOT NULL OR
        (SELECT to_stage FROM group_stage_changes WHERE group_id = g.id ORDER BY at DESC LIMIT 1) <> g.stage`)
    expect(broken).toEqual({ n: 0 })
  })

  it('starts Fachberatung consistent: budget, contracts and grants agree, entries in every state', async () => {
    expect(await one(`
      SELECT (SELECT committed_cents FROM advisor_budgets)::int = (SELECT sum(committed_cents) FROM grants)::int AS committed,
             (SELECT spent_cents FROM advisor_budgets)::int = (SELECT sum(spent_cents) FROM grants)::int AS spent,
             (SELECT bool_and(c.granted_minutes = (SELECT sum(granted_minutes) FROM grants g WHERE g.contract_id = c.id))
                FROM contracts c WHERE EXISTS (SELECT 1 FROM grants g WHERE g.contract_id = c.id)) AS contracts,
             (SELECT bool_and(g.submitted_minutes = (SELECT coalesce(sum(minutes), 0) FROM time_entries e WHERE e.grant_id = g.id AND e.status = 'submitted')
                          AND g.approved_minutes = (SELECT coalesce(sum(minutes), 0) FROM time_entries e WHERE e.grant_id = g.id AND e.status = 'approved'))
                FROM grants g) AS grants`)).toEqual({ committed: true, spent: true, contracts: true, grants: true })
    expect((await t.sql.query('SELECT DISTINCT status FROM time_entries ORDER BY status')).rows.map((r) => r.status)).toEqual(['submitted', 'approved', 'rejected'])
    expect(await one('SELECT count(*)::int AS n FROM time_entries WHERE statement_id IS NOT NULL')).not.toEqual({ n: 0 })
    expect(await one('SELECT count(*)::int AS n FROM contracts')).toEqual({ n: 3 })
  })
})
