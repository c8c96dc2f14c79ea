import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CouncilReport, ReportTable } from '@wohnlotse/shared'
import { auditRows, bearer, buildTestApp, createUser, type TestApp } from './helper.ts'
import { contractFor, grantFor, logEntry, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'
import { writeFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { suppress } from '../src/plugins/app/reports/suppression.ts'
import { suppressedView } from '../src/plugins/app/reports/council-service.ts'
import { xlsxNumber } from '../src/plugins/app/reports/council-xlsx.ts'

/**
 * Known data in 2026 Q3 (and a little around it), every figure of the report checked exactly. Times are UTC;
 * the report counts Dresden days, so 2026-06-30 22:30Z (00:30 on 1 July in Berlin) is inside the quarter and
 * 2026-09-30 22:30Z (00:30 on 1 October) is not.
 */
let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
const Q3 = 'from=2026-07-01&to=2026-09-30'

async function seed() {
  const q = (text: string, params: unknown[] = []) => t.sql.query(text, params)
  const inquiry = async (at: string, channel: string, language: string | null, topics: string[], targets: string[] = []) =>
    (await q('INSERT INTO inquiries (received_at, channel, language, topics, target_groups) VALUES ($1, $2, $3, $4, $5) RETURNING id', [at, channel, language, topics, targets])).rows[0].id as string
  const i1 = await inquiry('2026-07-02T08:00:00Z', 'phone', 'de', ['financing'], ['seniors'])
  const i2 = await inquiry('2026-07-03T08:00:00Z', 'phone', 'de', ['financing', 'legal_form'])
  const i3 = await inquiry('2026-07-04T08:00:00Z', 'phone', 'de', [])
  const i4 = await inquiry('2026-06-30T22:30:00Z', 'phone', 'de', ['financing'])
  const i5 = await inquiry('2026-08-01T08:00:00Z', 'email', 'de', ['financing'])
  const i6 = await inquiry('2026-08-02T08:00:00Z', 'email', 'de', ['financing'])
  await inquiry('2026-08-03T08:00:00Z', 'email', 'en', ['financing'])
  await inquiry('2026-09-30T21:30:00Z', 'walk_in', null, ['concept'])
  await inquiry('2026-06-30T21:30:00Z', 'phone', 'de', []) // 23:30 on 30 June in Berlin: before the quarter
  await inquiry('2026-09-30T22:30:00Z', 'phone', 'de', []) // 00:30 on 1 October: after it
  for (let n = 0; n < 5; n++) await inquiry('2025-08-10T08:00:00Z', 'phone', 'de', []) // the year before

  const offer = async (name: string) => (await q('SELECT id FROM offers WHERE name = $1', [name])).rows[0].id as string
  const wohnsinn = await offer('Wohnsinn')
  const awig = await offer('AWIG')
  const referral = (inquiryId: string, offerId: string, at: string, outcome: string, afterDays: number | null) =>
    q(
      `INSERT INTO referrals (inquiry_id, offer_id, consent_to_share, follow_up_on, outcome, outcome_at, created_at)
       VALUES ($1, $2, true, ($3::timestamptz + interval '7 days')::date, $4, $3::timestamptz + make_interval(days => $5), $3)`,
      [inquiryId, offerId, at, outcome, afterDays],
    )
  await referral(i1, wohnsinn, '2026-07-02T09:00:00Z', 'helped', 5)
  await referral(i2, wohnsinn, '2026-07-03T09:00:00Z', 'helped', 10)
  await referral(i3, wohnsinn, '2026-07-04T09:00:00Z', 'helped', 20)
  await referral(i4, wohnsinn, '2026-07-05T09:00:00Z', 'pending', null)
  await referral(i5, awig, '2026-08-01T09:00:00Z', 'pending', null)
  await referral(i6, awig, '2026-08-02T09:00:00Z', 'unreachable', 3)

  const group = async (name: string, district: string, created: string, stage: string, homes: number | null, status = 'active', lifecycle = 'initiative') =>
    (await q(
      `INSERT INTO groups (name, district, created_at, stage, stage_since, planned_homes, status, lifecycle) VALUES ($1, $2, $3, $4, $3, $5, $6, $7) RETURNING id`,
      [name, district, created, stage, homes, status, lifecycle],
    )).rows[0].id as string
  const move = (id: string, from: string | null, to: string, at: string) =>
    q('INSERT INTO group_stage_changes (group_id, from_stage, to_stage, at, reason) VALUES ($1, $2, $3, $4, $5)', [id, from, to, at, from ? 'Test' : null])
  const g1 = await group('Gruppe Eins', 'neustadt', '2026-07-05T10:00:00Z', 'concept', 8)
  const g2 = await group('Gruppe Zwei', 'neustadt', '2026-07-05T10:00:00Z', 'concept', null)
  const g3 = await group('Gruppe Drei', 'neustadt', '2026-07-05T10:00:00Z', 'orientation', 5)
  const g4 = await group('Gruppe Vier', 'neustadt', '2026-07-05T10:00:00Z', 'orientation', null, 'closed', 'abandoned')
  const g5 = await group('Gruppe Fünf', 'pieschen', '2025-01-01T10:00:00Z', 'expert', 12)
  for (const g of [g1, g2, g3, g4]) await move(g, null, 'orientation', '2026-07-05T10:00:00Z')
  await move(g1, 'orientation', 'concept', '2026-07-15T10:00:00Z')
  await move(g2, 'orientation', 'concept', '2026-07-25T10:00:00Z')
  await q(`INSERT INTO group_status_changes (group_id, from_status, to_status, at, reason) VALUES ($1, 'active', 'closed', '2026-08-01T10:00:00Z', 'Gruppe hat sich aufgelöst')`, [g4])
  // Closed twice in the quarter (reopened between): counted once, with the reason of its last closing. Opened after
  // the year-before period, so it touches no other figure.
  const g6 = await group('Gruppe Sechs', 'plauen', '2025-11-01T10:00:00Z', 'orientation', 20, 'closed', 'realised')
  await move(g6, null, 'orientation', '2025-11-01T10:00:00Z')
  const statusChange = (id: string, from: string, to: string, at: string, reason: string | null, code: string | null) =>
    q('INSERT INTO group_status_changes (group_id, from_status, to_status, at, reason, close_reason) VALUES ($1, $2, $3, $4, $5, $6)', [id, from, to, at, reason, code])
  await statusChange(g6, 'active', 'closed', '2026-07-20T10:00:00Z', 'Gruppe aufgelöst', 'dissolved')
  await statusChange(g6, 'closed', 'active', '2026-07-25T10:00:00Z', null, null)
  await statusChange(g6, 'active', 'closed', '2026-09-01T10:00:00Z', 'Haus bezogen', 'realised')
  await move(g5, null, 'orientation', '2025-01-01T10:00:00Z')
  await move(g5, 'orientation', 'concept', '2025-03-01T10:00:00Z')
  await move(g5, 'concept', 'expert', '2025-06-01T10:00:00Z')

  const consultation = (date: string, channel: string, minutes: number, language: string | null) =>
    q(`INSERT INTO consultations (group_id, date, minutes, channel, language, stage, by_id) VALUES ($1, $2, $3, $4, $5, 'expert', $6)`, [g5, date, minutes, channel, language, s.coordinator.id])
  await consultation('2026-07-10', 'in_person', 90, 'de')
  await consultation('2026-08-10', 'in_person', 90, 'de')
  await consultation('2026-09-10', 'in_person', 90, 'de')
  await consultation('2026-09-30', 'phone', 60, null)
  await consultation('2026-10-01', 'phone', 60, null)

  // Fachberatung through the API, then the grant dated into the quarter.
  await setBudget(t, s.coordinator, 1_000_000, 2026)
  if (thisYear() !== 2026) await setBudget(t, s.coordinator, 1_000_000)
  const contract = await contractFor(t, s.coordinator, s.advisorA, { number: 'RV-2026-07', expertise: ['financing', 'law'], validFrom: '2025-01-01', validUntil: `${thisYear() + 1}-12-31` })
  const grant = await grantFor(t, s.coordinator, g5, contract.id, 600)
  await q(`UPDATE grants SET created_at = '2026-07-10T10:00:00Z' WHERE id = $1`, [grant.id])
  const approve = (id: string) => t.api.post(`/api/time-entries/${id}/approve`).set(bearer(s.coordinator)).expect(200)
  await approve((await logEntry(t, s.advisorA, grant.id, 120, '2026-07-20')).id)
  await approve((await logEntry(t, s.advisorA, grant.id, 60, '2026-08-03')).id) // billed by the August statement (the billing month decides since migration 0018)
  await logEntry(t, s.advisorA, grant.id, 30, '2026-09-05') // submitted only: not counted
  await approve((await logEntry(t, s.advisorA, grant.id, 45, '2026-10-02')).id) // after the quarter
  await t.api.post(`/api/contracts/${contract.id}/statements/2026-08/finalize`).set(bearer(s.coordinator)).expect(200)
}

const table = (r: CouncilReport, id: string): ReportTable => {
  const found = r.sections.flatMap((x) => x.tables).find((x) => x.id === id)
  if (!found) throw new Error(`no table ${id}`)
  return found
}
/** The values of a table as { rowKey: [values…] }. */
const values = (tbl: ReportTable) => Object.fromEntries(tbl.rows.map((r) => [r.key, r.cells.map((c) => c.value)]))
const flags = (tbl: ReportTable) => tbl.rows.map((r) => r.cells.map((c) => c.flag))

beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
  await seed()
})
afterAll(() => t.close())

describe('GET /api/reports/council', () => {
  let report: CouncilReport
  beforeAll(async () => {
    report = (await t.api.get(`/api/reports/council?${Q3}`).set(bearer(s.coordinator)).expect(200)).body
  })

  it('names the period, the year before, and k', () => {
    expect(report.period).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(report.previousPeriod).toEqual({ from: '2025-07-01', to: '2025-09-30' })
    expect(report.minCellSize).toBe(3)
    expect(report.suppressed).toBe(false)
    expect(report.sections.map((x) => x.id)).toEqual(['frontdesk', 'groups', 'consultations', 'expert', 'totals'])
  })

  it('counts inquiries by channel, topic, language and target group (Dresden days)', () => {
    expect(values(table(report, 'inquiries_channel'))).toEqual({ phone: [4], email: [3], walk_in: [1], event: [0], web: [0], total: [8] })
    expect(values(table(report, 'inquiries_topic'))).toEqual({ financing: [6], legal_form: [1], concept: [1], '': [1] })
    expect(values(table(report, 'inquiries_language'))).toEqual({ de: [6], en: [1], '': [1], total: [8] })
    expect(values(table(report, 'inquiries_target_group'))).toEqual({ seniors: [1] })
  })

  it('counts referrals by offer and outcome, and the follow-ups recorded within 14 days', () => {
    const refs = table(report, 'referrals_offer_outcome')
    expect(refs.columns.map((c) => c.key)).toEqual(['pending', 'contacted', 'helped', 'not_helped', 'unreachable', 'total'])
    expect(refs.rows.map((r) => r.label.de)).toEqual(['AWIG', 'Wohnsinn', 'Gesamt'])
    expect(values(refs)).toEqual(expect.objectContaining({ total: [2, 0, 3, 0, 1, 6] }))
    expect(refs.rows[0]!.cells.map((c) => c.value)).toEqual([1, 0, 0, 0, 1, 2])
    expect(refs.rows[1]!.cells.map((c) => c.value)).toEqual([1, 0, 3, 0, 0, 4])
    expect(values(table(report, 'referral_followup'))).toEqual({ recorded: [3], open: [3], total: [6] })
    expect(values(table(report, 'referral_followup_share'))).toEqual({ share: [50] })
  })

  it('reports groups: new, at the end by district and stage, planned homes, moves, median days, closed', () => {
    expect(values(table(report, 'groups_new_district'))).toEqual({ neustadt: [4], total: [4] })
    expect(values(table(report, 'groups_new_legal_form'))).toEqual({ '': [4], total: [4] })
    expect(values(table(report, 'groups_end_district_stage'))).toEqual({ neustadt: [1, 2, 0, 3], pieschen: [0, 0, 1, 1], total: [1, 2, 1, 4] })
    expect(values(table(report, 'planned_homes_district_stage'))).toEqual({ neustadt: [5, 8, 0, 13], pieschen: [0, 0, 12, 12], total: [5, 8, 12, 25] })
    expect(values(table(report, 'stage_moves'))).toEqual({ orientation: [0, 2, 0, 2], concept: [0, 0, 0, 0], expert: [0, 0, 0, 0], total: [0, 2, 0, 2] })
    expect(values(table(report, 'stage_stays'))).toEqual({ orientation: [2], concept: [0], expert: [0] })
    expect(values(table(report, 'stage_median_days'))).toEqual({ orientation: [15], concept: [0], expert: [0] })
    expect(values(table(report, 'groups_closed'))).toEqual({ initiative: [0], planning: [0], construction: [0], realised: [1], abandoned: [1], total: [2] })
    // Gruppe Vier was closed before reasons had codes ("not stated"); Gruppe Sechs by its last closing.
    expect(values(table(report, 'groups_closed_reason'))).toEqual({ realised: [1], '': [1], total: [2] })
    const reasons = table(report, 'groups_closed_reason')
    expect(flags(reasons)).toEqual(suppress({ values: reasons.rows.map((r) => r.cells.map((c) => c.value!)), rowTotals: false, colTotals: true, k: 3 }))
    // 1 + 1 = "< 3" pins both cells: nothing of the table is published.
    expect(flags(reasons)).toEqual([['secondary'], ['secondary'], ['secondary']])
  })

  it('reports consultations by stage, channel and language, and their hours', () => {
    const counts = values(table(report, 'consultations_stage_channel'))
    expect(counts.expert).toEqual([3, 1, 0, 0, 0, 4])
    expect(counts.total).toEqual([3, 1, 0, 0, 0, 4])
    expect(values(table(report, 'consultations_hours')).total).toEqual([270, 60, 0, 0, 0, 330])
    expect(values(table(report, 'consultations_language'))).toEqual({ de: [3], '': [1], total: [4] })
  })

  it('reports Fachberatung hours per contract and field, cost, budget and cost per group', async () => {
    expect(values(table(report, 'expert_hours_contract'))).toEqual({ [table(report, 'expert_hours_contract').rows[0]!.key]: [600, 180, 60], total: [600, 180, 60] })
    expect(table(report, 'expert_hours_contract').rows[0]!.label.de).toBe('RV-2026-07')
    expect(values(table(report, 'expert_cost_contract')).total).toEqual([27_000])
    expect(values(table(report, 'expert_hours_field'))).toEqual({ financing: [600, 180, 60], law: [600, 180, 60] })
    const budget = (await t.api.get('/api/advisor-budgets/2026').set(bearer(s.coordinator)).expect(200)).body
    expect(values(table(report, 'budget'))).toEqual({
      2026: [1_000_000, budget.committedCents, budget.spentCents, budget.availableCents, Math.round(budget.committedCents / 1000) / 10, Math.round(budget.spentCents / 1000) / 10],
    })
    expect(values(table(report, 'groups_advised'))).toEqual({ advised: [1] })
    expect(values(table(report, 'cost_per_group'))).toEqual({ net: [27_000], per_group: [27_000] })
  })

  it('compares the totals with the same period a year earlier', () => {
    expect(values(table(report, 'totals_counts'))).toEqual({
      inquiries: [8, 5, 60],
      referrals: [6, 0, null],
      groups_new: [4, 0, null],
      // The year before had one group ("< 3"): the change would give it away, so it is withheld.
      groups_end: [4, 1, null],
      moves: [2, 0, null],
      consultations: [4, 0, null],
    })
    expect(values(table(report, 'totals_hours'))).toEqual({ consultation_hours: [330, 0, null], expert_granted: [600, 0, null], expert_approved: [180, 0, null], expert_billed: [60, 0, null] })
    expect(values(table(report, 'totals_money'))).toEqual({ expert_cost: [27_000, 0, null] })
  })

  it('flags for coordinators exactly the cells the suppression module withholds, with the values still there', () => {
    const channel = table(report, 'inquiries_channel')
    expect(flags(channel)).toEqual(suppress({ values: channel.rows.map((r) => r.cells.map((c) => c.value!)), rowTotals: false, colTotals: true, k: 3 }))
    expect(channel.rows.find((r) => r.key === 'walk_in')!.cells[0]).toEqual({ value: 1, flag: 'primary' })
    const refs = table(report, 'referrals_offer_outcome')
    expect(flags(refs)).toEqual(suppress({ values: refs.rows.map((r) => r.cells.map((c) => c.value!)), rowTotals: true, colTotals: true, k: 3 }))
    // A median of two stays would describe two groups: withheld with its count.
    expect(table(report, 'stage_median_days').rows[0]!.cells[0]).toEqual({ value: 15, flag: 'secondary' })
    expect(table(report, 'cost_per_group').rows[1]!.cells[0]).toEqual({ value: 27_000, flag: 'secondary' })
    // Six referrals, all in tiny cells: the whole cross table is withheld, and so is its total where it recurs.
    expect(flags(refs).flat().every((f) => f === 'secondary')).toBe(true)
    expect(table(report, 'referral_followup').rows.map((r) => r.cells[0]!.flag)).toEqual(['none', 'none', 'secondary'])
    expect(table(report, 'referral_followup_share').rows[0]!.cells[0]).toEqual({ value: 50, flag: 'secondary' })
    expect(table(report, 'totals_counts').rows.find((r) => r.key === 'referrals')!.cells.map((c) => c.flag)).toEqual(['secondary', 'none', 'secondary'])
  })

  it('refuses impossible, reversed and overlong periods with a code, and malformed ones', async () => {
    const get = (query: string) => t.api.get(`/api/reports/council?${query}`).set(bearer(s.coordinator))
    expect((await get('from=2026-02-30&to=2026-03-31').expect(400)).body.code).toBe('REPORT_DATE_INVALID')
    expect((await get('from=2026-09-30&to=2026-07-01').expect(400)).body.code).toBe('REPORT_PERIOD_REVERSED')
    expect((await get('from=2020-01-01&to=2026-12-31').expect(400)).body.code).toBe('REPORT_PERIOD_TOO_LONG')
    expect((await get('from=2026-7-1&to=2026-09-30').expect(400)).body.code).toBe('VALIDATION_FAILED')
    expect((await get('from=2026-07-01').expect(400)).body.code).toBe('VALIDATION_FAILED')
    expect((await get(`${Q3}&format=doc`).expect(400)).body.code).toBe('VALIDATION_FAILED')
  })

  it('is for coordinators: front desk, advisors and admins get 403', async () => {
    for (const who of [s.frontdesk, s.advisorA, s.admin]) {
      expect((await t.api.get(`/api/reports/council?${Q3}`).set(bearer(who)).expect(403)).body.code).toBe('FORBIDDEN')
      await t.api.get('/api/reports/council/snapshots').set(bearer(who)).expect(403)
      await t.api.post('/api/reports/council/snapshots').set(bearer(who)).send({ from: '2026-07-01', to: '2026-09-30' }).expect(403)
      await t.api.put('/api/reports/council/settings').set(bearer(who)).send({ minCellSize: 5 }).expect(403)
    }
    await t.api.get(`/api/reports/council?${Q3}`).expect(401)
  })
})

describe('the city role', () => {
  it('reads the report with suppressed figures only, and stored reports, but stores and sets nothing', async () => {
    const city = await createUser(t, 'city')
    const r: CouncilReport = (await t.api.get(`/api/reports/council?${Q3}`).set(bearer(city)).expect(200)).body
    expect(r.suppressed).toBe(true)
    const channel = table(r, 'inquiries_channel')
    expect(channel.rows.find((x) => x.key === 'walk_in')!.cells[0]).toEqual({ value: null, flag: 'primary' })
    expect(channel.rows.find((x) => x.key === 'phone')!.cells[0]).toEqual({ value: null, flag: 'secondary' })
    // No withheld figure carries a number anywhere in the answer.
    for (const cell of r.sections.flatMap((x) => x.tables).flatMap((x) => x.rows).flatMap((x) => x.cells)) if (cell.flag !== 'none') expect(cell.value).toBeNull()
    await t.api.get('/api/reports/council/snapshots').set(bearer(city)).expect(200)
    await t.api.post('/api/reports/council/snapshots').set(bearer(city)).send({ from: '2026-07-01', to: '2026-09-30' }).expect(403)
    await t.api.put('/api/reports/council/settings').set(bearer(city)).send({ minCellSize: 5 }).expect(403)
  })
})

describe('PUT /api/reports/council/settings', () => {
  it('changes k within 3..20, audited, and the report follows', async () => {
    await t.api.put('/api/reports/council/settings').set(bearer(s.coordinator)).send({ minCellSize: 2 }).expect(400)
    await t.api.put('/api/reports/council/settings').set(bearer(s.coordinator)).send({ minCellSize: 5 }).expect(200, { minCellSize: 5 })
    const r: CouncilReport = (await t.api.get(`/api/reports/council?${Q3}`).set(bearer(s.coordinator)).expect(200)).body
    expect(r.minCellSize).toBe(5)
    expect(table(r, 'inquiries_channel').rows.find((x) => x.key === 'phone')!.cells[0]!.flag).toBe('primary')
    const { rows } = await t.sql.query(`SELECT after FROM audit_log WHERE action = 'settings.update' ORDER BY seq DESC LIMIT 1`)
    expect(rows[0].after).toEqual({ minCellSize: 5 })
    await t.api.put('/api/reports/council/settings').set(bearer(s.coordinator)).send({ minCellSize: 3 }).expect(200)
  })
})

describe('snapshots', () => {
  it('stores a report with its hash, lists it, and shows what changed since', async () => {
    const created = await t.api.post('/api/reports/council/snapshots').set(bearer(s.coordinator)).send({ from: '2026-07-01', to: '2026-09-30' }).expect(201)
    expect(created.body).toMatchObject({ period: { from: '2026-07-01', to: '2026-09-30' }, intact: true, changes: [], createdBy: { id: s.coordinator.id } })
    expect(created.body.hash).toMatch(/^[0-9a-f]{64}$/)
    const list = await t.api.get('/api/reports/council/snapshots').set(bearer(s.coordinator)).expect(200)
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(created.body.id)
    expect((await auditRows(t, created.body.id)).map((r) => [r.action, r.after?.sha256])).toEqual([['report.snapshot', created.body.hash]])

    // A late inquiry in the quarter: the stored report keeps its numbers and the difference is named.
    await t.sql.query(`INSERT INTO inquiries (received_at, channel, language) VALUES ('2026-07-20T08:00:00Z', 'phone', 'de')`)
    const later = (await t.api.get(`/api/reports/council/snapshots/${created.body.id}`).set(bearer(s.coordinator)).expect(200)).body
    expect(later.intact).toBe(true)
    expect(values(table(later.report, 'inquiries_channel')).phone).toEqual([4])
    expect(later.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tableId: 'inquiries_channel', row: { de: 'Telefon', en: 'Phone' }, stored: 4, current: 5 }),
        expect.objectContaining({ tableId: 'inquiries_channel', row: { de: 'Gesamt', en: 'Total' }, stored: 8, current: 9 }),
      ]),
    )
    await t.sql.query(`DELETE FROM inquiries WHERE received_at = '2026-07-20T08:00:00Z'`)
  })

  it('cannot be changed or removed, not even through the app role', async () => {
    const created = await t.api.post('/api/reports/council/snapshots').set(bearer(s.coordinator)).send({ from: '2026-07-01', to: '2026-09-30' }).expect(201)
    const sqlstate = async (text: string, params: unknown[] = []) => t.sql.query(text, params).then(() => 'ok', (e: { code: string }) => e.code)
    expect(await sqlstate(`UPDATE council_report_snapshots SET hash = repeat('0', 64) WHERE id = $1`, [created.body.id])).toBe('42501')
    expect(await sqlstate('DELETE FROM council_report_snapshots WHERE id = $1', [created.body.id])).toBe('42501')
    expect(await sqlstate('TRUNCATE council_report_snapshots')).toBe('42501')
    const again = await t.api.get(`/api/reports/council/snapshots/${created.body.id}`).set(bearer(s.coordinator)).expect(200)
    expect(again.body.hash).toBe(created.body.hash)
    expect(again.body.intact).toBe(true)
  })

  it('answers 404 for an unknown snapshot and 400 for a bad period', async () => {
    await t.api.get('/api/reports/council/snapshots/00000000-0000-4000-8000-000000000000').set(bearer(s.coordinator)).expect(404)
    const bad = await t.api.post('/api/reports/council/snapshots').set(bearer(s.coordinator)).send({ from: '2026-09-30', to: '2026-07-01' }).expect(400)
    expect(bad.body.code).toBe('REPORT_PERIOD_REVERSED')
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM council_report_snapshots')
    expect(rows[0].n).toBe(2)
  })
})

describe('exports', () => {
  /** The suppressed report, as every export must show it. */
  const suppressedJson = async (): Promise<CouncilReport> => {
    const full: CouncilReport = (await t.api.get(`/api/reports/council?${Q3}`).set(bearer(s.coordinator)).expect(200)).body
    return suppressedView(full)
  }
  /** supertest's parser for a body to keep as bytes. */
  const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: unknown) => void) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => cb(null, Buffer.concat(chunks)))
  }

  it('CSV: German Excel (BOM, semicolons, decimal comma), named after the period, equal to the suppressed JSON', async () => {
    const res = await t.api.get(`/api/reports/council?${Q3}&format=csv`).set(bearer(s.coordinator)).buffer(true).parse(binary as never).expect(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe('attachment; filename="Bericht-Stadtrat-2026-Q3.csv"')
    const text = (res.body as Buffer).toString('utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).split('\r\n')
    const report = await suppressedJson()
    for (const tbl of report.sections.flatMap((x) => x.tables)) {
      const at = lines.indexOf(tbl.title.de)
      expect(at, tbl.title.de).toBeGreaterThan(0)
      expect(lines[at + 1]!.split(';')[0]).toBe(tbl.rowHeader.de)
      tbl.rows.forEach((row, i) => {
        const cells = lines[at + 2 + i]!.split(';')
        expect(cells[0]).toBe(row.label.de)
        row.cells.forEach((c, j) => {
          const unit = tbl.columns[j]!.unit
          const shown = cells[j + 1]!
          if (c.value === null) expect(shown, `${tbl.id} ${row.key}`).toBe(c.flag === 'primary' ? '< 3' : c.flag === 'secondary' ? '•' : '')
          else expect(fromCsv(shown, unit), `${tbl.id} ${row.key} ${j}`).toBe(c.value)
        })
      })
    }
    // The walk-in inquiry (1) is "< 3" and its number appears nowhere in its line.
    expect(lines).toContain('Persönlich vorbeigekommen;< 3')
    expect(lines).toContain('Telefon;•')
    expect(lines).toContain('Gesamt;8')
    expect(lines).toContain('RV-2026-07;10,0;3,0;1,0')
  })

  it('XLSX: one sheet per section, numbers as numbers, equal to the suppressed JSON', async () => {
    const res = await t.api.get(`/api/reports/council?${Q3}&format=xlsx`).set(bearer(s.coordinator)).buffer(true).parse(binary as never).expect(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers['content-disposition']).toBe('attachment; filename="Bericht-Stadtrat-2026-Q3.xlsx"')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.body as never)
    const report = await suppressedJson()
    expect(book.worksheets.map((w) => w.name)).toEqual(report.sections.map((x) => x.title.de.slice(0, 31)))
    report.sections.forEach((section, si) => {
      const sheet = book.worksheets[si]!
      const rows: unknown[][] = []
      sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)))
      for (const tbl of section.tables) {
        const at = rows.findIndex((r) => r[0] === tbl.title.de)
        expect(at, tbl.title.de).toBeGreaterThan(0)
        tbl.rows.forEach((row, i) => {
          const cells = rows[at + 2 + i]!
          expect(cells[0]).toBe(row.label.de)
          row.cells.forEach((c, j) => {
            const unit = tbl.columns[j]!.unit
            const shown = cells[j + 1]
            if (c.value === null) expect(shown ?? null, `${tbl.id} ${row.key}`).toBe(c.flag === 'primary' ? '< 3' : c.flag === 'secondary' ? '•' : null)
            else {
              expect(typeof shown, `${tbl.id} ${row.key} ${j}`).toBe('number')
              expect(shown).toBe(xlsxNumber(c.value, unit))
            }
          })
        })
      }
    })
  })

  it('PDF: a German A4 document named after the period', async () => {
    const res = await t.api.get(`/api/reports/council?${Q3}&format=pdf`).set(bearer(s.coordinator)).buffer(true).parse(binary as never).expect(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toBe('attachment; filename="Bericht-Stadtrat-2026-Q3.pdf"')
    const pdf = res.body as Buffer
    // To look at it: REPORT_PDF_OUT=/tmp/report.pdf npx vitest run test/reports.test.ts -t PDF
    if (process.env.REPORT_PDF_OUT) writeFileSync(process.env.REPORT_PDF_OUT, pdf)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(5000)
  })
})

/** A CSV figure back to the JSON's unit: hours → minutes, euros → cents. */
function fromCsv(text: string, unit: string): number {
  const n = Number(text.replace(',', '.'))
  return unit === 'minutes' ? Math.round(n * 60) : unit === 'cents' ? Math.round(n * 100) : n
}
