import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, type TestApp } from './helper.ts'
import { budgetOf, contractFor, expertGroup, grantFor, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
})
afterAll(async () => t.close())

const body = (over: Record<string, unknown> = {}) => ({
  advisorId: s.advisorA.id,
  number: `RV-2026-${Math.random().toString(36).slice(2, 8)}`,
  validFrom: '2026-01-01',
  validUntil: '2027-12-31',
  hourlyRateCents: 8500,
  vatRatePercent: 19,
  expertise: ['financing', 'funding'],
  ...over,
})

describe('POST /api/contracts', () => {
  it('records a contract with an advisor', async () => {
    const b = body({ maxMinutes: 6000 })
    const res = await t.api.post('/api/contracts').set(bearer(s.coordinator)).send(b).expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      advisorId: s.advisorA.id,
      advisorName: 'Anna Finanzberatung',
      number: b.number,
      validFrom: '2026-01-01',
      validUntil: '2027-12-31',
      hourlyRateCents: 8500,
      vatRatePercent: 19,
      expertise: ['financing', 'funding'],
      maxMinutes: 6000,
      grantedMinutes: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect((await auditRows(t, res.body.id)).map((r) => r.action)).toEqual(['contract.create'])
  })

  it.each([
    ['a VAT rate of 16 %', { vatRatePercent: 16 }, '/vatRatePercent'],
    ['a rate as text', { hourlyRateCents: '85.00' }, '/hourlyRateCents'],
    ['a rate in euros with cents', { hourlyRateCents: 85.5 }, '/hourlyRateCents'],
    ['a cap that is not in quarter hours', { maxMinutes: 100 }, '/maxMinutes'],
    ['an unknown expertise', { expertise: ['alchemy'] }, '/expertise/0'],
    ['an unknown field', { discount: 5 }, '/discount'],
  ])('refuses %s with 400', async (_l, over, path) => {
    const res = await t.api.post('/api/contracts').set(bearer(s.coordinator)).send(body(over)).expect(400)
    expect(res.body.details[0].path).toBe(path)
  })

  it('refuses an account that is not an advisor (422 NOT_AN_ADVISOR) and an end before the start (422 INVALID_DATE_RANGE)', async () => {
    expect((await t.api.post('/api/contracts').set(bearer(s.coordinator)).send(body({ advisorId: s.frontdesk.id })).expect(422)).body.code).toBe('NOT_AN_ADVISOR')
    expect((await t.api.post('/api/contracts').set(bearer(s.coordinator)).send(body({ validUntil: '2025-12-31' })).expect(422)).body.code).toBe('INVALID_DATE_RANGE')
  })

  it('refuses a number that exists with 409 CONTRACT_NUMBER_TAKEN', async () => {
    const b = body()
    await t.api.post('/api/contracts').set(bearer(s.coordinator)).send(b).expect(201)
    expect((await t.api.post('/api/contracts').set(bearer(s.coordinator)).send(b).expect(409)).body.code).toBe('CONTRACT_NUMBER_TAKEN')
  })

  it('is for coordinators only', async () => {
    for (const who of [s.advisorA, s.frontdesk, s.admin]) await t.api.post('/api/contracts').set(bearer(who)).send(body()).expect(403)
  })
})

describe('GET /api/contracts', () => {
  it("shows an advisor only their own contracts; another's answers 404", async () => {
    const a = await contractFor(t, s.coordinator, s.advisorA)
    const b = await contractFor(t, s.coordinator, s.advisorB)
    const mine = await t.api.get('/api/contracts').set(bearer(s.advisorB)).expect(200)
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([b.id])
    await t.api.get(`/api/contracts/${b.id}`).set(bearer(s.advisorB)).expect(200)
    const foreign = await t.api.get(`/api/contracts/${a.id}`).set(bearer(s.advisorB)).expect(404)
    expect(foreign.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Contract not found' })
    const all = await t.api.get('/api/contracts').set(bearer(s.coordinator)).expect(200)
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]))
    await t.api.get('/api/contracts').set(bearer(s.frontdesk)).expect(403)
    await t.api.get('/api/contracts').set(bearer(s.admin)).expect(403)
  })
})

describe('PATCH /api/contracts/:id', () => {
  it('changes a contract, but not its rate once hours are granted under it', async () => {
    const c = await contractFor(t, s.coordinator, s.advisorA)
    await t.api.patch(`/api/contracts/${c.id}`).set(bearer(s.coordinator)).send({ hourlyRateCents: 9500 }).expect(200)
    await setBudget(t, s.coordinator, 1_000_000)
    await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), c.id)
    const res = await t.api.patch(`/api/contracts/${c.id}`).set(bearer(s.coordinator)).send({ hourlyRateCents: 10000 }).expect(409)
    expect(res.body.code).toBe('CONTRACT_IN_USE')
    const ok = await t.api.patch(`/api/contracts/${c.id}`).set(bearer(s.coordinator)).send({ validUntil: `${thisYear() + 2}-06-30`, expertise: ['law'] }).expect(200)
    expect(ok.body).toMatchObject({ hourlyRateCents: 9500, validUntil: `${thisYear() + 2}-06-30`, expertise: ['law'], grantedMinutes: 600 })
    expect((await t.api.patch(`/api/contracts/${c.id}`).set(bearer(s.coordinator)).send({ maxMinutes: 300 }).expect(409)).body.code).toBe('CONTRACT_VOLUME_EXCEEDED')
    await t.api.patch(`/api/contracts/${c.id}`).set(bearer(s.advisorA)).send({ expertise: [] }).expect(403)
  })
})

describe('advisor budgets and settings', () => {
  it('sets the budget, reports committed and available, and refuses to go below what is committed', async () => {
    const year = thisYear() + 5
    expect(await budgetOf(t, s.coordinator, year)).toEqual({ year, amountCents: 0, committedCents: 0, spentCents: 0, availableCents: 0 } as never)
    const put = await t.api.put(`/api/advisor-budgets/${year}`).set(bearer(s.coordinator)).send({ amountCents: 2_500_000 }).expect(200)
    expect(put.body).toEqual({ year, amountCents: 2_500_000, committedCents: 0, spentCents: 0, availableCents: 2_500_000 })
    await t.sql.query('UPDATE advisor_budgets SET committed_cents = 100000 WHERE year = $1', [year])
    const low = await t.api.put(`/api/advisor-budgets/${year}`).set(bearer(s.coordinator)).send({ amountCents: 99_999 }).expect(409)
    expect(low.body.code).toBe('BUDGET_BELOW_COMMITTED')
    expect((await budgetOf(t, s.coordinator, year)).amountCents).toBe(2_500_000)
    await t.api.put(`/api/advisor-budgets/${year}`).set(bearer(s.coordinator)).send({ amountCents: -1 }).expect(400)
    await t.api.put(`/api/advisor-budgets/${year}`).set(bearer(s.coordinator)).send({ amountCents: 10.5 }).expect(400)
    await t.api.put('/api/advisor-budgets/1999').set(bearer(s.coordinator)).send({ amountCents: 1 }).expect(400)
    await t.api.get(`/api/advisor-budgets/${year}`).set(bearer(s.advisorA)).expect(403)
    await t.api.get(`/api/advisor-budgets/${year}`).set(bearer(s.frontdesk)).expect(403)
    const { rows } = await t.sql.query(`SELECT action, before, after FROM audit_log WHERE entity = 'advisor_budget' AND (after->>'year')::int = $1 ORDER BY seq`, [year])
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'budget.put', before: { amountCents: 0 }, after: { year, amountCents: 2_500_000 } })
  })

  it('keeps the default grant size (10 h) as a setting', async () => {
    expect((await t.api.get('/api/settings').set(bearer(s.coordinator)).expect(200)).body).toEqual({ defaultGrantMinutes: 600 })
    await t.api.patch('/api/settings').set(bearer(s.coordinator)).send({ defaultGrantMinutes: 100 }).expect(400)
    expect((await t.api.patch('/api/settings').set(bearer(s.admin)).send({ defaultGrantMinutes: 480 }).expect(200)).body).toEqual({ defaultGrantMinutes: 480 })
    await setBudget(t, s.coordinator, 10_000_000)
    const c = await contractFor(t, s.coordinator, s.advisorB)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), c.id)
    expect(grant.grantedMinutes).toBe(480)
    await t.api.patch('/api/settings').set(bearer(s.coordinator)).send({ defaultGrantMinutes: 600 }).expect(200)
    await t.api.patch('/api/settings').set(bearer(s.advisorA)).send({ defaultGrantMinutes: 600 }).expect(403)
  })
})
