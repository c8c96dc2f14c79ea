import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, type TestApp } from './helper.ts'
import { contractFor, daysBefore, expertGroup, grantFor, logEntry, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'

/**
 * An audit row lands with its change or not at all: a write that fails, early or after some of its
 * statements ran, leaves neither the change nor an audit row behind.
 */

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
})
afterAll(async () => t.close())

const auditCount = async (action: string, entityId?: string) =>
  (
    await t.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND ($2::uuid IS NULL OR entity_id = $2::uuid)',
      [action, entityId ?? null],
    )
  ).rows[0]!.n
const one = async (text: string, values: unknown[]) => (await t.sql.query(text, values)).rows[0]

describe('a refused write leaves no audit row', () => {
  it('a grant over the budget: the contract volume it took first is given back, no grant.create', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const groupId = await expertGroup(t, s.coordinator)
    await setBudget(t, s.coordinator, 1_000)
    const grantsBefore = await auditCount('grant.create')

    // 10 h at 90 €/h do not fit into 10 €: the contract's volume is reserved, then the budget refuses.
    const res = await t.api.post(`/api/groups/${groupId}/grants`).set(bearer(s.coordinator)).send({ contractId: contract.id, purpose: 'Zu teuer' })
    expect([res.status, res.body.code]).toEqual([409, 'BUDGET_EXCEEDED'])

    expect(await auditCount('grant.create')).toBe(grantsBefore)
    expect(await one('SELECT count(*)::int AS n FROM grants WHERE group_id = $1', [groupId])).toEqual({ n: 0 })
    expect(await one('SELECT granted_minutes FROM contracts WHERE id = $1', [contract.id])).toEqual({ granted_minutes: 0 })
    expect(await one('SELECT committed_cents::int FROM advisor_budgets WHERE year = $1', [thisYear()])).toEqual({ committed_cents: 0 })
  })

  it('a top-up over the budget: no grant.top_up, the grant and the contract unchanged', async () => {
    await setBudget(t, s.coordinator, 90_000)
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id)

    const res = await t.api.post(`/api/grants/${grant.id}/top-ups`).set(bearer(s.coordinator)).send({ minutes: 600, reason: 'Mehr Bedarf' })
    expect([res.status, res.body.code]).toEqual([409, 'BUDGET_EXCEEDED'])

    expect(await auditCount('grant.top_up', grant.id)).toBe(0)
    expect(await one('SELECT granted_minutes, committed_cents::int FROM grants WHERE id = $1', [grant.id])).toEqual({ granted_minutes: 600, committed_cents: 90_000 })
    expect(await one('SELECT count(*)::int AS n FROM grant_top_ups WHERE grant_id = $1', [grant.id])).toEqual({ n: 0 })
    expect(await one('SELECT granted_minutes FROM contracts WHERE id = $1', [contract.id])).toEqual({ granted_minutes: 600 })
  })

  it('a stage change that skips without a reason: no group.stage, no history entry', async () => {
    const group = await t.api.post('/api/groups').set(bearer(s.coordinator)).send({ name: 'Ohne Begründung' }).expect(201)
    const res = await t.api.post(`/api/groups/${group.body.id}/stage`).set(bearer(s.coordinator)).send({ to: 'expert' })
    expect([res.status, res.body.code]).toEqual([422, 'REASON_REQUIRED'])

    expect(await auditCount('group.stage', group.body.id)).toBe(0)
    expect(await one('SELECT stage FROM groups WHERE id = $1', [group.body.id])).toEqual({ stage: 'orientation' })
    expect(await one('SELECT count(*)::int AS n FROM group_stage_changes WHERE group_id = $1', [group.body.id])).toEqual({ n: 1 })
  })

  it.each([
    ['a date outside the contract', `${thisYear() - 2}-06-01`, 422, 'DATE_OUTSIDE_CONTRACT'],
    ['a date in the future', `${thisYear() + 1}-06-01`, 400, 'VALIDATION_FAILED'],
  ])(
    'an entry change with new minutes and %s: the minutes it booked on the grant first are given back, no time_entry.update',
    async (_label, date, status, code) => {
      await setBudget(t, s.coordinator, 10_000_000)
      const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), (await contractFor(t, s.coordinator, s.advisorA)).id)
      const entry = await logEntry(t, s.advisorA, grant.id, 60)

      const res = await t.api.patch(`/api/time-entries/${entry.id}`).set(bearer(s.advisorA)).send({ minutes: 120, date })
      expect([res.status, res.body.code]).toEqual([status, code])

      expect(await auditCount('time_entry.update', entry.id)).toBe(0)
      expect(await one('SELECT minutes, date::text FROM time_entries WHERE id = $1', [entry.id])).toEqual({ minutes: 60, date: daysBefore(1) })
      expect(await one('SELECT submitted_minutes FROM grants WHERE id = $1', [grant.id])).toEqual({ submitted_minutes: 60 })
    },
  )

  it('a bulk approval with one entry already reviewed: none approved, no time_entry.approve', async () => {
    await setBudget(t, s.coordinator, 10_000_000)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), (await contractFor(t, s.coordinator, s.advisorA)).id)
    const entries = [await logEntry(t, s.advisorA, grant.id, 60, daysBefore(3)), await logEntry(t, s.advisorA, grant.id, 30, daysBefore(2))]
    // The reviewed entry sorts last, by id and in the request, so approving goes through the submitted one first.
    const [pending, reviewed] = [...entries].sort((a, b) => (a.id < b.id ? -1 : 1)) as [(typeof entries)[0], (typeof entries)[0]]
    await t.api.post(`/api/time-entries/${reviewed.id}/approve`).set(bearer(s.coordinator)).expect(200)
    const spentBefore = await one('SELECT spent_cents::int FROM advisor_budgets WHERE year = $1', [thisYear()])

    const res = await t.api.post('/api/time-entries/approve').set(bearer(s.coordinator)).send({ ids: [pending.id, reviewed.id] })
    expect([res.status, res.body.code]).toEqual([409, 'ENTRY_LOCKED'])

    expect(await auditCount('time_entry.approve', pending.id)).toBe(0)
    expect(await auditCount('time_entry.approve', reviewed.id)).toBe(1)
    expect(await one('SELECT status FROM time_entries WHERE id = $1', [pending.id])).toEqual({ status: 'submitted' })
    expect(await one('SELECT submitted_minutes, approved_minutes FROM grants WHERE id = $1', [grant.id])).toEqual({
      submitted_minutes: pending.minutes,
      approved_minutes: reviewed.minutes,
    })
    expect(await one('SELECT spent_cents::int FROM advisor_budgets WHERE year = $1', [thisYear()])).toEqual(spentBefore)
  })
})

describe('a write whose COMMIT fails leaves no audit row', () => {
  // The service has written everything, its audit row included, when PostgreSQL refuses the COMMIT (here a
  // deferred trigger stands in for a deferred constraint or a serialisation failure). The audit row must go
  // with the rest: it may not be written outside the change's transaction.
  beforeAll(async () => {
    await t.sql.query(`
      CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused at commit (test)'; END $$;
      CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON group_stage_changes
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.reason = 'scheitert beim Commit')
        EXECUTE FUNCTION test_refuse_at_commit();`)
  })

  it('a stage change refused at COMMIT: 500, the group unchanged, no group.stage', async () => {
    const group = await t.api.post('/api/groups').set(bearer(s.coordinator)).send({ name: 'Commit scheitert' }).expect(201)
    const res = await t.api.post(`/api/groups/${group.body.id}/stage`).set(bearer(s.coordinator)).send({ to: 'expert', reason: 'scheitert beim Commit' })
    expect([res.status, res.body.code]).toEqual([500, 'INTERNAL_ERROR'])

    expect(await auditCount('group.stage', group.body.id)).toBe(0)
    expect(await one('SELECT stage FROM groups WHERE id = $1', [group.body.id])).toEqual({ stage: 'orientation' })
    expect(await one('SELECT count(*)::int AS n FROM group_stage_changes WHERE group_id = $1', [group.body.id])).toEqual({ n: 1 })

    // The same change with another reason goes through, with its audit row: the trigger refuses only the marker.
    await t.api.post(`/api/groups/${group.body.id}/stage`).set(bearer(s.coordinator)).send({ to: 'expert', reason: 'Konzept lag vor' }).expect(200)
    expect(await auditCount('group.stage', group.body.id)).toBe(1)
  })
})
