import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'
import { contractFor, setBudget, thisYear, today } from './fachberatung-fixtures.ts'
import { dumpEveryRowOfEveryTable, tablesIn } from './privacy-dump.ts'

/**
 * The proof of issue 10: one person's distinctive values are seeded everywhere they can appear, the person is
 * erased, and a dump of every row of every table holds none of them — while every statistic stays the same and
 * a second person seeded alongside is untouched.
 */

let t: TestApp
let coordinator: TestUser
let frontdesk: TestUser
let advisor: TestUser
let awig: string
beforeAll(async () => {
  t = await buildTestApp()
  coordinator = await createUser(t, 'coordinator', { name: 'Katrin Koordination' })
  frontdesk = await createUser(t, 'frontdesk', { name: 'Tom Empfang' })
  advisor = await createUser(t, 'advisor', { name: 'Anna Finanzberatung' })
  awig = (await t.sql.query("SELECT id FROM offers WHERE name = 'AWIG'")).rows[0].id
  await setBudget(t, coordinator, 100_000_00)
})
afterAll(async () => t.close())

interface Person {
  name: string
  email: string
  phone: string
  note: string
}

const WIEBKE: Person = { name: 'Wiebke Quastenflosser', email: 'wiebke.quastenflosser@example.org', phone: '0351 7788990', note: 'Rollstuhlnutzerin, Rente 812 €' }
const BARTHO: Person = { name: 'Bartholomäus Zwiebelturm', email: 'bartho.zwiebelturm@example.org', phone: '0351 4433221', note: 'Alleinerziehend, drei Kinder' }
const valuesOf = (p: Person) => [p.name, p.email, p.phone, p.note]

const post = (url: string, body: object, as: TestUser = coordinator) => t.api.post(url).set(bearer(as)).send(body)

/** First day of the previous month: hours there can be billed on a finalised statement. */
function lastMonth() {
  const [y, m] = today().split('-').map(Number) as [number, number]
  const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
  return { month, day: `${month}-01` }
}

/** Seeds the person in every place they can appear; returns the refs the person search finds for them. */
async function seedEverywhere(p: Person) {
  // An inquiry with name, contact and notes; a referral whose reason names them; consent; then a group from it.
  const inquiry = (await post('/api/inquiries', { channel: 'phone', topics: ['orientation'], name: p.name, contact: p.email, notes: `${p.note}; ruft ${p.name} zurück` }, frontdesk).expect(201)).body
  await post('/api/referrals', { inquiryId: inquiry.id, offerId: awig, consentToShare: true, reason: `${p.name} möchte Beratung zum Wohnen im Alter` }, frontdesk).expect(201)
  await post(`/api/privacy/people/inquiry:${inquiry.id}/consents`, { purpose: 'share_with_offer' }, frontdesk).expect(201)
  const group = (await post(`/api/inquiries/${inquiry.id}/convert`, { name: `Hausprojekt ${p.name.split(' ')[1]}`, description: `Ansprechbar unter ${p.phone}` }, frontdesk).expect(201)).body
  const contacts = (await t.api.get(`/api/groups/${group.id}/contacts`).set(bearer(coordinator)).expect(200)).body.items
  const contactId = contacts[0].id as string
  await t.api.patch(`/api/groups/${group.id}/contacts/${contactId}`).set(bearer(coordinator)).send({ phone: p.phone, role: 'Sprecherin' }).expect(200)
  await post(`/api/privacy/people/contact:${contactId}/consents`, { purpose: 'contact' }).expect(201)
  await t.api.put(`/api/privacy/people/contact:${contactId}/restriction`).set(bearer(coordinator)).send({ restricted: true, reason: `Widerspruch von ${p.name}` }).expect(200)
  // Free text about the group that names them: consultation notes, a stage change, a group referral, a grant, hours.
  await post(`/api/groups/${group.id}/consultations`, { date: today(), minutes: 60, channel: 'in_person', topics: ['orientation'], notes: `Gespräch mit ${p.name}: ${p.note}` }).expect(201)
  await post(`/api/groups/${group.id}/stage`, { to: 'expert', reason: `${p.name} hat das Konzept vorgelegt` }).expect(200)
  await post('/api/referrals', { groupId: group.id, offerId: awig, consentToShare: false, reason: `Rückruf an ${p.email}` }, frontdesk).expect(201)
  const contract = await contractFor(t, coordinator, advisor)
  const grant = (await post(`/api/groups/${group.id}/grants`, { contractId: contract.id, purpose: `Finanzierung mit ${p.name}` }).expect(201)).body
  const { month, day } = lastMonth()
  const billed = (await post(`/api/grants/${grant.id}/time-entries`, { date: day, minutes: 60, activity: 'consultation', description: `Termin mit ${p.name}` }, advisor).expect(201)).body
  await post(`/api/time-entries/${billed.id}/approve`, {}).expect(200)
  await post(`/api/contracts/${contract.id}/statements/${month}/finalize`, {}).expect(200)
  const open = (await post(`/api/grants/${grant.id}/time-entries`, { date: today(), minutes: 30, activity: 'consultation', description: `Telefonat ${p.phone}` }, advisor).expect(201)).body
  await post(`/api/time-entries/${open.id}/reject`, { reason: `${p.name} war nicht da` }).expect(200)
  await post(`/api/grants/${grant.id}/close`, {}).expect(200)
  return { inquiryId: inquiry.id as string, contactId, groupId: group.id as string }
}

/** The figures every report is made of: counts per period, stage, channel, topic, offer, outcome; hours and money. */
async function statistics() {
  const queries = {
    inquiries: `SELECT to_char(received_at, 'YYYY-MM') AS month, channel, status, topics, target_groups, language, count(*) FROM inquiries GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    referrals: `SELECT offer_id, outcome, consent_to_share, (inquiry_id IS NULL) AS for_group, count(*) FROM referrals GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    groups: `SELECT stage, status, district, target_groups, legal_form, planned_homes, count(*) FROM groups GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    stageChanges: `SELECT group_id, from_stage, to_stage, at FROM group_stage_changes ORDER BY group_id, at`,
    consultations: `SELECT to_char(date, 'YYYY-MM') AS month, stage, channel, topics, sum(minutes)::int AS minutes, count(*) FROM consultations GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    grants: `SELECT group_id, advisor_id, year, status, granted_minutes, approved_minutes, submitted_minutes, committed_cents, spent_cents FROM grants ORDER BY id`,
    timeEntries: `SELECT grant_id, date, minutes, status, statement_id FROM time_entries ORDER BY id`,
    statements: `SELECT contract_id, month, total_minutes, net_cents, vat_cents, gross_cents FROM statements ORDER BY id`,
    budgets: `SELECT year, amount_cents, committed_cents, spent_cents FROM advisor_budgets ORDER BY year`,
  }
  const result: Record<string, unknown[]> = {}
  for (const [name, query] of Object.entries(queries)) result[name] = (await t.sql.query(query)).rows
  return result
}

const exportOf = async (ref: string) => JSON.stringify((await t.api.get(`/api/privacy/people/${ref}/export`).set(bearer(coordinator)).expect(200)).body)
const refsFor = async (q: string) => (await t.api.get('/api/privacy/people').query({ q }).set(bearer(coordinator)).expect(200)).body.items.map((p: { ref: string }) => p.ref).sort()
const hits = (dump: string, values: string[]) => values.filter((v) => dump.toLowerCase().includes(v.toLowerCase()))

describe('erasure proof', () => {
  it('finds every seeded value in the export, erases them from every table, and leaves the statistics and the other person alone', async () => {
    const wiebke = await seedEverywhere(WIEBKE)
    const bartho = await seedEverywhere(BARTHO)
    const wiebkeRefs = [`contact:${wiebke.contactId}`, `inquiry:${wiebke.inquiryId}`].sort()
    expect(await refsFor('Quastenflosser')).toEqual(wiebkeRefs)
    expect(await refsFor('(0351) 778-8990')).toEqual([`contact:${wiebke.contactId}`])

    // Information: the exports of her refs hold all her values and none of his.
    const exported = (await exportOf(wiebkeRefs[0]!)) + (await exportOf(wiebkeRefs[1]!))
    expect(hits(exported, valuesOf(WIEBKE))).toEqual(valuesOf(WIEBKE))
    expect(hits(exported, valuesOf(BARTHO))).toEqual([])
    const hisExport = (await exportOf(`contact:${bartho.contactId}`)) + (await exportOf(`inquiry:${bartho.inquiryId}`))
    expect(hits(hisExport, valuesOf(WIEBKE))).toEqual([])

    const before = await statistics()
    expect(hits(await dumpEveryRowOfEveryTable(t.sql), valuesOf(WIEBKE))).toEqual(valuesOf(WIEBKE))
    for (const ref of wiebkeRefs) await post(`/api/privacy/people/${ref}/erase`, { reason: 'Antrag nach Art. 17 DSGVO vom 01.12.' }).expect(200)

    const dump = await dumpEveryRowOfEveryTable(t.sql)
    expect(tablesIn(dump)).toEqual(expect.arrayContaining(['"public"."audit_log"', '"public"."privacy_consents"', '"drizzle"."__drizzle_migrations"']))
    expect(hits(dump, valuesOf(WIEBKE))).toEqual([])
    expect(hits(dump, valuesOf(BARTHO))).toEqual(valuesOf(BARTHO))
    expect(await statistics()).toEqual(before)

    // What remains: the group without her, the inquiry anonymous, the audit chain intact.
    expect((await t.api.get(`/api/groups/${wiebke.groupId}`).set(bearer(coordinator)).expect(200)).body.stage).toBe('expert')
    expect((await t.api.get(`/api/groups/${wiebke.groupId}/contacts`).set(bearer(coordinator)).expect(200)).body.items).toEqual([])
    expect((await t.api.get('/api/audit/verify').set(bearer(coordinator)).expect(200)).body).toMatchObject({ intact: true, firstBrokenSeq: null })
    expect(await refsFor('Quastenflosser')).toEqual([])
  })

  it('erases an account: its name, address, sessions and sign-in traces are gone from every table', async () => {
    const name = 'Hildegard Schnabelkanne'
    const user = await createUser(t, 'frontdesk', { name, email: 'hildegard.schnabelkanne@example.org' })
    await t.sql.query("INSERT INTO login_attempts (kind, address, account, succeeded) VALUES ('login', '198.51.100.77', $1, true)", [user.email])
    await post('/api/inquiries', { channel: 'phone', topics: ['orientation'] }, user).expect(201)
    await post(`/api/privacy/people/user:${user.id}/erase`, { reason: 'Ausgeschieden' }).expect(200)
    expect(hits(await dumpEveryRowOfEveryTable(t.sql), [name, user.email, '198.51.100.77'])).toEqual([])
  })
})

describe('retention proof', () => {
  it('anonymises an expired closed inquiry so that none of its values is left in any table, once', async () => {
    const p: Person = { name: 'Ottokar Fensterbrettl', email: 'ottokar.fensterbrettl@example.org', phone: '0351 1122334', note: 'Sucht barrierefreie Wohnung' }
    const inquiry = (await post('/api/inquiries', { channel: 'email', topics: ['orientation'], name: p.name, contact: p.email, notes: p.note }, frontdesk).expect(201)).body
    await post('/api/referrals', { inquiryId: inquiry.id, offerId: awig, consentToShare: true, reason: `für ${p.name}` }, frontdesk).expect(201)
    await post(`/api/inquiries/${inquiry.id}/close`, { reason: `${p.name} ist versorgt` }, frontdesk).expect(200)
    const before = await statistics()
    const service = t.app.privacyService.retention
    const sevenMonthsOn = new Date(Date.now() + 7 * 31 * 86_400_000)

    const preview = await service.preview(sevenMonthsOn)
    expect(preview.counts.find((c) => c.dataClass === 'enquirer_contact')!.count).toBeGreaterThanOrEqual(1)
    expect(preview.sample.map((s) => s.ref)).toContain(`inquiry:${inquiry.id}`)
    expect((await service.preview(new Date())).sample.map((s) => s.ref)).not.toContain(`inquiry:${inquiry.id}`)

    const run = await service.run(sevenMonthsOn, 'manual', coordinator.id)
    expect(run!.counts.find((c) => c.dataClass === 'enquirer_contact')!.count).toBeGreaterThanOrEqual(1)
    const dump = await dumpEveryRowOfEveryTable(t.sql)
    expect(hits(dump, valuesOf(p).slice(0, 2).concat(p.note))).toEqual([])
    expect(await statistics()).toEqual(before)
    // Idempotent: nothing is due any more.
    const again = await service.run(sevenMonthsOn, 'manual', coordinator.id)
    expect(again!.counts.every((c) => c.count === 0)).toBe(true)
    expect(thisYear()).toBeGreaterThan(2000)
  })
})
