import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'
import { todayInBerlin } from '../src/lib/dates.ts'
import { addDays } from '@wohnlotse/shared'

let t: TestApp
let coordinator: TestUser
let frontdesk: TestUser
let advisor: TestUser
let admin: TestUser
let awig: string
let wohnsinn: string
beforeAll(async () => {
  t = await buildTestApp()
  coordinator = await createUser(t, 'coordinator', { name: 'Katrin Koordination' })
  frontdesk = await createUser(t, 'frontdesk', { name: 'Tom Empfang' })
  advisor = await createUser(t, 'advisor')
  admin = await createUser(t, 'admin')
  const offers = (await t.sql.query<{ id: string; name: string }>('SELECT id, name FROM offers')).rows
  awig = offers.find((o) => o.name === 'AWIG')!.id
  wohnsinn = offers.find((o) => o.name === 'Wohnsinn')!.id
})
afterAll(async () => t.close())

const today = () => todayInBerlin()
const missing = '00000000-0000-4000-8000-000000000000'

async function newInquiry(body: Record<string, unknown> = {}) {
  const res = await t.api.post('/api/inquiries').set(bearer(frontdesk)).send({ channel: 'phone', topics: ['living_in_old_age'], ...body }).expect(201)
  return res.body as { id: string; status: string }
}
async function newGroup(body: Record<string, unknown> = {}) {
  const res = await t.api.post('/api/groups').set(bearer(coordinator)).send({ name: `Gruppe ${Date.now()}`, ...body }).expect(201)
  return res.body as { id: string; name: string }
}
let n = 0
async function newOffer(body: Record<string, unknown> = {}) {
  const res = await t.api.post('/api/offers').set(bearer(coordinator)).send({ name: `Angebot ${Date.now()} ${++n}`, ...body }).expect(201)
  return res.body as { id: string; name: string }
}
const refer = (body: Record<string, unknown>, as: TestUser = frontdesk) => t.api.post('/api/referrals').set(bearer(as)).send({ consentToShare: true, ...body })
const outcome = (id: string, body: object, as: TestUser = frontdesk) => t.api.post(`/api/referrals/${id}/outcome`).set(bearer(as)).send(body)
const listIds = async (query: string) => (await t.api.get(`/api/referrals?${query}`).set(bearer(frontdesk)).expect(200)).body.items.map((r: { id: string }) => r.id)
const inquiryStatus = async (id: string) => (await t.api.get(`/api/inquiries/${id}`).set(bearer(frontdesk)).expect(200)).body.status

describe('POST /api/referrals', () => {
  it('refers an inquiry, follows up 14 days later by default, and marks an open inquiry referred', async () => {
    const inquiry = await newInquiry({ name: 'Ingrid', contact: 'ingrid@example.org' })
    const res = await refer({ inquiryId: inquiry.id, offerId: awig, reason: ' Wohnen im Alter ' }).expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      inquiryId: inquiry.id,
      groupId: null,
      offerId: awig,
      offerName: 'AWIG',
      inquirerName: 'Ingrid',
      inquirerContact: 'ingrid@example.org',
      groupName: null,
      reason: 'Wohnen im Alter',
      consentToShare: true,
      followUpOn: addDays(today(), 14),
      outcome: 'pending',
      outcomeNote: null,
      outcomeAt: null,
      outcomeBy: null,
      createdBy: { id: frontdesk.id, name: 'Tom Empfang' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(await inquiryStatus(inquiry.id)).toBe('referred')
    const referralAudit = await auditRows(t, res.body.id)
    expect(referralAudit.map((r) => [r.action, r.actor_id])).toEqual([['referral.create', frontdesk.id]])
    const inquiryAudit = await auditRows(t, inquiry.id)
    expect(inquiryAudit.map((r) => r.action)).toEqual(['inquiry.create', 'inquiry.refer'])
    expect(inquiryAudit[1]!.before).toEqual({ status: 'open' })
    expect(inquiryAudit[1]!.after).toEqual({ status: 'referred', referralId: res.body.id })
  })

  it('takes a chosen follow-up day, today included, and refers a referred inquiry again without another status change', async () => {
    const inquiry = await newInquiry()
    await refer({ inquiryId: inquiry.id, offerId: awig, consentToShare: false, followUpOn: today() }).expect(201)
    const second = await refer({ inquiryId: inquiry.id, offerId: wohnsinn, followUpOn: addDays(today(), 3) }).expect(201)
    expect(second.body).toMatchObject({ followUpOn: addDays(today(), 3), offerName: 'Wohnsinn' })
    expect(await inquiryStatus(inquiry.id)).toBe('referred')
    expect((await auditRows(t, inquiry.id)).map((r) => r.action)).toEqual(['inquiry.create', 'inquiry.refer'])
  })

  it('refers a group, which leaves the group as it is', async () => {
    const group = await newGroup({ name: 'Hausgemeinschaft Verweis' })
    const res = await refer({ groupId: group.id, offerId: wohnsinn }, coordinator).expect(201)
    expect(res.body).toMatchObject({ inquiryId: null, groupId: group.id, groupName: 'Hausgemeinschaft Verweis', inquirerName: null, inquirerContact: null, outcome: 'pending' })
    const after = await t.api.get(`/api/groups/${group.id}`).set(bearer(coordinator)).expect(200)
    expect(after.body).toMatchObject({ stage: 'orientation', status: 'active' })
  })

  it('refuses a second pending referral of the same person to the same offer (409 REFERRAL_PENDING), but not after the follow-up', async () => {
    const inquiry = await newInquiry()
    const first = await refer({ inquiryId: inquiry.id, offerId: awig }).expect(201)
    const res = await refer({ inquiryId: inquiry.id, offerId: awig }).expect(409)
    expect(res.body).toEqual({ statusCode: 409, code: 'REFERRAL_PENDING', message: 'A referral to this offer is still waiting for its follow-up' })
    await outcome(first.body.id, { outcome: 'not_helped' }).expect(200)
    await refer({ inquiryId: inquiry.id, offerId: awig }).expect(201)
  })

  it('needs exactly one of inquiryId and groupId (400)', async () => {
    const inquiry = await newInquiry()
    const group = await newGroup()
    const both = await refer({ inquiryId: inquiry.id, groupId: group.id, offerId: awig }).expect(400)
    expect(both.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The body is not valid',
      details: [{ path: '/groupId', message: 'give exactly one of inquiryId and groupId' }],
    })
    const neither = await refer({ offerId: awig }).expect(400)
    expect(neither.body.details).toEqual([{ path: '/inquiryId', message: 'give exactly one of inquiryId and groupId' }])
    expect(await inquiryStatus(inquiry.id)).toBe('open')
  })

  it.each([
    ['an offer id that is no uuid', { offerId: 'awig' }, '/offerId'],
    ['a missing offer', { offerId: undefined }, '/offerId'],
    ['a missing consent answer', { consentToShare: undefined }, '/consentToShare'],
    ['consent as text', { consentToShare: 'ja' }, '/consentToShare'],
    ['a follow-up in the past', { followUpOn: '2020-01-01' }, '/followUpOn'],
    ['an impossible follow-up day', { followUpOn: '2026-02-30' }, '/followUpOn'],
    ['an outcome', { outcome: 'helped' }, '/outcome'],
  ])('refuses %s with 400 and changes nothing', async (_label, change, path) => {
    const inquiry = await newInquiry()
    const res = await refer({ inquiryId: inquiry.id, offerId: awig, ...change }).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details[0].path).toBe(path)
    expect(await inquiryStatus(inquiry.id)).toBe('open')
    expect((await t.sql.query('SELECT count(*)::int AS n FROM referrals WHERE inquiry_id = $1', [inquiry.id])).rows[0].n).toBe(0)
  })

  it('refuses what it cannot refer to or from with 422 and a specific code', async () => {
    const inquiry = await newInquiry()
    const unknownOffer = await refer({ inquiryId: inquiry.id, offerId: missing }).expect(422)
    expect(unknownOffer.body).toEqual({ statusCode: 422, code: 'UNKNOWN_OFFER', message: 'There is no offer with this id' })
    const off = await newOffer({ active: false })
    expect((await refer({ inquiryId: inquiry.id, offerId: off.id }).expect(422)).body.code).toBe('OFFER_INACTIVE')
    expect((await refer({ inquiryId: missing, offerId: awig }).expect(422)).body.code).toBe('UNKNOWN_INQUIRY')
    expect((await refer({ groupId: missing, offerId: awig }).expect(422)).body.code).toBe('UNKNOWN_GROUP')
    const closedGroup = await newGroup()
    await t.api.post(`/api/groups/${closedGroup.id}/status`).set(bearer(coordinator)).send({ to: 'closed', reason: 'aufgelöst', closeReason: 'dissolved' }).expect(200)
    expect((await refer({ groupId: closedGroup.id, offerId: awig }).expect(422)).body.code).toBe('GROUP_CLOSED')
    expect(await inquiryStatus(inquiry.id)).toBe('open')
  })
})

describe('POST /api/referrals/:id/outcome', () => {
  it('records the outcome with who and when, lets a later follow-up record a newer one, and keeps each in the audit trail', async () => {
    const inquiry = await newInquiry()
    const referral = (await refer({ inquiryId: inquiry.id, offerId: awig }).expect(201)).body
    const first = await outcome(referral.id, { outcome: 'contacted', note: ' Termin vereinbart ' }).expect(200)
    expect(first.body).toMatchObject({
      outcome: 'contacted',
      outcomeNote: 'Termin vereinbart',
      outcomeAt: expect.any(String),
      outcomeBy: { id: frontdesk.id, name: 'Tom Empfang' },
    })
    const second = await outcome(referral.id, { outcome: 'helped' }, coordinator).expect(200)
    expect(second.body).toMatchObject({ outcome: 'helped', outcomeNote: null, outcomeBy: { id: coordinator.id, name: 'Katrin Koordination' } })
    const rows = await auditRows(t, referral.id)
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['referral.create', frontdesk.id],
      ['referral.outcome', frontdesk.id],
      ['referral.outcome', coordinator.id],
    ])
    // The note is free text: named in the audit, never stored there (docs/privacy.md).
    expect(rows[1]!.before).toEqual({ outcome: 'pending' })
    expect(rows[1]!.after).toEqual({ outcome: 'contacted', changedPersonalFields: ['note'] })
    expect(rows[2]!.after).toEqual({ outcome: 'helped', changedPersonalFields: ['note'] })
  })

  it.each([
    ['back to pending', { outcome: 'pending' }],
    ['an unknown outcome', { outcome: 'maybe' }],
    ['no outcome', { note: 'nur Notiz' }],
    ['an unknown field', { outcome: 'helped', followUpOn: '2030-01-01' }],
  ])('refuses %s with 400', async (_label, body) => {
    const inquiry = await newInquiry()
    const referral = (await refer({ inquiryId: inquiry.id, offerId: awig }).expect(201)).body
    expect((await outcome(referral.id, body).expect(400)).body.code).toBe('VALIDATION_FAILED')
    expect((await t.api.get(`/api/referrals/${referral.id}`).set(bearer(frontdesk)).expect(200)).body.outcome).toBe('pending')
  })

  it('answers unknown referrals with 404', async () => {
    expect((await outcome(missing, { outcome: 'helped' }).expect(404)).body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Referral not found' })
    await t.api.get(`/api/referrals/${missing}`).set(bearer(frontdesk)).expect(404)
    await t.api.patch(`/api/referrals/${missing}`).set(bearer(frontdesk)).send({ followUpOn: today() }).expect(404)
  })
})

describe('PATCH /api/referrals/:id', () => {
  it('postpones the follow-up and corrects reason and consent', async () => {
    const inquiry = await newInquiry()
    const referral = (await refer({ inquiryId: inquiry.id, offerId: awig, reason: 'alt' }).expect(201)).body
    const res = await t.api
      .patch(`/api/referrals/${referral.id}`)
      .set(bearer(frontdesk))
      .send({ followUpOn: addDays(today(), 30), reason: null, consentToShare: false })
      .expect(200)
    expect(res.body).toMatchObject({ followUpOn: addDays(today(), 30), reason: null, consentToShare: false, outcome: 'pending' })
    const rows = await auditRows(t, referral.id)
    expect(rows.map((r) => r.action)).toEqual(['referral.create', 'referral.update'])
    expect(rows[1]!.before).toMatchObject({ consentToShare: true })
    expect(rows[1]!.after).toMatchObject({ changedPersonalFields: expect.arrayContaining(['reason']) })
    await t.api.patch(`/api/referrals/${referral.id}`).set(bearer(frontdesk)).send({ followUpOn: addDays(today(), -1) }).expect(400)
    await t.api.patch(`/api/referrals/${referral.id}`).set(bearer(frontdesk)).send({ outcome: 'helped' }).expect(400)
    await t.api.patch(`/api/referrals/${referral.id}`).set(bearer(frontdesk)).send({}).expect(400)
  })
})

describe('GET /api/referrals', () => {
  it('lists the due follow-ups — pending and the day has come — most overdue first', async () => {
    const offer = await newOffer()
    const make = async (followUpOn: string) => (await refer({ inquiryId: (await newInquiry()).id, offerId: offer.id, followUpOn }).expect(201)).body.id as string
    const dueToday = await make(today())
    const tomorrow = await make(addDays(today(), 1))
    const overdue = await make(today())
    // The API refuses follow-ups in the past; referrals made weeks ago have them.
    await t.sql.query('UPDATE referrals SET follow_up_on = $2 WHERE id = $1', [overdue, addDays(today(), -3)])
    const settled = await make(today())
    await outcome(settled, { outcome: 'unreachable' }).expect(200)

    expect(await listIds(`due=true&offerId=${offer.id}`)).toEqual([overdue, dueToday])
    expect(await listIds(`due=false&offerId=${offer.id}`)).toEqual([settled, tomorrow])
    expect(await listIds(`offerId=${offer.id}`)).toEqual([settled, overdue, tomorrow, dueToday])

    const page1 = await t.api.get(`/api/referrals?due=true&offerId=${offer.id}&limit=1`).set(bearer(frontdesk)).expect(200)
    expect(page1.body.items.map((r: { id: string }) => r.id)).toEqual([overdue])
    const page2 = await t.api.get(`/api/referrals?due=true&offerId=${offer.id}&limit=1&cursor=${page1.body.nextCursor}`).set(bearer(frontdesk)).expect(200)
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([dueToday])
    expect(page2.body.nextCursor).toBeNull()
  })

  it('filters by outcome, offer, inquiry and group, and pages newest first', async () => {
    const offer = await newOffer()
    const inquiry = await newInquiry()
    const group = await newGroup()
    const a = (await refer({ inquiryId: inquiry.id, offerId: offer.id }).expect(201)).body.id
    const b = (await refer({ groupId: group.id, offerId: offer.id }).expect(201)).body.id
    const c = (await refer({ groupId: group.id, offerId: awig }).expect(201)).body.id
    await outcome(b, { outcome: 'helped' }).expect(200)
    expect(await listIds(`offerId=${offer.id}`)).toEqual([b, a])
    expect(await listIds(`offerId=${offer.id}&outcome=helped`)).toEqual([b])
    expect(await listIds(`offerId=${offer.id}&outcome=pending`)).toEqual([a])
    expect(await listIds(`inquiryId=${inquiry.id}`)).toEqual([a])
    expect(await listIds(`groupId=${group.id}`)).toEqual([c, b])
    const page1 = await t.api.get(`/api/referrals?groupId=${group.id}&limit=1`).set(bearer(coordinator)).expect(200)
    const page2 = await t.api.get(`/api/referrals?groupId=${group.id}&limit=1&cursor=${page1.body.nextCursor}`).set(bearer(coordinator)).expect(200)
    expect([...page1.body.items, ...page2.body.items].map((r: { id: string }) => r.id)).toEqual([c, b])
    expect(page2.body.nextCursor).toBeNull()
  })

  it('lists the follow-ups of a date range, both days included, soonest first, and pages through them exactly', async () => {
    const offer = await newOffer()
    const make = async (days: number) => (await refer({ inquiryId: (await newInquiry()).id, offerId: offer.id, followUpOn: addDays(today(), days) }).expect(201)).body.id as string
    const in2 = await make(2)
    const in1a = await make(1)
    const in14 = await make(14)
    const in1b = await make(1)
    const in15 = await make(15)
    const todayToo = await make(0)
    const settled = await make(3)
    await outcome(settled, { outcome: 'helped' }).expect(200)
    const from = addDays(today(), 1)
    const to = addDays(today(), 14)
    const range = `offerId=${offer.id}&followUpFrom=${from}&followUpTo=${to}`

    // The "anstehend" view: pending, tomorrow up to 14 days ahead; same day by creation.
    expect(await listIds(`${range}&outcome=pending`)).toEqual([in1a, in1b, in2, in14])
    // Without an outcome filter the recorded one counts too.
    expect(await listIds(range)).toEqual([in1a, in1b, in2, settled, in14])
    // One end alone.
    expect(await listIds(`offerId=${offer.id}&followUpFrom=${addDays(today(), 14)}`)).toEqual([in14, in15])
    expect(await listIds(`offerId=${offer.id}&followUpTo=${today()}`)).toEqual([todayToo])
    // A single day.
    expect(await listIds(`offerId=${offer.id}&followUpFrom=${from}&followUpTo=${from}`)).toEqual([in1a, in1b])

    // Page by page, one at a time, nothing lost or repeated.
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.api
        .get(`/api/referrals?${range}&outcome=pending&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(coordinator))
        .expect(200)
      seen.push(...page.body.items.map((r) => r.id))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(seen).toEqual([in1a, in1b, in2, in14])
  })

  it('refuses a follow-up range that ends before it starts with 400 at followUpTo', async () => {
    const res = await t.api.get(`/api/referrals?followUpFrom=${addDays(today(), 3)}&followUpTo=${addDays(today(), 2)}`).set(bearer(frontdesk)).expect(400)
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The querystring is not valid',
      details: [{ path: '/followUpTo', message: 'must not be before followUpFrom' }],
    })
  })

  it.each([
    ['an unknown outcome', 'outcome=maybe'],
    ['due that is no boolean', 'due=soon'],
    ['an offer id that is no uuid', 'offerId=awig'],
    ['an unknown filter', 'status=open'],
    ['a follow-up start that is no date', 'followUpFrom=morgen'],
    ['a follow-up end in German notation', 'followUpTo=24.12.2026'],
    ['a follow-up day that does not exist', 'followUpFrom=2026-02-30'],
  ])('refuses %s with 400', async (_label, query) => {
    expect((await t.api.get(`/api/referrals?${query}`).set(bearer(frontdesk)).expect(400)).body.code).toBe('VALIDATION_FAILED')
  })

  it('refuses a broken cursor with 400 INVALID_CURSOR', async () => {
    expect((await t.api.get('/api/referrals?cursor=xyz').set(bearer(frontdesk)).expect(400)).body.code).toBe('INVALID_CURSOR')
  })

  it('refuses a cursor of the other order with 400', async () => {
    const offer = await newOffer()
    for (let i = 0; i < 2; i++) await refer({ inquiryId: (await newInquiry()).id, offerId: offer.id, followUpOn: today() }).expect(201)
    const plain = await t.api.get(`/api/referrals?offerId=${offer.id}&limit=1`).set(bearer(frontdesk)).expect(200)
    await t.api.get(`/api/referrals?offerId=${offer.id}&due=true&cursor=${plain.body.nextCursor}`).set(bearer(frontdesk)).expect(400)
  })
})

describe('who may work with referrals', () => {
  it('lets the front desk and coordinators in, and keeps admins and advisors out of every route', async () => {
    const referral = async () => (await refer({ inquiryId: (await newInquiry()).id, offerId: awig }).expect(201)).body.id as string
    const inquiry = async () => (await newInquiry()).id
    const routes: { label: string; prepare: () => Promise<string>; call: (id: string) => ReturnType<typeof t.api.get>; ok: number }[] = [
      { label: 'GET /api/referrals', prepare: referral, call: () => t.api.get('/api/referrals?due=true'), ok: 200 },
      { label: 'POST /api/referrals', prepare: inquiry, call: (id) => t.api.post('/api/referrals').send({ inquiryId: id, offerId: wohnsinn, consentToShare: false }), ok: 201 },
      { label: 'GET /api/referrals/:id', prepare: referral, call: (id) => t.api.get(`/api/referrals/${id}`), ok: 200 },
      { label: 'PATCH /api/referrals/:id', prepare: referral, call: (id) => t.api.patch(`/api/referrals/${id}`).send({ followUpOn: today() }), ok: 200 },
      { label: 'POST /api/referrals/:id/outcome', prepare: referral, call: (id) => t.api.post(`/api/referrals/${id}/outcome`).send({ outcome: 'helped' }), ok: 200 },
    ]
    for (const route of routes) {
      for (const user of [frontdesk, coordinator, admin, advisor]) {
        const res = await route.call(await route.prepare()).set(bearer(user))
        if (user.role === 'frontdesk' || user.role === 'coordinator') expect([route.label, user.role, res.status]).toEqual([route.label, user.role, route.ok])
        else expect([route.label, user.role, res.status, res.body.code]).toEqual([route.label, user.role, 403, 'FORBIDDEN'])
      }
      expect((await route.call(await route.prepare())).status).toBe(401)
    }
  })
})
