import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, type TestApp } from './helper.ts'
import { contractFor, expertGroup, grantFor, logEntry, setBudget, staff, thisYear, today } from './fachberatung-fixtures.ts'
import { divideRounded, netCentsFor, vatCentsFor } from '../src/plugins/app/fachberatung/money.ts'

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
  await setBudget(t, s.coordinator, 50_000_000)
})
afterAll(async () => t.close())

/** A date in the previous month, so the month is over and can be finalised. */
const lastMonth = () => {
  const [y, m] = today().split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
const approve = (id: string) => t.api.post(`/api/time-entries/${id}/approve`).set(bearer(s.coordinator)).expect(200)

describe('money arithmetic', () => {
  it('rounds half up, once, in integer cents', () => {
    expect(divideRounded(5, 2)).toBe(3)
    expect(divideRounded(4, 3)).toBe(1)
    expect(netCentsFor(45, 8333)).toBe(6250) // 62.4975 €
    expect(netCentsFor(15, 8333)).toBe(2083) // 20.8325 €
    expect(vatCentsFor(6250, 19)).toBe(1188) // 11.875 €
    expect(vatCentsFor(2083, 7)).toBe(146) // 1.4581 €
    expect(() => divideRounded(-1, 2)).toThrow(RangeError)
  })
})

describe('GET /api/contracts/:id/statements/:month', () => {
  it('sums the approved entries of the month with net, VAT and gross, rounding once', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA, { hourlyRateCents: 8333, vatRatePercent: 19, validFrom: `${thisYear() - 1}-01-01` })
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator, 'Wohnhof; "Am Elbufer"'), contract.id)
    const month = lastMonth()
    const e1 = await logEntry(t, s.advisorA, grant.id, 45, `${month}-03`)
    const e2 = await logEntry(t, s.advisorA, grant.id, 15, `${month}-10`)
    await logEntry(t, s.advisorA, grant.id, 30, `${month}-12`) // stays submitted: not on the statement
    await approve(e1.id)
    await approve(e2.id)
    const res = await t.api.get(`/api/contracts/${contract.id}/statements/${month}`).set(bearer(s.coordinator)).expect(200)
    expect(res.body).toMatchObject({
      contractId: contract.id,
      month,
      hourlyRateCents: 8333,
      vatRatePercent: 19,
      totalMinutes: 60,
      // 60 min × 83.33 € = 83.33 €; VAT 19 % = 15.8327 € → 15.83 €
      netCents: 8333,
      vatCents: 1583,
      grossCents: 9916,
      finalizedAt: null,
    })
    expect(res.body.entries.map((e: { id: string }) => e.id)).toEqual([e1.id, e2.id])

    const csv = await t.api.get(`/api/contracts/${contract.id}/statements/${month}`).set(bearer(s.coordinator)).set('accept', 'text/csv').expect(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toMatch(new RegExp(`attachment; filename="Abrechnung-${res.body.contractNumber}-${month}.csv"`))
    const text: string = csv.text
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).split('\r\n')
    const [y, m] = month.split('-')
    const head = `${res.body.contractNumber};Anna Finanzberatung;${m}.${y};vorläufig`
    expect(lines).toEqual([
      'Rahmenvertrag;Fachberater:in;Abrechnungsmonat;Status;Block;Leistungsmonat;Datum;Gruppe;Tätigkeit;Beschreibung;Minuten;Dauer;Stundensatz netto (EUR);USt-Satz (%);Netto (EUR);USt (EUR);Brutto (EUR)',
      `${head};Leistung;${m}.${y};03.${m}.${y};"Wohnhof; ""Am Elbufer""";Beratungsgespräch;;45;0,75\u00a0Std.;83,33;19;;;`,
      `${head};Leistung;${m}.${y};10.${m}.${y};"Wohnhof; ""Am Elbufer""";Beratungsgespräch;;15;0,25\u00a0Std.;83,33;19;;;`,
      `${head};Summe;;;;;;60;1,0\u00a0Std.;83,33;19;83,33;15,83;99,16`,
      '',
    ])
  })

  it('defuses cells that a spreadsheet would run as formulas', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id)
    const month = lastMonth()
    const res = await t.api
      .post(`/api/grants/${grant.id}/time-entries`)
      .set(bearer(s.advisorA))
      .send({ date: `${month}-05`, minutes: 15, activity: 'correspondence', description: '=HYPERLINK("http://evil.example")' })
      .expect(201)
    await approve(res.body.id)
    const csv = await t.api.get(`/api/contracts/${contract.id}/statements/${month}`).set(bearer(s.coordinator)).set('accept', 'text/csv').expect(200)
    expect(csv.text).toContain(`;"'=HYPERLINK(""http://evil.example"")";`)
  })

  it("lets an advisor read their own statements only; other roles are kept out", async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    const month = lastMonth()
    await t.api.get(`/api/contracts/${contract.id}/statements/${month}`).set(bearer(s.advisorA)).expect(200)
    expect((await t.api.get(`/api/contracts/${contract.id}/statements/${month}`).set(bearer(s.advisorB)).expect(404)).body.message).toBe('Contract not found')
    await t.api.get(`/api/contracts/${contract.id}/statements/${month}`).set(bearer(s.frontdesk)).expect(403)
    await t.api.post(`/api/contracts/${contract.id}/statements/${month}/finalize`).set(bearer(s.advisorA)).expect(403)
    await t.api.get(`/api/contracts/${contract.id}/statements/2026-13`).set(bearer(s.coordinator)).expect(400)
  })
})

describe('POST /api/contracts/:id/statements/:month/finalize', () => {
  it('bills the entries, which then never change; finalising twice is 409', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA, { hourlyRateCents: 9000, vatRatePercent: 0 })
    const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id)
    const month = lastMonth()
    const e = await logEntry(t, s.advisorA, grant.id, 120, `${month}-15`)
    await approve(e.id)
    const fin = await t.api.post(`/api/contracts/${contract.id}/statements/${month}/finalize`).set(bearer(s.coordinator)).expect(200)
    expect(fin.body).toMatchObject({ totalMinutes: 120, netCents: 18_000, vatCents: 0, grossCents: 18_000, finalizedAt: expect.any(String) })
    expect(fin.body.entries.map((x: { id: string; billed: boolean }) => [x.id, x.billed])).toEqual([[e.id, true]])
    expect((await t.api.post(`/api/contracts/${contract.id}/statements/${month}/finalize`).set(bearer(s.coordinator)).expect(409)).body.code).toBe('STATEMENT_FINALIZED')

    // Entries approved later for that month go onto the next statement instead of changing this one.
    const late = await logEntry(t, s.advisorA, grant.id, 30, `${month}-20`)
    await approve(late.id)
    const again = await t.api.get(`/api/contracts/${contract.id}/statements/${month}`).set(bearer(s.coordinator)).expect(200)
    expect(again.body).toMatchObject({ totalMinutes: 120, netCents: 18_000, finalizedAt: fin.body.finalizedAt })
    const current = await t.api.get(`/api/contracts/${contract.id}/statements/${today().slice(0, 7)}`).set(bearer(s.coordinator)).expect(200)
    expect(current.body.entries).toEqual([])
    expect(current.body.lateEntries.map((x: { id: string; billingMonth: string }) => [x.id, x.billingMonth])).toEqual([[late.id, today().slice(0, 7)]])

    const list = await t.api.get(`/api/contracts/${contract.id}/statements`).set(bearer(s.advisorA)).expect(200)
    expect(list.body.items.find((r: { month: string }) => r.month === month)).toEqual({
      contractId: contract.id,
      contractNumber: fin.body.contractNumber,
      advisorName: 'Anna Finanzberatung',
      month,
      status: 'finalized',
      totalMinutes: 120,
      lateMinutes: 0,
      entryCount: 1,
      netCents: 18_000,
      vatCents: 0,
      grossCents: 18_000,
      submittedCount: 0,
      lastChangeAt: fin.body.finalizedAt,
    })
    await t.api.get(`/api/contracts/${contract.id}/statements`).set(bearer(s.advisorB)).expect(404)
    await t.api.get(`/api/contracts/${contract.id}/statements`).set(bearer(s.frontdesk)).expect(403)

    await expect(t.sql.query('UPDATE time_entries SET minutes = 15 WHERE id = $1', [e.id])).rejects.toThrow(/billed and cannot change/)
    await expect(t.sql.query('DELETE FROM time_entries WHERE id = $1', [e.id])).rejects.toThrow(/billed and cannot change/)
    await expect(t.sql.query('UPDATE statements SET net_cents = 1 WHERE contract_id = $1', [contract.id])).rejects.toThrow(/statements are final/)
    const { rows } = await t.sql.query(`SELECT action FROM audit_log WHERE entity = 'statement'`)
    expect(rows.map((r) => r.action)).toContain('statement.finalize')
  })

  it('refuses a month that has not ended (Berlin time) with 422 MONTH_NOT_ENDED, and changes nothing', async () => {
    const contract = await contractFor(t, s.coordinator, s.advisorA)
    for (const month of [today().slice(0, 7), `${thisYear() + 1}-01`]) {
      const res = await t.api.post(`/api/contracts/${contract.id}/statements/${month}/finalize`).set(bearer(s.coordinator)).expect(422)
      expect(res.body.code).toBe('MONTH_NOT_ENDED')
    }
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM statements WHERE contract_id = $1', [contract.id])
    expect(rows[0].n).toBe(0)
  })
})
