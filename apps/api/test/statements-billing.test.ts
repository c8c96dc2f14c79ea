import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, type TestApp } from './helper.ts'
import { contractFor, expertGroup, grantFor, logEntry, setBudget, staff, today } from './fachberatung-fixtures.ts'

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
  await setBudget(t, s.coordinator, 50_000_000)
})
afterAll(async () => t.close())

/** `YYYY-MM`, `back` months before the current month in Berlin. */
const monthsAgo = (back: number) => {
  const [y, m] = today().split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) - back
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}
const approve = (id: string) => t.api.post(`/api/time-entries/${id}/approve`).set(bearer(s.coordinator)).expect(200)
const statementOf = async (contractId: string, month: string) =>
  (await t.api.get(`/api/contracts/${contractId}/statements/${month}`).set(bearer(s.coordinator)).expect(200)).body
const ids = (list: { id: string }[]) => list.map((e) => e.id)

describe('statements across months (issue 12)', () => {
  it('bills each entry once, in the month worked; a late approval goes to the next open month as a Nachtrag', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA, { hourlyRateCents: 8000, vatRatePercent: 19 })
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id)
    const [a, b] = [monthsAgo(2), monthsAgo(1)]
    const a1 = await logEntry(t, s.advisorA, grant.id, 90, `${a}-03`)
    const b1 = await logEntry(t, s.advisorA, grant.id, 60, `${b}-04`)
    const aLate = await logEntry(t, s.advisorA, grant.id, 45, `${a}-28`)
    await approve(a1.id)
    await approve(b1.id)

    // Before: each draft holds only its own month's entries (never the same entry twice).
    expect(ids((await statementOf(contract.id, a)).entries)).toEqual([a1.id])
    expect(ids((await statementOf(contract.id, b)).entries)).toEqual([b1.id])

    const finA = await t.api.post(`/api/contracts/${contract.id}/statements/${a}/finalize`).set(bearer(s.coordinator)).expect(200)
    // 90 min × 80 € = 120,00 €; 19 % = 22,80 €
    expect(finA.body).toMatchObject({ status: 'finalized', totalMinutes: 90, netCents: 12_000, vatCents: 2280, grossCents: 14_280, lateEntries: [] })

    // Approved after A was finalised: billed in B, under Nachträge, keeping its date in A.
    const approved = await approve(aLate.id)
    expect(approved.body).toMatchObject({ billingMonth: b, date: `${a}-28` })
    const stA = await statementOf(contract.id, a)
    expect(ids(stA.entries)).toEqual([a1.id])
    expect(stA).toMatchObject({ totalMinutes: 90, netCents: 12_000, grossCents: 14_280 })
    const stB = await statementOf(contract.id, b)
    expect(stB).toMatchObject({ status: 'draft', totalMinutes: 105, netCents: 14_000, vatCents: 2660, grossCents: 16_660, finalizedAt: null })
    expect(ids(stB.entries)).toEqual([b1.id])
    expect(ids(stB.lateEntries)).toEqual([aLate.id])

    const csv = await t.api.get(`/api/contracts/${contract.id}/statements/${b}`).set(bearer(s.coordinator)).set('accept', 'text/csv').expect(200)
    const lines: string[] = csv.text.slice(1).trimEnd().split('\r\n')
    expect(lines.map((l) => l.split(';')[4])).toEqual(['Block', 'Leistung', 'Nachtrag', 'Summe'])
    expect(lines[2]!.split(';')[5]).toBe(`${a.slice(5)}.${a.slice(0, 4)}`)
    expect(lines[3]!.split(';').slice(10)).toEqual(['105', '1,75\u00a0Std.', '80,00', '19', '140,00', '26,60', '166,60'])

    const finB = await t.api.post(`/api/contracts/${contract.id}/statements/${b}/finalize`).set(bearer(s.coordinator)).expect(200)
    expect(finB.body).toMatchObject({ totalMinutes: 105, netCents: 14_000, vatCents: 2660, grossCents: 16_660 })
    expect(ids(finB.body.lateEntries)).toEqual([aLate.id])

    const overview = await t.api.get(`/api/contracts/${contract.id}/statements`).set(bearer(s.advisorA)).expect(200)
    expect(overview.body.items.map((r: { month: string; status: string; totalMinutes: number; lateMinutes: number; grossCents: number }) => [r.month, r.status, r.totalMinutes, r.lateMinutes, r.grossCents])).toEqual([
      [today().slice(0, 7), 'open', 0, 0, 0],
      [b, 'finalized', 105, 45, 16_660],
      [a, 'finalized', 90, 0, 14_280],
    ])

    // The database holds the rule too: no entry can be put back into a finalised month.
    await expect(t.sql.query('UPDATE time_entries SET billing_month = $2 WHERE id = $1', [aLate.id, a])).rejects.toThrow(/billed and cannot change/)
  })

  it('refuses to assign an approved entry to a finalised month, even past the app', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id)
    const a = monthsAgo(1)
    await t.api.post(`/api/contracts/${contract.id}/statements/${a}/finalize`).set(bearer(s.coordinator)).expect(200)
    const e = await logEntry(t, s.advisorA, grant.id, 30, `${a}-10`)
    await expect(
      t.sql.query(`UPDATE time_entries SET status = 'approved', billing_month = $2 WHERE id = $1`, [e.id, a]),
    ).rejects.toThrow(/is finalised; time entry .* cannot be added/)
    // Approved without a billing month, or billed in a month before it was worked: refused.
    await expect(t.sql.query(`UPDATE time_entries SET status = 'approved' WHERE id = $1`, [e.id])).rejects.toThrow(/time_entries_billing_month/)
    await expect(t.sql.query(`UPDATE time_entries SET status = 'approved', billing_month = $2 WHERE id = $1`, [e.id, monthsAgo(3)])).rejects.toThrow(
      /time_entries_billing_month/,
    )
    // Nor can an entry be inserted into it (the trigger fires on insert only when there is a month to check: 0025).
    await expect(
      t.sql.query(
        `INSERT INTO time_entries (grant_id, advisor_id, date, minutes, activity, status, billing_month)
         VALUES ($1, $2, $3, 30, 'consultation', 'approved', $4)`,
        [grant.id, s.advisorA.id, `${a}-11`, a],
      ),
    ).rejects.toThrow(/is finalised; time entry .* cannot be added/)
  })

  it('keeps every entry on exactly one statement when approvals race a finalisation', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id, 1200)
    const a = monthsAgo(1)
    const entries = []
    for (let i = 0; i < 6; i++) entries.push(await logEntry(t, s.advisorA, grant.id, 15 * (i + 1), `${a}-${String(10 + i).padStart(2, '0')}`))
    const [fin] = await Promise.all([
      t.api.post(`/api/contracts/${contract.id}/statements/${a}/finalize`).set(bearer(s.coordinator)),
      ...entries.map((e) => t.api.post(`/api/time-entries/${e.id}/approve`).set(bearer(s.coordinator)).expect(200)),
    ])
    expect(fin!.status).toBe(200)
    const onA = ids((await statementOf(contract.id, a)).entries)
    const onNext = ids((await statementOf(contract.id, monthsAgo(0))).lateEntries)
    expect([...onA, ...onNext].sort()).toEqual(ids(entries).sort())
    expect(onA.filter((id) => onNext.includes(id))).toEqual([])
    const stored = await t.sql.query('SELECT total_minutes FROM statements WHERE contract_id = $1', [contract.id])
    const minutesOnA = entries.filter((e) => onA.includes(e.id)).reduce((n, e) => n + e.minutes, 0)
    expect(stored.rows[0].total_minutes).toBe(minutesOnA)
  })
})

describe('GET /api/statements', () => {
  it('lists the months of all contracts with exact money, paged by keyset; an advisor sees only their own', async () => {
    const c1 = await contractFor(t, s.coordinator, s.advisorB, { number: 'RV-OV-1', hourlyRateCents: 8333, vatRatePercent: 7 })
    const g1 = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), c1.id)
    const m = monthsAgo(1)
    const e1 = await logEntry(t, s.advisorB, g1.id, 45, `${m}-05`)
    await logEntry(t, s.advisorB, g1.id, 30, `${m}-06`) // waiting for review
    await approve(e1.id)

    const mine = await t.api.get('/api/statements').set(bearer(s.advisorB)).expect(200)
    const row = mine.body.items.find((r: { contractId: string; month: string }) => r.contractId === c1.id && r.month === m)
    // 45 min × 83,33 € = 62,4975 → 62,50 €; 7 % = 4,375 → 4,38 €
    expect(row).toMatchObject({ status: 'draft', totalMinutes: 45, lateMinutes: 0, entryCount: 1, netCents: 6250, vatCents: 438, grossCents: 6688, submittedCount: 1 })
    expect(row.lastChangeAt).toEqual(expect.any(String))
    expect(mine.body.items.every((r: { advisorName: string }) => r.advisorName === 'Bernd Rechtsberatung')).toBe(true)

    const all: { contractId: string; month: string }[] = []
    let cursor: string | null = null
    do {
      const res: { body: { items: { contractId: string; month: string }[]; nextCursor: string | null } } = await t.api
        .get('/api/statements')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(s.coordinator))
        .expect(200)
      all.push(...res.body.items)
      cursor = res.body.nextCursor
    } while (cursor)
    const keys = all.map((r) => `${r.month}/${r.contractId}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(all.some((r) => r.contractId === c1.id && r.month === m)).toBe(true)
    const months = all.map((r) => r.month)
    expect(months).toEqual([...months].sort().reverse())

    const drafts = await t.api.get('/api/statements').query({ status: 'draft' }).set(bearer(s.coordinator)).expect(200)
    expect(drafts.body.items.every((r: { status: string }) => r.status === 'draft')).toBe(true)
    await t.api.get('/api/statements').query({ cursor: 'bm90IGEgY3Vyc29y' }).set(bearer(s.coordinator)).expect(400)
    await t.api.get('/api/statements').set(bearer(s.frontdesk)).expect(403)
    await t.api.get(`/api/contracts/${c1.id}/statements`).set(bearer(s.advisorA)).expect(404)
  })
})

describe('POST /api/time-entries/reject', () => {
  it('rejects several entries with one reason, all or none, audited per entry; minutes go back', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id, 600)
    const e1 = await logEntry(t, s.advisorA, grant.id, 60)
    const e2 = await logEntry(t, s.advisorA, grant.id, 90)
    const done = await logEntry(t, s.advisorA, grant.id, 30)
    await approve(done.id)
    const reject = (body: object) => t.api.post('/api/time-entries/reject').set(bearer(s.coordinator)).send(body)

    // One entry already reviewed: nothing changes.
    expect((await reject({ ids: [e1.id, done.id], reason: 'Doppelt erfasst' }).expect(409)).body.code).toBe('ENTRY_LOCKED')
    expect((await reject({ ids: [e1.id, e2.id], reason: '   ' }).expect(422)).body.code).toBe('REASON_REQUIRED')
    await reject({ ids: [e1.id, e2.id] }).expect(400)
    await reject({ ids: [], reason: 'x' }).expect(400)
    await t.api.post('/api/time-entries/reject').set(bearer(s.advisorA)).send({ ids: [e1.id], reason: 'x' }).expect(403)
    let g = (await t.api.get(`/api/grants/${grant.id}`).set(bearer(s.coordinator)).expect(200)).body
    expect(g).toMatchObject({ submittedMinutes: 150, approvedMinutes: 30, remainingMinutes: 420 })

    const res = await reject({ ids: [e1.id, e2.id], reason: ' Kein Bezug zur Gruppe ' }).expect(200)
    expect(res.body.items.map((e: { id: string; status: string; rejectionReason: string }) => [e.id, e.status, e.rejectionReason]).sort()).toEqual(
      [
        [e1.id, 'rejected', 'Kein Bezug zur Gruppe'],
        [e2.id, 'rejected', 'Kein Bezug zur Gruppe'],
      ].sort(),
    )
    g = (await t.api.get(`/api/grants/${grant.id}`).set(bearer(s.coordinator)).expect(200)).body
    expect(g).toMatchObject({ submittedMinutes: 0, approvedMinutes: 30, remainingMinutes: 570 })
    const audit = await t.sql.query(`SELECT entity_id FROM audit_log WHERE action = 'time_entry.reject' AND entity_id = ANY($1::uuid[])`, [[e1.id, e2.id]])
    expect(audit.rows.map((r) => r.entity_id).sort()).toEqual([e1.id, e2.id].sort())
  })

  it("shows each entry's grant, so the queue can say what approving leaves", async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id, 600)
    const e = await logEntry(t, s.advisorA, grant.id, 120)
    const res = await t.api.get(`/api/time-entries/${e.id}`).set(bearer(s.coordinator)).expect(200)
    expect(res.body.grant).toEqual({ purpose: 'Finanzierungsplan', grantedMinutes: 600, approvedMinutes: 0, submittedMinutes: 120 })
    expect(res.body.billingMonth).toBeNull()
  })
})
