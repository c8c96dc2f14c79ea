import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, createUser, type TestApp } from './helper.ts'
import { budgetOf, contractFor, expertGroup, grantFor, logEntry, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
let contractA: { id: string }
beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
  contractA = await contractFor(t, s.coordinator, s.advisorA, { hourlyRateCents: 9000 })
  await setBudget(t, s.coordinator, 5_000_000)
})
afterAll(async () => t.close())

describe('POST /api/groups/:id/grants', () => {
  it('grants 10 hours by default and commits minutes × rate of the year', async () => {
    const before = await budgetOf(t, s.coordinator)
    const groupId = await expertGroup(t, s.coordinator, 'Genossenschaft Test')
    const res = await t.api.post(`/api/groups/${groupId}/grants`).set(bearer(s.coordinator)).send({ contractId: contractA.id, purpose: 'Satzung und Finanzierung' }).expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      groupId,
      groupName: 'Genossenschaft Test',
      contractId: contractA.id,
      contractNumber: expect.any(String),
      advisorId: s.advisorA.id,
      advisorName: 'Anna Finanzberatung',
      year: thisYear(),
      purpose: 'Satzung und Finanzierung',
      grantedMinutes: 600,
      submittedMinutes: 0,
      approvedMinutes: 0,
      remainingMinutes: 600,
      committedCents: 90_000,
      status: 'active',
      createdAt: expect.any(String),
    })
    const after = await budgetOf(t, s.coordinator)
    expect(after.committedCents - before.committedCents).toBe(90_000)
    expect(after.availableCents).toBe(after.amountCents - after.committedCents)
    expect((await auditRows(t, res.body.id)).map((r) => r.action)).toEqual(['grant.create'])
  })

  it('commits exact cents for odd rates and minutes (half up, once)', async () => {
    const odd = await contractFor(t, s.coordinator, s.advisorA, { hourlyRateCents: 8333 })
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), odd.id, 45)
    // 45 min × 83.33 €/h = 62.4975 € → 62.50 €
    expect(grant.committedCents).toBe(6250)
  })

  it('refuses groups that are not active or not in Stufe III, and invalid contracts, with 422', async () => {
    const orientation = (await t.api.post('/api/groups').set(bearer(s.coordinator)).send({ name: 'Noch Stufe I' }).expect(201)).body.id
    const r1 = await t.api.post(`/api/groups/${orientation}/grants`).set(bearer(s.coordinator)).send({ contractId: contractA.id, purpose: 'x' }).expect(422)
    expect(r1.body.code).toBe('GROUP_NOT_IN_EXPERT_STAGE')
    const paused = await expertGroup(t, s.coordinator)
    await t.api.post(`/api/groups/${paused}/status`).set(bearer(s.coordinator)).send({ to: 'paused' }).expect(200)
    expect((await t.api.post(`/api/groups/${paused}/grants`).set(bearer(s.coordinator)).send({ contractId: contractA.id, purpose: 'x' }).expect(422)).body.code).toBe('GROUP_NOT_ACTIVE')
    const group = await expertGroup(t, s.coordinator)
    const expired = await contractFor(t, s.coordinator, s.advisorA, { validFrom: '2020-01-01', validUntil: '2021-12-31' })
    expect((await t.api.post(`/api/groups/${group}/grants`).set(bearer(s.coordinator)).send({ contractId: expired.id, purpose: 'x' }).expect(422)).body.code).toBe('CONTRACT_NOT_VALID')
    expect((await t.api.post(`/api/groups/${group}/grants`).set(bearer(s.coordinator)).send({ contractId: '00000000-0000-4000-8000-000000000000', purpose: 'x' }).expect(422)).body.code).toBe('CONTRACT_NOT_VALID')
    await t.api.post('/api/groups/00000000-0000-4000-8000-000000000000/grants').set(bearer(s.coordinator)).send({ contractId: contractA.id, purpose: 'x' }).expect(404)
    await t.api.post(`/api/groups/${group}/grants`).set(bearer(s.coordinator)).send({ contractId: contractA.id, purpose: 'x', minutes: 50 }).expect(400)
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM grants WHERE group_id = ANY($1)', [[orientation, paused, group]])
    expect(rows[0].n).toBe(0)
  })

  it('answers 409 BUDGET_EXCEEDED when too little is left, and commits nothing', async () => {
    const group = await expertGroup(t, s.coordinator)
    const before = await budgetOf(t, s.coordinator)
    await setBudget(t, s.coordinator, before.committedCents + 89_999)
    const contractBefore = (await t.api.get(`/api/contracts/${contractA.id}`).set(bearer(s.coordinator)).expect(200)).body.grantedMinutes
    const res = await t.api.post(`/api/groups/${group}/grants`).set(bearer(s.coordinator)).send({ contractId: contractA.id, purpose: 'x' }).expect(409)
    expect(res.body).toEqual({
      statusCode: 409,
      code: 'BUDGET_EXCEEDED',
      message: `The advisor budget ${thisYear()} cannot cover 90000 cents; 89999 cents are available`,
    })
    expect((await budgetOf(t, s.coordinator)).committedCents).toBe(before.committedCents)
    expect((await t.api.get(`/api/contracts/${contractA.id}`).set(bearer(s.coordinator)).expect(200)).body.grantedMinutes).toBe(contractBefore)
    await setBudget(t, s.coordinator, 5_000_000)
  })

  it('counts a year without a budget as no money', async () => {
    const fresh = await buildTestApp()
    try {
      const f = await staff(fresh)
      const contract = await contractFor(fresh, f.coordinator, f.advisorA)
      const group = await expertGroup(fresh, f.coordinator)
      const res = await fresh.api.post(`/api/groups/${group}/grants`).set(bearer(f.coordinator)).send({ contractId: contract.id, purpose: 'x' }).expect(409)
      expect(res.body.code).toBe('BUDGET_EXCEEDED')
      const { rows } = await fresh.sql.query('SELECT count(*)::int AS n FROM grants')
      expect(rows[0].n).toBe(0)
    } finally {
      await fresh.close()
    }
  })

  it("answers 409 CONTRACT_VOLUME_EXCEEDED beyond the contract's cap", async () => {
    const capped = await contractFor(t, s.coordinator, s.advisorB, { maxMinutes: 900 })
    await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), capped.id, 600)
    const group = await expertGroup(t, s.coordinator)
    expect((await t.api.post(`/api/groups/${group}/grants`).set(bearer(s.coordinator)).send({ contractId: capped.id, purpose: 'x' }).expect(409)).body.code).toBe('CONTRACT_VOLUME_EXCEEDED')
    await grantFor(t, s.coordinator, group, capped.id, 300)
  })

  it('is for coordinators only', async () => {
    const group = await expertGroup(t, s.coordinator)
    for (const who of [s.advisorA, s.frontdesk, s.admin]) await t.api.post(`/api/groups/${group}/grants`).set(bearer(who)).send({ contractId: contractA.id, purpose: 'x' }).expect(403)
  })
})

describe('top-ups and closing', () => {
  it('tops up with a reason, committing the difference, and refuses without one', async () => {
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contractA.id)
    const before = await budgetOf(t, s.coordinator)
    await t.api.post(`/api/grants/${grant.id}/top-ups`).set(bearer(s.coordinator)).send({ minutes: 120 }).expect(400)
    const res = await t.api.post(`/api/grants/${grant.id}/top-ups`).set(bearer(s.coordinator)).send({ minutes: 120, reason: 'Zusätzlicher Termin mit der Bank' }).expect(200)
    expect(res.body).toMatchObject({ grantedMinutes: 720, remainingMinutes: 720, committedCents: 108_000 })
    expect((await budgetOf(t, s.coordinator)).committedCents - before.committedCents).toBe(18_000)
    const { rows } = await t.sql.query('SELECT minutes, reason, by_id FROM grant_top_ups WHERE grant_id = $1', [grant.id])
    expect(rows).toEqual([{ minutes: 120, reason: 'Zusätzlicher Termin mit der Bank', by_id: s.coordinator.id }])
  })

  it('closes a grant: refuses while hours await review, then gives the unused money back', async () => {
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contractA.id)
    const e1 = await logEntry(t, s.advisorA, grant.id, 120)
    await logEntry(t, s.advisorA, grant.id, 60)
    expect((await t.api.post(`/api/grants/${grant.id}/close`).set(bearer(s.coordinator)).expect(409)).body.code).toBe('GRANT_HAS_PENDING_ENTRIES')
    await t.api.post(`/api/time-entries/${e1.id}/approve`).set(bearer(s.coordinator)).expect(200)
    const pending = (await t.api.get(`/api/time-entries?grantId=${grant.id}&status=submitted`).set(bearer(s.coordinator)).expect(200)).body.items
    await t.api.post(`/api/time-entries/${pending[0].id}/reject`).set(bearer(s.coordinator)).send({ reason: 'Doppelt erfasst' }).expect(200)
    const before = await budgetOf(t, s.coordinator)
    const closed = await t.api.post(`/api/grants/${grant.id}/close`).set(bearer(s.coordinator)).expect(200)
    expect(closed.body).toMatchObject({ status: 'closed', approvedMinutes: 120, remainingMinutes: 0, committedCents: 18_000 })
    const after = await budgetOf(t, s.coordinator)
    expect(before.committedCents - after.committedCents).toBe(90_000 - 18_000)
    expect((await t.api.post(`/api/grants/${grant.id}/close`).set(bearer(s.coordinator)).expect(422)).body.code).toBe('GRANT_CLOSED')
    expect((await t.api.post(`/api/grants/${grant.id}/top-ups`).set(bearer(s.coordinator)).send({ minutes: 60, reason: 'x' }).expect(422)).body.code).toBe('GRANT_CLOSED')
    const entry = await t.api.post(`/api/grants/${grant.id}/time-entries`).set(bearer(s.advisorA)).send({ date: '2026-01-05', minutes: 15, activity: 'consultation' }).expect(422)
    expect(entry.body.code).toBe('GRANT_CLOSED')
  })

  it("keeps the year's committed money equal to what its grants hold", async () => {
    const { rows } = await t.sql.query(
      `SELECT b.committed_cents::int AS budget, coalesce(sum(g.committed_cents), 0)::int AS grants,
              b.spent_cents::int AS spent, coalesce(sum(g.spent_cents), 0)::int AS grants_spent
         FROM advisor_budgets b LEFT JOIN grants g ON g.year = b.year WHERE b.year = $1 GROUP BY b.year`,
      [thisYear()],
    )
    expect(rows[0].budget).toBe(rows[0].grants)
    expect(rows[0].spent).toBe(rows[0].grants_spent)
    expect(rows[0].budget).toBeGreaterThan(0)
  })
})

describe('who sees grants', () => {
  it("shows an advisor their own grants and groups only; another advisor's answer 404", async () => {
    const groupA = await expertGroup(t, s.coordinator, 'Gruppe von Anna')
    const grantA = await grantFor(t, s.coordinator, groupA, contractA.id)
    const advisorC = await createUser(t, 'advisor')
    const contractC = await contractFor(t, s.coordinator, advisorC)
    const groupC = await expertGroup(t, s.coordinator, 'Gruppe von C')
    const grantC = await grantFor(t, s.coordinator, groupC, contractC.id)

    const list = await t.api.get('/api/grants').set(bearer(advisorC)).expect(200)
    expect(list.body.items.map((g: { id: string }) => g.id)).toEqual([grantC.id])
    await t.api.get(`/api/grants/${grantC.id}`).set(bearer(advisorC)).expect(200)
    const foreign = await t.api.get(`/api/grants/${grantA.id}`).set(bearer(advisorC)).expect(404)
    expect(foreign.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Grant not found' })
    // The advisor now sees the group of their grant, read-only, and still no other group.
    const groups = await t.api.get('/api/groups').set(bearer(advisorC)).expect(200)
    expect(groups.body.items.map((g: { id: string }) => g.id)).toEqual([groupC])
    await t.api.get(`/api/groups/${groupC}`).set(bearer(advisorC)).expect(200)
    await t.api.get(`/api/groups/${groupA}`).set(bearer(advisorC)).expect(404)
    await t.api.patch(`/api/groups/${groupC}`).set(bearer(advisorC)).send({ name: 'x' }).expect(403)
    // Logging on someone else's grant answers as if it did not exist.
    const post = await t.api.post(`/api/grants/${grantA.id}/time-entries`).set(bearer(advisorC)).send({ date: '2026-01-05', minutes: 15, activity: 'consultation' }).expect(404)
    expect(post.body.message).toBe('Grant not found')
    const byCoordinator = await t.api.get(`/api/grants?advisorId=${advisorC.id}`).set(bearer(s.coordinator)).expect(200)
    expect(byCoordinator.body.items.map((g: { id: string }) => g.id)).toEqual([grantC.id])
    const byContract = await t.api.get(`/api/grants?contractId=${contractC.id}`).set(bearer(s.coordinator)).expect(200)
    expect(byContract.body.items.map((g: { id: string }) => g.id)).toEqual([grantC.id])
    const foreignContract = await t.api.get(`/api/grants?contractId=${contractA.id}`).set(bearer(advisorC)).expect(200)
    expect(foreignContract.body.items).toEqual([])
    await t.api.get('/api/grants').set(bearer(s.frontdesk)).expect(403)
    await t.api.get('/api/grants').set(bearer(s.admin)).expect(403)
  })
})

describe('GET /api/grants', () => {
  it('pages newest first with a cursor that neither skips nor repeats while grants are added', async () => {
    const advisor = await createUser(t, 'advisor')
    const contract = await contractFor(t, s.coordinator, advisor)
    const groupId = await expertGroup(t, s.coordinator)
    const made: string[] = []
    for (let i = 0; i < 5; i++) made.push((await grantFor(t, s.coordinator, groupId, contract.id, 60)).id)
    const newestFirst = [...made].reverse()
    const page = (cursor?: string) =>
      t.api
        .get('/api/grants')
        .query({ contractId: contract.id, limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(s.coordinator))
        .expect(200)

    const page1 = await page()
    expect(page1.body.items.map((g: { id: string }) => g.id)).toEqual(newestFirst.slice(0, 2))
    expect(page1.body.nextCursor).toEqual(expect.any(String))
    // A grant made between pages belongs before page 1 and does not shift the pages after it.
    const newer = await grantFor(t, s.coordinator, groupId, contract.id, 60)
    const page2 = await page(page1.body.nextCursor)
    expect(page2.body.items.map((g: { id: string }) => g.id)).toEqual(newestFirst.slice(2, 4))
    const page3 = await page(page2.body.nextCursor)
    expect(page3.body).toEqual({ items: [expect.objectContaining({ id: newestFirst[4] })], nextCursor: null })
    const first = await page()
    expect(first.body.items[0].id).toBe(newer.id)

    // The advisor pages through their own grants the same way.
    const own = await t.api.get('/api/grants').query({ limit: 5 }).set(bearer(advisor)).expect(200)
    expect(own.body).toEqual({ items: [newer.id, ...newestFirst.slice(0, 4)].map((id) => expect.objectContaining({ id })), nextCursor: expect.any(String) })
    const rest = await t.api.get('/api/grants').query({ limit: 5, cursor: own.body.nextCursor }).set(bearer(advisor)).expect(200)
    expect(rest.body).toEqual({ items: [expect.objectContaining({ id: newestFirst[4] })], nextCursor: null })
  })

  it.each([
    ['not base64 JSON', 'xyz'],
    ['a cursor of another shape', Buffer.from(JSON.stringify(['2026-01-01', 'x'])).toString('base64url')],
    ['a timestamp that is no day', Buffer.from(JSON.stringify(['2026-02-30T10:00:00.000000Z', '00000000-0000-4000-8000-000000000000'])).toString('base64url')],
  ])('refuses %s with 400 INVALID_CURSOR', async (_label, cursor) => {
    const res = await t.api.get('/api/grants').query({ cursor }).set(bearer(s.coordinator)).expect(400)
    expect(res.body.code).toBe('INVALID_CURSOR')
  })

  it('refuses a page size beyond 200 with 400', async () => {
    const res = await t.api.get('/api/grants').query({ limit: 201 }).set(bearer(s.coordinator)).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
  })
})

describe('concurrency against the yearly budget', () => {
  it('lets simultaneous grants take only the money that is there', async () => {
    const year = thisYear()
    const budget = await budgetOf(t, s.coordinator)
    // Leave room for exactly three more 10-hour grants at 90 €/h (900 € each), plus a little.
    await setBudget(t, s.coordinator, budget.committedCents + 3 * 90_000 + 5_000, year)
    const advisors = await Promise.all(Array.from({ length: 4 }, () => createUser(t, 'advisor')))
    const contracts = await Promise.all(advisors.map((a) => contractFor(t, s.coordinator, a)))
    const groups = []
    for (let i = 0; i < 20; i++) groups.push(await expertGroup(t, s.coordinator))
    const results = await Promise.all(
      groups.map((g, i) => t.api.post(`/api/groups/${g}/grants`).set(bearer(s.coordinator)).send({ contractId: contracts[i % 4]!.id, purpose: 'Wettlauf' })),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((x) => x === 201)).toHaveLength(3)
    expect(statuses.filter((x) => x === 409)).toHaveLength(17)
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'BUDGET_EXCEEDED')).toBe(true)
    const after = await budgetOf(t, s.coordinator, year)
    expect(after.committedCents).toBe(budget.committedCents + 3 * 90_000)
    expect(after.availableCents).toBe(5_000)
  })

  it('lets simultaneous top-ups take only the money that is there', async () => {
    const advisor = await createUser(t, 'advisor')
    const contract = await contractFor(t, s.coordinator, advisor)
    const before = await budgetOf(t, s.coordinator)
    // Room for the 10-hour grant and exactly two 5-hour top-ups at 90 €/h (450 € each).
    await setBudget(t, s.coordinator, before.committedCents + 90_000 + 2 * 45_000 + 100)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id)
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.api.post(`/api/grants/${grant.id}/top-ups`).set(bearer(s.coordinator)).send({ minutes: 300, reason: `Nachschlag ${i}` })),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(2)
    expect(results.filter((r) => r.status === 409 && r.body.code === 'BUDGET_EXCEEDED')).toHaveLength(10)
    const after = await t.api.get(`/api/grants/${grant.id}`).set(bearer(s.coordinator)).expect(200)
    expect(after.body).toMatchObject({ grantedMinutes: 1200, committedCents: 180_000 })
    expect((await budgetOf(t, s.coordinator)).availableCents).toBe(100)
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM grant_top_ups WHERE grant_id = $1', [grant.id])
    expect(rows[0].n).toBe(2)
  })
})
