import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

let t: TestApp
let coordinator: TestUser
let frontdesk: TestUser
let advisor: TestUser
let admin: TestUser
let awig: string
beforeAll(async () => {
  t = await buildTestApp()
  coordinator = await createUser(t, 'coordinator', { name: 'Katrin Koordination' })
  frontdesk = await createUser(t, 'frontdesk', { name: 'Tom Empfang' })
  advisor = await createUser(t, 'advisor')
  admin = await createUser(t, 'admin')
  awig = (await t.sql.query("SELECT id FROM offers WHERE name = 'AWIG'")).rows[0].id
})
afterAll(async () => t.close())

interface InquiryBody {
  id: string
  status: string
  name: string | null
  receivedAt: string
  groupId: string | null
}

async function newInquiry(body: Record<string, unknown> = {}, as: TestUser = frontdesk) {
  const res = await t.api.post('/api/inquiries').set(bearer(as)).send({ channel: 'phone', topics: ['orientation'], ...body }).expect(201)
  return res.body as InquiryBody
}
const close = (id: string, body: object, as: TestUser = frontdesk) => t.api.post(`/api/inquiries/${id}/close`).set(bearer(as)).send(body)
const convert = (id: string, body: object, as: TestUser = frontdesk) => t.api.post(`/api/inquiries/${id}/convert`).set(bearer(as)).send(body)
const refer = (inquiryId: string) => t.api.post('/api/referrals').set(bearer(frontdesk)).send({ inquiryId, offerId: awig, consentToShare: true })
const statusOf = async (id: string) => (await t.api.get(`/api/inquiries/${id}`).set(bearer(frontdesk)).expect(200)).body.status

describe('POST /api/inquiries', () => {
  it('records an anonymous inquiry as open, received now, by the signed-in staff member', async () => {
    const before = Date.now()
    const res = await t.api.post('/api/inquiries').set(bearer(frontdesk)).send({ channel: 'phone', topics: ['orientation'] }).expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      receivedAt: expect.any(String),
      channel: 'phone',
      name: null,
      contact: null,
      topics: ['orientation'],
      targetGroups: [],
      language: null,
      notes: null,
      status: 'open',
      closeReason: null,
      closedAt: null,
      groupId: null,
      convertedAt: null,
      createdBy: { id: frontdesk.id, name: 'Tom Empfang' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(Date.parse(res.body.receivedAt)).toBeGreaterThanOrEqual(before - 1000)
    const rows = await auditRows(t, res.body.id)
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([['inquiry.create', frontdesk.id]])
    expect(rows[0]!.after).toMatchObject({ status: 'open', channel: 'phone' })
  })

  it('keeps everything the caller said, trimmed', async () => {
    const res = await t.api
      .post('/api/inquiries')
      .set(bearer(coordinator))
      .send({
        receivedAt: '2026-03-04T09:15:00.000Z',
        channel: 'walk_in',
        name: '  Erika  ',
        contact: 'erika@example.org',
        topics: ['living_in_old_age', 'community_life'],
        targetGroups: ['seniors'],
        language: 'de',
        notes: 'Sucht eine Hausgemeinschaft. ',
      })
      .expect(201)
    expect(res.body).toMatchObject({
      receivedAt: '2026-03-04T09:15:00.000Z',
      channel: 'walk_in',
      name: 'Erika',
      contact: 'erika@example.org',
      topics: ['living_in_old_age', 'community_life'],
      targetGroups: ['seniors'],
      language: 'de',
      notes: 'Sucht eine Hausgemeinschaft.',
      createdBy: { id: coordinator.id, name: 'Katrin Koordination' },
    })
  })

  it.each([
    ['an unknown channel', { channel: 'fax' }, '/channel'],
    ['a missing channel', { channel: undefined }, '/channel'],
    ['an unknown topic', { topics: ['astrology'] }, '/topics/0'],
    ['missing topics', { topics: undefined }, '/topics'],
    ['an unknown target group', { targetGroups: ['investors'] }, '/targetGroups/0'],
    ['an unknown language', { language: 'xx' }, '/language'],
    ['a blank name', { name: '  ' }, '/name'],
    ['a receipt time in the future', { receivedAt: '2999-01-01T10:00:00Z' }, '/receivedAt'],
    ['a receipt time that is no time', { receivedAt: 'gestern' }, '/receivedAt'],
    ['a status', { status: 'closed' }, '/status'],
  ])('refuses %s with 400 and stores nothing', async (_label, change, path) => {
    const before = await t.sql.query('SELECT count(*)::int AS n FROM inquiries')
    const res = await t.api.post('/api/inquiries').set(bearer(frontdesk)).send({ channel: 'email', topics: [], ...change }).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details[0].path).toBe(path)
    const after = await t.sql.query('SELECT count(*)::int AS n FROM inquiries')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  })
})

describe('GET /api/inquiries', () => {
  it('filters by status and searches name, contact and notes', async () => {
    const tag = `Such${Date.now()}`
    const a = await newInquiry({ name: `${tag} Anna`, notes: 'Fragt nach 50% Förderung' })
    const b = await newInquiry({ contact: `${tag.toLowerCase()}@example.org` })
    const c = await newInquiry({ notes: `Thema ${tag}` })
    await close(c.id, { reason: 'erledigt' }).expect(200)
    await refer(b.id).expect(201)
    const ids = async (query: string) => (await t.api.get(`/api/inquiries?${query}`).set(bearer(frontdesk)).expect(200)).body.items.map((i: { id: string }) => i.id)
    expect(await ids(`q=${tag}`)).toEqual([c.id, b.id, a.id])
    expect(await ids(`q=${tag}&status=closed`)).toEqual([c.id])
    expect(await ids(`q=${tag}&status=referred`)).toEqual([b.id])
    expect(await ids(`q=${tag}&status=open`)).toEqual([a.id])
    expect(await ids(`q=${encodeURIComponent('50%')}`)).toEqual([a.id])
  })

  it('filters by Berlin calendar days, both ends included', async () => {
    const tag = `Tag${Date.now()}`
    // 23:30 UTC on 9 March is 00:30 on 10 March in Berlin (CET).
    const late = await newInquiry({ notes: tag, receivedAt: '2026-03-09T23:30:00Z' })
    const early = await newInquiry({ notes: tag, receivedAt: '2026-03-09T22:30:00Z' })
    // 21:59 UTC on 31 July is 23:59 in Berlin (CEST).
    const summer = await newInquiry({ notes: tag, receivedAt: '2026-07-31T21:59:00Z' })
    const ids = async (query: string) => (await t.api.get(`/api/inquiries?q=${tag}&${query}`).set(bearer(frontdesk)).expect(200)).body.items.map((i: { id: string }) => i.id)
    expect(await ids('from=2026-03-10&to=2026-03-10')).toEqual([late.id])
    expect(await ids('to=2026-03-09')).toEqual([early.id])
    expect(await ids('from=2026-03-09&to=2026-03-10')).toEqual([late.id, early.id])
    expect(await ids('from=2026-07-31')).toEqual([summer.id])
    expect(await ids('to=2026-07-31')).toEqual([summer.id, late.id, early.id])
    const backwards = await t.api.get('/api/inquiries?from=2026-03-10&to=2026-03-01').set(bearer(frontdesk)).expect(400)
    expect(backwards.body.details[0].path).toBe('/to')
  })

  it('pages newest first with a cursor', async () => {
    const tag = `Seite${Date.now()}`
    const made = []
    for (let i = 0; i < 5; i++) made.push(await newInquiry({ notes: tag, receivedAt: `2026-02-0${i + 1}T10:00:00Z` }))
    const page1 = await t.api.get(`/api/inquiries?q=${tag}&limit=2`).set(bearer(frontdesk)).expect(200)
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([made[4]!.id, made[3]!.id])
    const page2 = await t.api.get(`/api/inquiries?q=${tag}&limit=2&cursor=${page1.body.nextCursor}`).set(bearer(frontdesk)).expect(200)
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([made[2]!.id, made[1]!.id])
    const page3 = await t.api.get(`/api/inquiries?q=${tag}&limit=2&cursor=${page2.body.nextCursor}`).set(bearer(frontdesk)).expect(200)
    expect(page3.body.items.map((i: { id: string }) => i.id)).toEqual([made[0]!.id])
    expect(page3.body.nextCursor).toBeNull()
  })

  it.each([
    ['an unknown status', 'status=done'],
    ['an unknown filter', 'channel=phone'],
    ['an impossible date', 'from=2026-02-30'],
    ['a limit over 200', 'limit=500'],
  ])('refuses %s with 400', async (_label, query) => {
    expect((await t.api.get(`/api/inquiries?${query}`).set(bearer(frontdesk)).expect(400)).body.code).toBe('VALIDATION_FAILED')
  })

  it('refuses a broken cursor with 400 INVALID_CURSOR', async () => {
    expect((await t.api.get('/api/inquiries?cursor=xyz').set(bearer(frontdesk)).expect(400)).body.code).toBe('INVALID_CURSOR')
  })
})

describe('GET and PATCH /api/inquiries/:id', () => {
  it('corrects what was recorded, clears with null, and keeps before and after', async () => {
    const inquiry = await newInquiry({ name: 'Max', contact: 'max@example.org', notes: 'alt' })
    const res = await t.api
      .patch(`/api/inquiries/${inquiry.id}`)
      .set(bearer(coordinator))
      .send({ name: null, contact: null, topics: ['financing'], language: 'en', channel: 'email' })
      .expect(200)
    expect(res.body).toMatchObject({ name: null, contact: null, topics: ['financing'], language: 'en', channel: 'email', notes: 'alt', status: 'open' })
    const rows = await auditRows(t, inquiry.id)
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['inquiry.create', frontdesk.id],
      ['inquiry.update', coordinator.id],
    ])
    // Personal fields are named, never stored, in the audit (docs/privacy.md).
    expect(rows[1]!.before).toMatchObject({ channel: 'phone' })
    expect(rows[1]!.before).not.toHaveProperty('name')
    expect(rows[1]!.after).toMatchObject({ channel: 'email', changedPersonalFields: expect.arrayContaining(['contact', 'name']) })
    expect(JSON.stringify(rows)).not.toContain('max@example.org')
  })

  it('refuses status changes, empty patches and future receipt times', async () => {
    const inquiry = await newInquiry()
    expect((await t.api.patch(`/api/inquiries/${inquiry.id}`).set(bearer(frontdesk)).send({ status: 'closed' }).expect(400)).body.details[0].path).toBe('/status')
    await t.api.patch(`/api/inquiries/${inquiry.id}`).set(bearer(frontdesk)).send({}).expect(400)
    await t.api.patch(`/api/inquiries/${inquiry.id}`).set(bearer(frontdesk)).send({ receivedAt: '2999-01-01T00:00:00Z' }).expect(400)
    expect(await statusOf(inquiry.id)).toBe('open')
  })

  it('answers unknown ids with 404 and malformed ones with 400', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    expect((await t.api.get(`/api/inquiries/${missing}`).set(bearer(frontdesk)).expect(404)).body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Inquiry not found' })
    await t.api.patch(`/api/inquiries/${missing}`).set(bearer(frontdesk)).send({ notes: 'x' }).expect(404)
    await close(missing, { reason: 'x' }).expect(404)
    await convert(missing, { name: 'x' }).expect(404)
    await t.api.get('/api/inquiries/123').set(bearer(frontdesk)).expect(400)
  })
})

describe('POST /api/inquiries/:id/close', () => {
  it('closes an open or referred inquiry with a reason, once', async () => {
    const open = await newInquiry()
    const res = await close(open.id, { reason: ' Am Telefon beantwortet ' }).expect(200)
    expect(res.body).toMatchObject({ status: 'closed', closeReason: 'Am Telefon beantwortet', closedAt: expect.any(String) })
    const again = await close(open.id, { reason: 'nochmal' }).expect(409)
    expect(again.body).toEqual({ statusCode: 409, code: 'INQUIRY_ALREADY_CLOSED', message: 'The inquiry is closed already' })

    const referred = await newInquiry()
    await refer(referred.id).expect(201)
    expect((await close(referred.id, { reason: 'Verweis genügt' }).expect(200)).body.status).toBe('closed')
    const rows = await auditRows(t, referred.id)
    expect(rows.map((r) => r.action)).toEqual(['inquiry.create', 'inquiry.refer', 'inquiry.close'])
    expect(rows[2]!.before).toEqual({ status: 'referred' })
    // The reason is free text (personal data, docs/privacy.md): the audit names it, never stores it.
    expect(rows[2]!.after).toEqual({ status: 'closed', changedPersonalFields: ['reason'] })
  })

  it('needs a reason', async () => {
    const inquiry = await newInquiry()
    expect((await close(inquiry.id, {}).expect(400)).body.details[0].path).toBe('/reason')
    expect((await close(inquiry.id, { reason: '   ' }).expect(422)).body.code).toBe('REASON_REQUIRED')
    expect(await statusOf(inquiry.id)).toBe('open')
  })

  it('refuses a closed inquiry for conversion and referral (422 INQUIRY_CLOSED)', async () => {
    const inquiry = await newInquiry()
    await close(inquiry.id, { reason: 'Kein Bedarf mehr' }).expect(200)
    expect((await convert(inquiry.id, { name: 'Zu spät' }).expect(422)).body.code).toBe('INQUIRY_CLOSED')
    expect((await refer(inquiry.id).expect(422)).body.code).toBe('INQUIRY_CLOSED')
    expect(await statusOf(inquiry.id)).toBe('closed')
  })
})

describe('POST /api/inquiries/:id/convert', () => {
  it('opens a group in Stufe I with its first stage entry, the inquirer as first contact, and marks the inquiry converted', async () => {
    const inquiry = await newInquiry({
      name: 'Henrike',
      contact: 'henrike@example.org',
      targetGroups: ['multi_generation', 'families'],
      language: 'de',
      topics: ['cooperative_founding'],
    })
    await refer(inquiry.id).expect(201)
    const res = await convert(inquiry.id, { name: 'Genossenschaft Elbhang', district: 'loschwitz', plannedHomes: 18 }).expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      inquiryId: inquiry.id,
      name: 'Genossenschaft Elbhang',
      description: null,
      legalForm: null,
      district: 'loschwitz',
      targetGroups: ['multi_generation', 'families'],
      languages: ['de'],
      plannedHomes: 18,
      lifecycle: 'initiative',
      stage: 'orientation',
      stageSince: expect.any(String),
      status: 'active',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const groupId = res.body.id
    const after = await t.api.get(`/api/inquiries/${inquiry.id}`).set(bearer(frontdesk)).expect(200)
    expect(after.body).toMatchObject({ status: 'converted', groupId, convertedAt: expect.any(String) })

    const history = await t.api.get(`/api/groups/${groupId}/stage-history`).set(bearer(frontdesk)).expect(200)
    expect(history.body.items).toEqual([{ from: null, to: 'orientation', at: expect.any(String), by: { id: frontdesk.id, name: 'Tom Empfang' }, reason: null }])
    const contacts = await t.api.get(`/api/groups/${groupId}/contacts`).set(bearer(frontdesk)).expect(200)
    expect(contacts.body.items).toEqual([expect.objectContaining({ name: 'Henrike', email: 'henrike@example.org', phone: null, until: null })])
    expect(contacts.body.items[0].since).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    expect((await auditRows(t, inquiry.id)).map((r) => [r.action, r.actor_id])).toEqual([
      ['inquiry.create', frontdesk.id],
      ['inquiry.refer', frontdesk.id],
      ['inquiry.convert', frontdesk.id],
    ])
    expect((await auditRows(t, inquiry.id))[2]!.after).toEqual({ status: 'converted', groupId })
    expect((await auditRows(t, groupId)).map((r) => r.action)).toEqual(['group.create'])
    expect((await auditRows(t, contacts.body.items[0].id)).map((r) => r.action)).toEqual(['contact.create'])
  })

  it('converts an anonymous inquiry without a contact, and takes the group fields given over the inquiry', async () => {
    const inquiry = await newInquiry({ targetGroups: ['students'], language: 'en' })
    const res = await convert(inquiry.id, { name: 'Wohnheim selbstverwaltet', targetGroups: ['young_adults'], languages: ['de', 'en'] }, coordinator).expect(201)
    expect(res.body).toMatchObject({ targetGroups: ['young_adults'], languages: ['de', 'en'], stage: 'orientation' })
    expect((await t.api.get(`/api/groups/${res.body.id}/contacts`).set(bearer(coordinator)).expect(200)).body.items).toEqual([])
  })

  it('files a phone number as the contact phone, and anything else nowhere but the inquiry', async () => {
    const byPhone = await newInquiry({ name: 'Frank', contact: '0351 000000' })
    const g1 = await convert(byPhone.id, { name: 'Hausgemeinschaft A' }).expect(201)
    expect((await t.api.get(`/api/groups/${g1.body.id}/contacts`).set(bearer(frontdesk))).body.items[0]).toMatchObject({ name: 'Frank', phone: '0351 000000', email: null })
    const vague = await newInquiry({ name: 'Gisela', contact: 'über die Nachbarin' })
    const g2 = await convert(vague.id, { name: 'Hausgemeinschaft B' }).expect(201)
    expect((await t.api.get(`/api/groups/${g2.body.id}/contacts`).set(bearer(frontdesk))).body.items[0]).toMatchObject({ name: 'Gisela', phone: null, email: null })
    // The shared phone rule of every phone field: an area code in brackets is a phone number here too.
    const bracketed = await newInquiry({ name: 'Hanna', contact: '(0351) 000000' })
    const g3 = await convert(bracketed.id, { name: 'Hausgemeinschaft C' }).expect(201)
    expect((await t.api.get(`/api/groups/${g3.body.id}/contacts`).set(bearer(frontdesk))).body.items[0]).toMatchObject({ name: 'Hanna', phone: '(0351) 000000', email: null })
  })

  it('converts only once (409) and then refuses closing and referring (422 INQUIRY_CONVERTED)', async () => {
    const inquiry = await newInquiry()
    await convert(inquiry.id, { name: 'Erste Gruppe' }).expect(201)
    const again = await convert(inquiry.id, { name: 'Zweite Gruppe' }).expect(409)
    expect(again.body).toEqual({ statusCode: 409, code: 'INQUIRY_ALREADY_CONVERTED', message: 'A group was opened from this inquiry already' })
    expect((await close(inquiry.id, { reason: 'x' }).expect(422)).body.code).toBe('INQUIRY_CONVERTED')
    expect((await refer(inquiry.id).expect(422)).body.code).toBe('INQUIRY_CONVERTED')
    const { rows } = await t.sql.query("SELECT count(*)::int AS n FROM groups WHERE name = 'Zweite Gruppe'")
    expect(rows[0].n).toBe(0)
  })

  it('validates the group fields like POST /api/groups and changes nothing on failure', async () => {
    const inquiry = await newInquiry()
    for (const [body, path] of [
      [{}, '/name'],
      [{ name: 'G', district: 'berlin_mitte' }, '/district'],
      [{ name: 'G', stage: 'expert' }, '/stage'],
      [{ name: 'G', legalForm: 'weg' }, '/legalForm'],
    ] as const) {
      expect((await convert(inquiry.id, body).expect(400)).body.details[0].path).toBe(path)
    }
    expect(await statusOf(inquiry.id)).toBe('open')
  })

  it('is one transaction: when any part fails, there is no group and the inquiry stays as it was', async () => {
    const inquiry = await newInquiry({ name: 'Ruth', contact: 'ruth@example.org' })
    const groupsBefore = (await t.sql.query('SELECT count(*)::int AS n FROM groups')).rows[0].n
    // Make the last-but-one step (the contact) fail inside the database.
    await t.sql.query(`CREATE FUNCTION test_refuse_contact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END; $$`)
    await t.sql.query('CREATE TRIGGER test_refuse_contact BEFORE INSERT ON group_contacts FOR EACH ROW EXECUTE FUNCTION test_refuse_contact()')
    try {
      const res = await convert(inquiry.id, { name: 'Scheitert' }).expect(500)
      expect(res.body.code).toBe('INTERNAL_ERROR')
    } finally {
      await t.sql.query('DROP TRIGGER test_refuse_contact ON group_contacts')
      await t.sql.query('DROP FUNCTION test_refuse_contact()')
    }
    expect((await t.sql.query('SELECT count(*)::int AS n FROM groups')).rows[0].n).toBe(groupsBefore)
    expect(await statusOf(inquiry.id)).toBe('open')
    expect((await auditRows(t, inquiry.id)).map((r) => r.action)).toEqual(['inquiry.create'])
    // And it works once the failure is gone.
    await convert(inquiry.id, { name: 'Klappt' }).expect(201)
  })
})

describe('who may work with inquiries', () => {
  it('lets the front desk and coordinators in, and keeps admins and advisors out of every route', async () => {
    const fixture = () => newInquiry()
    const routes: { label: string; call: (id: string) => ReturnType<typeof t.api.get>; ok: number }[] = [
      { label: 'GET /api/inquiries', call: () => t.api.get('/api/inquiries'), ok: 200 },
      { label: 'POST /api/inquiries', call: () => t.api.post('/api/inquiries').send({ channel: 'web', topics: [] }), ok: 201 },
      { label: 'GET /api/inquiries/:id', call: (id) => t.api.get(`/api/inquiries/${id}`), ok: 200 },
      { label: 'PATCH /api/inquiries/:id', call: (id) => t.api.patch(`/api/inquiries/${id}`).send({ notes: 'ergänzt' }), ok: 200 },
      { label: 'POST /api/inquiries/:id/close', call: (id) => t.api.post(`/api/inquiries/${id}/close`).send({ reason: 'erledigt' }), ok: 200 },
      { label: 'POST /api/inquiries/:id/convert', call: (id) => t.api.post(`/api/inquiries/${id}/convert`).send({ name: 'Neue Gruppe' }), ok: 201 },
    ]
    for (const route of routes) {
      for (const user of [frontdesk, coordinator, admin, advisor]) {
        const { id } = await fixture()
        const res = await route.call(id).set(bearer(user))
        if (user.role === 'frontdesk' || user.role === 'coordinator') expect([route.label, user.role, res.status]).toEqual([route.label, user.role, route.ok])
        else {
          expect([route.label, user.role, res.status, res.body.code]).toEqual([route.label, user.role, 403, 'FORBIDDEN'])
          expect(await statusOf(id)).toBe('open')
        }
      }
      expect((await route.call((await fixture()).id)).status).toBe(401)
    }
  })
})
