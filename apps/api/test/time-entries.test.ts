import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, type TestApp } from './helper.ts'
import { redactPersonalData } from '../src/plugins/app/audit/audit-personal-data.ts'
import { budgetOf, contractFor, daysBefore, expertGroup, grantFor, logEntry, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
let contractA: { id: string }
beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
  contractA = await contractFor(t, s.coordinator, s.advisorA, { hourlyRateCents: 9000 })
  await setBudget(t, s.coordinator, 50_000_000)
})
afterAll(async () => t.close())

const newGrant = async (minutes?: number) => grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contractA.id, minutes)
const post = (grantId: string, body: Record<string, unknown>, who = s.advisorA) =>
  t.api.post(`/api/grants/${grantId}/time-entries`).set(bearer(who)).send({ date: daysBefore(1), minutes: 60, activity: 'consultation', ...body })
const grantOf = async (id: string) => (await t.api.get(`/api/grants/${id}`).set(bearer(s.coordinator)).expect(200)).body

describe('POST /api/grants/:id/time-entries', () => {
  it('logs quarter hours against the own grant and counts them at once', async () => {
    const grant = await newGrant()
    const res = await post(grant.id, { minutes: 90, activity: 'workshop', description: ' Moderation Plenum ' }).expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      grantId: grant.id,
      groupId: expect.any(String),
      groupName: expect.any(String),
      advisorId: s.advisorA.id,
      advisorName: 'Anna Finanzberatung',
      date: daysBefore(1),
      minutes: 90,
      activity: 'workshop',
      description: 'Moderation Plenum',
      status: 'submitted',
      rejectionReason: null,
      billed: false,
      billingMonth: null,
      grant: { purpose: 'Finanzierungsplan', grantedMinutes: 600, approvedMinutes: 0, submittedMinutes: 90 },
      createdAt: expect.any(String),
    })
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 90, approvedMinutes: 0, remainingMinutes: 510 })
    expect((await auditRows(t, res.body.id)).map((r) => [r.action, r.actor_id])).toEqual([['time_entry.create', s.advisorA.id]])
    // The answer is built from what the one statement returned: it equals a fresh read of the entry.
    expect((await t.api.get(`/api/time-entries/${res.body.id}`).set(bearer(s.advisorA)).expect(200)).body).toEqual(res.body)
    // The audit row, filled in by the database, is exactly the redaction of that entry (docs/privacy.md).
    const row = (await auditRows(t, res.body.id))[0]!
    expect({ before: row.before, after: row.after }).toEqual(redactPersonalData('time_entry', null, res.body))
    expect(row.after).toMatchObject({ changedPersonalFields: ['advisorName', 'description'], grant: { submittedMinutes: 90 } })
    expect(JSON.stringify(row.after)).not.toMatch(/Moderation|Anna|Finanzierungsplan/)
  })

  it.each([
    ['20 minutes (not a quarter hour)', { minutes: 20 }, '/minutes'],
    ['0 minutes', { minutes: 0 }, '/minutes'],
    ['more than 10 hours', { minutes: 615 }, '/minutes'],
    ['minutes as text', { minutes: '60' }, '/minutes'],
    ['an unknown activity', { activity: 'coffee' }, '/activity'],
    ['a malformed date', { date: '05.01.2026' }, '/date'],
    ['a future date', { date: '2999-12-31' }, '/date'],
    ['an unknown field', { billable: true }, '/billable'],
  ])('refuses %s with 400 and stores nothing', async (_l, body, path) => {
    const grant = await newGrant()
    const res = await post(grant.id, body).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details[0].path).toBe(path)
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 0 })
  })

  it('refuses a date outside the contract with 422 DATE_OUTSIDE_CONTRACT', async () => {
    const grant = await newGrant()
    const res = await post(grant.id, { date: `${thisYear() - 2}-06-01` }).expect(422)
    expect(res.body.code).toBe('DATE_OUTSIDE_CONTRACT')
  })

  it('refuses hours beyond the grant with 409 GRANT_EXCEEDED, saying how much is left, and stores nothing', async () => {
    const grant = await newGrant(120)
    await post(grant.id, { minutes: 90 }).expect(201)
    const res = await post(grant.id, { minutes: 45 }).expect(409)
    expect(res.body).toEqual({
      statusCode: 409,
      code: 'GRANT_EXCEEDED',
      message: 'Only 30 minutes are left on this grant; 45 minutes do not fit',
      details: [{ path: '/minutes', message: 'remainingMinutes=30' }],
    })
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM time_entries WHERE grant_id = $1', [grant.id])
    expect(rows[0].n).toBe(1)
    await post(grant.id, { minutes: 30 }).expect(201)
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 120, remainingMinutes: 0 })
  })

  it("answers anyone but the grant's advisor as if the grant did not exist", async () => {
    const grant = await newGrant()
    expect((await post(grant.id, {}, s.advisorB).expect(404)).body.message).toBe('Grant not found')
    expect((await post(grant.id, {}, s.coordinator).expect(404)).body.message).toBe('Grant not found')
    await post(grant.id, {}, s.frontdesk).expect(403)
    await post(grant.id, {}, s.admin).expect(403)
    await post('00000000-0000-4000-8000-000000000000', {}).expect(404)
  })

  it('returns the first answer for a retry with the same Idempotency-Key and stores nothing new', async () => {
    const grant = await newGrant()
    const key = randomUUID()
    const first = await post(grant.id, { minutes: 45 }).set('idempotency-key', key).expect(201)
    const retry = await post(grant.id, { minutes: 45 }).set('idempotency-key', key).expect(201)
    expect(retry.body).toEqual(first.body)
    // Simultaneous retries of one request also store exactly one entry.
    const key2 = randomUUID()
    const burst = await Promise.all(Array.from({ length: 8 }, () => post(grant.id, { minutes: 15 }).set('idempotency-key', key2)))
    expect(burst.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1)
    const { rows } = await t.sql.query('SELECT count(*)::int AS n, sum(minutes)::int AS m FROM time_entries WHERE grant_id = $1', [grant.id])
    expect(rows[0]).toEqual({ n: 2, m: 60 })
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 60 })
    // The same key from another advisor is a different request.
    const grantB = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), (await contractFor(t, s.coordinator, s.advisorB)).id)
    const other = await post(grantB.id, { minutes: 15 }, s.advisorB).set('idempotency-key', key).expect(201)
    expect(other.body.id).not.toBe(first.body.id)
    await post(grant.id, {}).set('idempotency-key', 'x'.repeat(101)).expect(400)
  })

  it('refuses a reused Idempotency-Key with a different body with 422 IDEMPOTENCY_KEY_REUSED and stores nothing', async () => {
    const grant = await newGrant()
    const key = randomUUID()
    const first = await post(grant.id, { minutes: 45, description: 'Vorgespräch' }).set('idempotency-key', key).expect(201)
    for (const changed of [{ minutes: 60, description: 'Vorgespräch' }, { minutes: 45, description: 'Nachgespräch' }, { minutes: 45 }, { minutes: 45, description: 'Vorgespräch', activity: 'workshop' }]) {
      const res = await post(grant.id, changed).set('idempotency-key', key).expect(422)
      expect(res.body).toEqual({
        statusCode: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'This Idempotency-Key was already used for a different request; send a new key for a new entry',
      })
    }
    // The same request again, its fields in another order, still replays the first entry with 201.
    const replay = await t.api
      .post(`/api/grants/${grant.id}/time-entries`)
      .set(bearer(s.advisorA))
      .set('idempotency-key', key)
      .send({ description: 'Vorgespräch', activity: 'consultation', minutes: 45, date: daysBefore(1) })
      .expect(201)
    expect(replay.body).toEqual(first.body)
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM time_entries WHERE grant_id = $1', [grant.id])
    expect(rows[0]).toEqual({ n: 1 })
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 45 })
  })

  it('replays a retry with 201 when the grant has filled up or closed since, and changes nothing', async () => {
    const grant = await newGrant(60)
    const key = randomUUID()
    const first = await post(grant.id, { minutes: 60 }).set('idempotency-key', key).expect(201)
    expect((await post(grant.id, { minutes: 15 }).expect(409)).body.code).toBe('GRANT_EXCEEDED')
    expect((await post(grant.id, { minutes: 60 }).set('idempotency-key', key).expect(201)).body).toEqual(first.body)
    await t.sql.query(`UPDATE grants SET status = 'closed' WHERE id = $1`, [grant.id])
    expect((await post(grant.id, { minutes: 60 }).set('idempotency-key', key).expect(201)).body).toEqual(first.body)
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM time_entries WHERE grant_id = $1', [grant.id])
    expect(rows[0]).toEqual({ n: 1 })
  })

  it('answers a retry of a committed request without waiting for the grant, which someone else holds', async () => {
    const grant = await newGrant()
    const key = randomUUID()
    const first = await post(grant.id, { minutes: 30 }).set('idempotency-key', key).expect(201)
    const holder = await t.sql.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT 1 FROM grants WHERE id = $1 FOR UPDATE', [grant.id])
      // Before, the retry was answered by a read ahead of the statement; now the statement itself refuses the used
      // key without locking the grant. Waiting for the lock would take until the statement timeout (5 s).
      const started = Date.now()
      const retry = await post(grant.id, { minutes: 30 }).set('idempotency-key', key).expect(201)
      expect(retry.body).toEqual(first.body)
      expect(Date.now() - started).toBeLessThan(2_500)
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
    }
  })

  it('refuses the same Idempotency-Key and body on another grant with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const [grant, other] = [await newGrant(), await newGrant()]
    const key = randomUUID()
    await post(grant.id, { minutes: 30 }).set('idempotency-key', key).expect(201)
    expect((await post(other.id, { minutes: 30 }).set('idempotency-key', key).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await grantOf(other.id)).toMatchObject({ submittedMinutes: 0 })
    // Simultaneous requests with one key but different bodies: exactly one is stored, the rest are refused.
    const key2 = randomUUID()
    const burst = await Promise.all([15, 30, 45, 60].map((minutes) => post(other.id, { minutes }).set('idempotency-key', key2)))
    expect(burst.map((r) => r.status).sort()).toEqual([201, 422, 422, 422])
    const { rows } = await t.sql.query('SELECT idempotency_request_hash AS hash FROM time_entries WHERE idempotency_key = $1', [key2])
    // Only a fingerprint of the request is kept, not the request.
    expect(rows).toEqual([{ hash: expect.stringMatching(/^[0-9a-f]{64}$/) }])
  })
})

describe('the hard cap under concurrency', () => {
  it('accepts exactly as many of 40 simultaneous entries as fit and never passes the cap', async () => {
    const grant = await newGrant(600)
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => post(grant.id, { minutes: 45, description: `Eintrag ${i}` })))
    const created = results.filter((r) => r.status === 201)
    const refused = results.filter((r) => r.status === 409)
    // 600 / 45 = 13 entries (585 minutes); the 14th would need 630.
    expect(created).toHaveLength(13)
    expect(refused).toHaveLength(27)
    expect(refused.every((r) => r.body.code === 'GRANT_EXCEEDED')).toBe(true)
    const { rows } = await t.sql.query(
      `SELECT g.submitted_minutes, (SELECT coalesce(sum(minutes), 0)::int FROM time_entries WHERE grant_id = g.id) AS logged FROM grants g WHERE g.id = $1`,
      [grant.id],
    )
    expect(rows[0]).toEqual({ submitted_minutes: 585, logged: 585 })
  })

  it('is backed by a CHECK constraint in the database', async () => {
    const grant = await newGrant(60)
    await expect(t.sql.query('UPDATE grants SET submitted_minutes = 75 WHERE id = $1', [grant.id])).rejects.toThrow(/grants_hard_cap/)
  })
})

describe('changing and withdrawing entries', () => {
  it('lets the advisor change or withdraw a submitted entry within the cap', async () => {
    const grant = await newGrant(120)
    const e = await logEntry(t, s.advisorA, grant.id, 60)
    await logEntry(t, s.advisorA, grant.id, 30)
    const changed = await t.api.patch(`/api/time-entries/${e.id}`).set(bearer(s.advisorA)).send({ minutes: 90, description: 'länger' }).expect(200)
    expect(changed.body).toMatchObject({ minutes: 90, description: 'länger' })
    const over = await t.api.patch(`/api/time-entries/${e.id}`).set(bearer(s.advisorA)).send({ minutes: 105 }).expect(409)
    expect(over.body.code).toBe('GRANT_EXCEEDED')
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 120 })
    await t.api.patch(`/api/time-entries/${e.id}`).set(bearer(s.advisorB)).send({ minutes: 15 }).expect(404)
    await t.api.patch(`/api/time-entries/${e.id}`).set(bearer(s.advisorA)).send({ date: '2999-01-01' }).expect(400)
    await t.api.delete(`/api/time-entries/${e.id}`).set(bearer(s.advisorB)).expect(404)
    await t.api.delete(`/api/time-entries/${e.id}`).set(bearer(s.advisorA)).expect(204)
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 30, remainingMinutes: 90 })
    expect((await auditRows(t, e.id)).map((r) => r.action)).toEqual(['time_entry.create', 'time_entry.update', 'time_entry.delete'])
  })

  it('locks approved and rejected entries (409 ENTRY_LOCKED)', async () => {
    const grant = await newGrant()
    const a = await logEntry(t, s.advisorA, grant.id, 60)
    const r = await logEntry(t, s.advisorA, grant.id, 60)
    await t.api.post(`/api/time-entries/${a.id}/approve`).set(bearer(s.coordinator)).expect(200)
    await t.api.post(`/api/time-entries/${r.id}/reject`).set(bearer(s.coordinator)).send({ reason: 'Kein Bezug zur Gruppe' }).expect(200)
    for (const id of [a.id, r.id]) {
      expect((await t.api.patch(`/api/time-entries/${id}`).set(bearer(s.advisorA)).send({ minutes: 15 }).expect(409)).body.code).toBe('ENTRY_LOCKED')
      expect((await t.api.delete(`/api/time-entries/${id}`).set(bearer(s.advisorA)).expect(409)).body.code).toBe('ENTRY_LOCKED')
      expect((await t.api.post(`/api/time-entries/${id}/approve`).set(bearer(s.coordinator)).expect(409)).body.code).toBe('ENTRY_LOCKED')
    }
  })
})

describe('review by the coordinator', () => {
  it('approves: minutes move from submitted to approved and the money is spent', async () => {
    const grant = await newGrant()
    const e = await logEntry(t, s.advisorA, grant.id, 75)
    const before = await budgetOf(t, s.coordinator)
    const res = await t.api.post(`/api/time-entries/${e.id}/approve`).set(bearer(s.coordinator)).expect(200)
    expect(res.body).toMatchObject({ id: e.id, status: 'approved' })
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 0, approvedMinutes: 75, remainingMinutes: 525 })
    const after = await budgetOf(t, s.coordinator)
    expect(after.spentCents - before.spentCents).toBe(11_250)
    expect(after.committedCents).toBe(before.committedCents)
  })

  it('rejects with a reason and gives the minutes back', async () => {
    const grant = await newGrant(60)
    const e = await logEntry(t, s.advisorA, grant.id, 60)
    await t.api.post(`/api/time-entries/${e.id}/reject`).set(bearer(s.coordinator)).send({}).expect(400)
    const res = await t.api.post(`/api/time-entries/${e.id}/reject`).set(bearer(s.coordinator)).send({ reason: 'Termin fand nicht statt' }).expect(200)
    expect(res.body).toMatchObject({ status: 'rejected', rejectionReason: 'Termin fand nicht statt' })
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 0, remainingMinutes: 60 })
    await logEntry(t, s.advisorA, grant.id, 60)
  })

  it('approves in bulk, all or none', async () => {
    const grant = await newGrant()
    const ids = [(await logEntry(t, s.advisorA, grant.id, 30)).id, (await logEntry(t, s.advisorA, grant.id, 45)).id]
    const approvedAlready = (await logEntry(t, s.advisorA, grant.id, 15)).id
    await t.api.post(`/api/time-entries/${approvedAlready}/approve`).set(bearer(s.coordinator)).expect(200)
    const mixed = await t.api.post('/api/time-entries/approve').set(bearer(s.coordinator)).send({ ids: [...ids, approvedAlready] }).expect(409)
    expect(mixed.body.code).toBe('ENTRY_LOCKED')
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 75, approvedMinutes: 15 })
    await t.api.post('/api/time-entries/approve').set(bearer(s.coordinator)).send({ ids: [ids[0], '00000000-0000-4000-8000-000000000000'] }).expect(404)
    const ok = await t.api.post('/api/time-entries/approve').set(bearer(s.coordinator)).send({ ids }).expect(200)
    expect(ok.body.items.map((e: { status: string }) => e.status)).toEqual(['approved', 'approved'])
    expect(await grantOf(grant.id)).toMatchObject({ submittedMinutes: 0, approvedMinutes: 90 })
    await t.api.post('/api/time-entries/approve').set(bearer(s.coordinator)).send({ ids: [] }).expect(400)
  })

  it('approves a batch across grants and contracts, booking each grant once and rounding its money once', async () => {
    // 83.33 €/h: three quarter hours are 62.4975 € together (62.50 €), but 20.8325 € each (3 × 20.83 € = 62.49 €).
    const contractB = await contractFor(t, s.coordinator, s.advisorB, { hourlyRateCents: 8_333 })
    const grantA = await newGrant()
    const grantB = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contractB.id)
    const a = [await logEntry(t, s.advisorA, grantA.id, 30), await logEntry(t, s.advisorA, grantA.id, 45)]
    const b = [await logEntry(t, s.advisorB, grantB.id, 15), await logEntry(t, s.advisorB, grantB.id, 15), await logEntry(t, s.advisorB, grantB.id, 15)]
    const before = await budgetOf(t, s.coordinator)
    const ids = [b[0]!.id, a[0]!.id, b[1]!.id, a[1]!.id, b[2]!.id]
    const res = await t.api.post('/api/time-entries/approve').set(bearer(s.coordinator)).send({ ids }).expect(200)
    expect(res.body.items.map((e: { id: string; status: string }) => [e.id, e.status]).sort()).toEqual(ids.map((id) => [id, 'approved']).sort())
    expect(await grantOf(grantA.id)).toMatchObject({ submittedMinutes: 0, approvedMinutes: 75 })
    expect(await grantOf(grantB.id)).toMatchObject({ submittedMinutes: 0, approvedMinutes: 45 })
    const { rows } = await t.sql.query('SELECT id, spent_cents::int AS spent FROM grants WHERE id = ANY($1) ORDER BY spent DESC', [[grantA.id, grantB.id]])
    expect(rows).toEqual([
      { id: grantA.id, spent: 11_250 },
      { id: grantB.id, spent: 6_250 },
    ])
    const after = await budgetOf(t, s.coordinator)
    expect(after.spentCents - before.spentCents).toBe(17_500)
    expect(after.committedCents).toBe(before.committedCents)
    for (const id of ids) expect((await auditRows(t, id)).map((r) => [r.action, r.actor_id])).toEqual([['time_entry.create', expect.any(String)], ['time_entry.approve', s.coordinator.id]])
  })

  it('is for coordinators only', async () => {
    const grant = await newGrant()
    const e = await logEntry(t, s.advisorA, grant.id, 30)
    await t.api.post(`/api/time-entries/${e.id}/approve`).set(bearer(s.advisorA)).expect(403)
    await t.api.post(`/api/time-entries/${e.id}/reject`).set(bearer(s.frontdesk)).send({ reason: 'x' }).expect(403)
    await t.api.post('/api/time-entries/approve').set(bearer(s.admin)).send({ ids: [e.id] }).expect(403)
  })
})

describe('GET /api/time-entries', () => {
  it('filters by grant, status and dates, pages by cursor, and shows an advisor only their own', async () => {
    const grant = await newGrant()
    for (const d of [1, 2, 3, 4, 5]) await logEntry(t, s.advisorA, grant.id, 15, daysBefore(d))
    const page1 = await t.api.get(`/api/time-entries?grantId=${grant.id}&limit=2`).set(bearer(s.advisorA)).expect(200)
    expect(page1.body.items.map((e: { date: string }) => e.date)).toEqual([daysBefore(1), daysBefore(2)])
    const page2 = await t.api.get(`/api/time-entries?grantId=${grant.id}&limit=2&cursor=${page1.body.nextCursor}`).set(bearer(s.advisorA)).expect(200)
    expect(page2.body.items.map((e: { date: string }) => e.date)).toEqual([daysBefore(3), daysBefore(4)])
    const ranged = await t.api.get(`/api/time-entries?grantId=${grant.id}&from=${daysBefore(4)}&to=${daysBefore(2)}`).set(bearer(s.coordinator)).expect(200)
    expect(ranged.body.items).toHaveLength(3)
    const foreign = await t.api.get(`/api/time-entries?grantId=${grant.id}`).set(bearer(s.advisorB)).expect(200)
    expect(foreign.body.items).toEqual([])
    const one = page1.body.items[0].id
    await t.api.get(`/api/time-entries/${one}`).set(bearer(s.advisorB)).expect(404)
    await t.api.get(`/api/time-entries/${one}`).set(bearer(s.advisorA)).expect(200)
    const queue = await t.api.get('/api/time-entries?status=submitted').set(bearer(s.coordinator)).expect(200)
    expect(queue.body.items.every((e: { status: string }) => e.status === 'submitted')).toBe(true)
    await t.api.get('/api/time-entries').set(bearer(s.frontdesk)).expect(403)
    await t.api.get('/api/time-entries?status=done').set(bearer(s.coordinator)).expect(400)
  })
})
