import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

let t: TestApp
let coordinator: TestUser
let frontdesk: TestUser
let advisor: TestUser
let admin: TestUser
let city: TestUser
let awig: string
beforeAll(async () => {
  t = await buildTestApp()
  coordinator = await createUser(t, 'coordinator', { name: 'Katrin Koordination' })
  frontdesk = await createUser(t, 'frontdesk', { name: 'Tom Empfang' })
  advisor = await createUser(t, 'advisor')
  admin = await createUser(t, 'admin')
  city = await createUser(t, 'city')
  awig = (await t.sql.query("SELECT id FROM offers WHERE name = 'AWIG'")).rows[0].id
})
afterAll(async () => t.close())

const unique = () => randomUUID().slice(0, 8)

async function newInquiry(body: Record<string, unknown>) {
  return (await t.api.post('/api/inquiries').set(bearer(frontdesk)).send({ channel: 'phone', topics: ['orientation'], ...body }).expect(201)).body as { id: string }
}
async function newGroupWithContact(contact: Record<string, unknown>) {
  const group = (await t.api.post('/api/groups').set(bearer(coordinator)).send({ name: `Hausgruppe ${unique()}` }).expect(201)).body as { id: string }
  const c = (await t.api.post(`/api/groups/${group.id}/contacts`).set(bearer(coordinator)).send(contact).expect(201)).body as { id: string }
  return { groupId: group.id, contactId: c.id }
}
const search = (q: string, as: TestUser = coordinator) => t.api.get('/api/privacy/people').query({ q }).set(bearer(as))

describe('privacy routes: who may call them', () => {
  const ref = `inquiry:${randomUUID()}`
  const routes: [string, string, object?][] = [
    ['get', '/api/privacy/people?q=abc'],
    ['get', `/api/privacy/people/${ref}`],
    ['get', `/api/privacy/people/${ref}/export`],
    ['post', `/api/privacy/people/${ref}/erase`, { reason: 'Antrag' }],
    ['put', `/api/privacy/people/${ref}/restriction`, { restricted: true, reason: 'Antrag' }],
    ['get', '/api/privacy/retention'],
    ['put', '/api/privacy/retention', { items: [{ dataClass: 'sign_in_traces', period: 30 }] }],
    ['get', '/api/privacy/retention/preview'],
    ['get', '/api/privacy/retention/runs'],
    ['post', '/api/privacy/retention/runs'],
    ['get', '/api/privacy/record'],
  ]
  it.each(routes)('%s %s is 401 without a token and 403 for every role but coordinators', async (method, url, body) => {
    const call = (as?: TestUser) => {
      const req = (t.api as unknown as Record<string, (u: string) => import('supertest').Test>)[method]!(url)
      if (as) req.set(bearer(as))
      return body ? req.send(body) : req
    }
    expect((await call()).status).toBe(401)
    for (const user of [frontdesk, advisor, admin, city]) {
      const res = await call(user)
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN'])
    }
  })

  it('lets the front desk record and read consents, but not advisors or admins', async () => {
    const inquiry = await newInquiry({ name: `Consent ${unique()}` })
    const url = `/api/privacy/people/inquiry:${inquiry.id}/consents`
    await t.api.post(url).set(bearer(frontdesk)).send({ purpose: 'contact' }).expect(201)
    expect((await t.api.get(url).set(bearer(frontdesk)).expect(200)).body.items).toHaveLength(1)
    for (const user of [advisor, admin]) expect((await t.api.get(url).set(bearer(user))).status).toBe(403)
    expect((await t.api.get(url)).status).toBe(401)
  })
})

describe('person references', () => {
  it.each(['abc', 'inquiry:not-a-uuid', `group:${randomUUID()}`, `INQUIRY:${randomUUID()}`, `inquiry:${randomUUID().toUpperCase()}`, `inquiry:${randomUUID()}x`])(
    'refuses %s with 400 INVALID_PERSON_REF',
    async (ref) => {
      const res = await t.api.get(`/api/privacy/people/${encodeURIComponent(ref)}/export`).set(bearer(coordinator))
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_PERSON_REF'])
    },
  )

  it('answers 404 for a well-formed ref of nobody', async () => {
    for (const kind of ['inquiry', 'contact', 'user']) {
      const res = await t.api.get(`/api/privacy/people/${kind}:${randomUUID()}`).set(bearer(coordinator))
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND'])
    }
  })

  it('refuses bad bodies with 400 and changes nothing', async () => {
    const inquiry = await newInquiry({ name: `Body ${unique()}` })
    const ref = `inquiry:${inquiry.id}`
    for (const body of [{}, { reason: '' }, { reason: 'x', extra: 1 }]) {
      const res = await t.api.post(`/api/privacy/people/${ref}/erase`).set(bearer(coordinator)).send(body)
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    }
    const bad = await t.api.post(`/api/privacy/people/${ref}/consents`).set(bearer(coordinator)).send({ purpose: 'marketing' })
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    const future = await t.api.post(`/api/privacy/people/${ref}/consents`).set(bearer(coordinator)).send({ purpose: 'contact', givenOn: '2999-01-01' })
    expect([future.status, future.body.code]).toEqual([422, 'INVALID_DATE_RANGE'])
    const retention = await t.api.put('/api/privacy/retention').set(bearer(coordinator)).send({ items: [{ dataClass: 'staff_account', period: 3 }] })
    expect([retention.status, retention.body.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect((await t.api.get(`/api/privacy/people/${ref}`).set(bearer(coordinator)).expect(200)).body.person.name).toMatch(/^Body /)
  })
})

describe('GET /api/privacy/people', () => {
  it('finds enquirers, contact persons and accounts by name, e-mail and phone digits', async () => {
    const tag = unique()
    const inquiry = await newInquiry({ name: `Ines Suche${tag}`, contact: `+49 351 ${tag.replace(/\D/g, '').padEnd(6, '7')}` })
    const { contactId, groupId } = await newGroupWithContact({ name: `Carl Suche${tag}`, email: `carl.${tag}@example.org`, phone: '0351 4455667' })
    const user = await createUser(t, 'advisor', { name: `Ute Suche${tag}` })
    const byName = (await search(`Suche${tag}`).expect(200)).body.items
    expect(byName.map((p: { ref: string }) => p.ref).sort()).toEqual([`contact:${contactId}`, `inquiry:${inquiry.id}`, `user:${user.id}`].sort())
    expect(byName.find((p: { kind: string }) => p.kind === 'contact')).toEqual({
      ref: `contact:${contactId}`,
      kind: 'contact',
      name: `Carl Suche${tag}`,
      email: `carl.${tag}@example.org`,
      phone: '0351 4455667',
      context: expect.stringContaining('Ansprechperson der Gruppe'),
      groupId,
      restricted: false,
    })
    expect((await search(`carl.${tag}@EXAMPLE.org`).expect(200)).body.items.map((p: { ref: string }) => p.ref)).toEqual([`contact:${contactId}`])
    expect((await search('(0351) 445-5667').expect(200)).body.items.map((p: { ref: string }) => p.ref)).toContain(`contact:${contactId}`)
  })

  it('treats LIKE wildcards literally', async () => {
    expect((await search('%_').expect(200)).body.items).toEqual([])
  })
})

describe('erasure', () => {
  it('erases an inquiry once; the second time is 409 PERSON_ALREADY_ERASED, and the record stays for statistics', async () => {
    const name = `Erika Einmal${unique()}`
    const inquiry = await newInquiry({ name, contact: 'erika@example.org', notes: `Ruft an wegen ${name}` })
    await t.api.post('/api/referrals').set(bearer(frontdesk)).send({ inquiryId: inquiry.id, offerId: awig, consentToShare: true, reason: `für ${name}` }).expect(201)
    const res = await t.api.post(`/api/privacy/people/inquiry:${inquiry.id}/erase`).set(bearer(coordinator)).send({ reason: 'Antrag nach Art. 17' }).expect(200)
    expect(res.body).toMatchObject({ ref: `inquiry:${inquiry.id}`, counts: { inquiries: 1, referrals: 1 } })
    const again = await t.api.post(`/api/privacy/people/inquiry:${inquiry.id}/erase`).set(bearer(coordinator)).send({ reason: 'nochmal' })
    expect([again.status, again.body.code]).toEqual([409, 'PERSON_ALREADY_ERASED'])
    const stored = await t.api.get(`/api/inquiries/${inquiry.id}`).set(bearer(coordinator)).expect(200)
    expect(stored.body).toMatchObject({ name: null, contact: null, notes: null, channel: 'phone', topics: ['orientation'], status: 'referred' })
    const { rows } = await t.sql.query("SELECT action, entity, after FROM audit_log WHERE action = 'privacy.erase' AND entity_id = $1", [res.body.id])
    expect(rows).toEqual([{ action: 'privacy.erase', entity: 'privacy_erasure', after: { kind: 'inquiry', counts: res.body.counts, changedPersonalFields: ['reason'] } }])
  })

  it('removes a contact person; the group stays without them and a second erasure is 409', async () => {
    const name = `Gerda Gruppe${unique()}`
    const { groupId, contactId } = await newGroupWithContact({ name, email: 'gerda@example.org' })
    await t.api.post(`/api/privacy/people/contact:${contactId}/erase`).set(bearer(coordinator)).send({ reason: 'Antrag' }).expect(200)
    expect((await t.api.get(`/api/groups/${groupId}/contacts`).set(bearer(coordinator)).expect(200)).body.items).toEqual([])
    expect((await t.api.get(`/api/groups/${groupId}`).set(bearer(coordinator))).status).toBe(200)
    expect((await t.api.post(`/api/privacy/people/contact:${contactId}/erase`).set(bearer(coordinator)).send({ reason: 'x' })).status).toBe(409)
  })

  it('refuses to erase one’s own account, and an advisor with an active grant (legal hold)', async () => {
    const own = await t.api.post(`/api/privacy/people/user:${coordinator.id}/erase`).set(bearer(coordinator)).send({ reason: 'x' })
    expect([own.status, own.body.code]).toEqual([422, 'CANNOT_CHANGE_OWN_ACCOUNT'])
    const held = await createUser(t, 'advisor')
    const { groupId } = await newGroupWithContact({ name: 'Platzhalter' })
    await t.sql.query("INSERT INTO advisor_budgets (year, amount_cents) VALUES (2026, 100000000) ON CONFLICT DO NOTHING")
    const contract = await t.sql.query(
      "INSERT INTO contracts (advisor_id, number, valid_from, valid_until, hourly_rate_cents, vat_rate_percent) VALUES ($1, $2, '2026-01-01', '2027-12-31', 8000, 19) RETURNING id",
      [held.id, `RV-${unique()}`],
    )
    await t.sql.query(
      "INSERT INTO grants (group_id, contract_id, advisor_id, year, purpose, granted_minutes, committed_cents) VALUES ($1, $2, $3, 2026, 'Finanzierung', 600, 80000)",
      [groupId, contract.rows[0].id, held.id],
    )
    const res = await t.api.post(`/api/privacy/people/user:${held.id}/erase`).set(bearer(coordinator)).send({ reason: 'Vertragsende' })
    expect([res.status, res.body.code]).toEqual([409, 'LEGAL_HOLD_OPEN_GRANT'])
    expect((await t.sql.query('SELECT name FROM users WHERE id = $1', [held.id])).rows[0].name).toBe(held.name)
  })

  it('erases an account: no name, address, sessions or sign-in traces; its rows stay linked', async () => {
    const user = await createUser(t, 'frontdesk', { name: `Fritz Konto${unique()}` })
    await t.sql.query("INSERT INTO login_attempts (kind, address, account, succeeded) VALUES ('login', '203.0.113.9', $1, false)", [user.email])
    const res = await t.api.post(`/api/privacy/people/user:${user.id}/erase`).set(bearer(coordinator)).send({ reason: 'Ausgeschieden' }).expect(200)
    expect(res.body.counts).toMatchObject({ users: 1, sessions: 1, login_attempts: 1 })
    const { rows } = await t.sql.query('SELECT name, email, active FROM users WHERE id = $1', [user.id])
    expect(rows[0]).toEqual({ name: 'Gelöschtes Konto', email: `erased-${user.id}@erased.invalid`, active: false })
    expect((await t.api.get('/api/me').set(bearer(user))).status).toBe(401)
  })
})

describe('restriction and consent', () => {
  it('hides a restricted inquiry from the front desk but not from coordinators, and lifts it', async () => {
    const inquiry = await newInquiry({ name: `Rita Restrikt${unique()}` })
    const url = `/api/privacy/people/inquiry:${inquiry.id}/restriction`
    const set = await t.api.put(url).set(bearer(coordinator)).send({ restricted: true, reason: 'Widerspruch der Person' }).expect(200)
    expect(set.body).toMatchObject({ restricted: true, reason: 'Widerspruch der Person', by: { id: coordinator.id } })
    const again = await t.api.put(url).set(bearer(coordinator)).send({ restricted: true, reason: 'doppelt' })
    expect([again.status, again.body.code]).toEqual([409, 'RESTRICTION_UNCHANGED'])
    expect((await t.api.get(`/api/inquiries/${inquiry.id}`).set(bearer(frontdesk))).status).toBe(404)
    const listed = (await t.api.get('/api/inquiries').query({ limit: 200 }).set(bearer(frontdesk)).expect(200)).body.items.map((i: { id: string }) => i.id)
    expect(listed).not.toContain(inquiry.id)
    expect((await t.api.get(`/api/inquiries/${inquiry.id}`).set(bearer(coordinator))).status).toBe(200)
    await t.api.put(url).set(bearer(coordinator)).send({ restricted: false, reason: 'Prüfung abgeschlossen' }).expect(200)
    expect((await t.api.get(`/api/inquiries/${inquiry.id}`).set(bearer(frontdesk))).status).toBe(200)
    const { rows } = await t.sql.query('SELECT action FROM audit_log WHERE entity_id = $1 AND entity = $2 ORDER BY seq', [inquiry.id, 'privacy_restriction'])
    expect(rows.map((r) => r.action)).toEqual(['privacy.restrict', 'privacy.restriction_lift'])
  })

  it('records a consent and its withdrawal without deleting it', async () => {
    const { contactId } = await newGroupWithContact({ name: `Konrad Konsens${unique()}` })
    const base = `/api/privacy/people/contact:${contactId}/consents`
    const given = (await t.api.post(base).set(bearer(frontdesk)).send({ purpose: 'share_with_offer', givenOn: '2026-01-15' }).expect(201)).body
    expect(given).toMatchObject({ ref: `contact:${contactId}`, purpose: 'share_with_offer', givenOn: '2026-01-15', withdrawnOn: null, recordedBy: { id: frontdesk.id } })
    const early = await t.api.post(`${base}/${given.id}/withdraw`).set(bearer(coordinator)).send({ withdrawnOn: '2026-01-14' })
    expect([early.status, early.body.code]).toEqual([422, 'INVALID_DATE_RANGE'])
    const withdrawn = (await t.api.post(`${base}/${given.id}/withdraw`).set(bearer(coordinator)).send({ withdrawnOn: '2026-02-01' }).expect(200)).body
    expect(withdrawn).toMatchObject({ id: given.id, givenOn: '2026-01-15', withdrawnOn: '2026-02-01', withdrawnBy: { id: coordinator.id } })
    const twice = await t.api.post(`${base}/${given.id}/withdraw`).set(bearer(coordinator)).send({})
    expect([twice.status, twice.body.code]).toEqual([409, 'CONSENT_ALREADY_WITHDRAWN'])
    expect((await t.api.get(base).set(bearer(coordinator)).expect(200)).body.items).toEqual([withdrawn])
    const account = await t.api.post(`/api/privacy/people/user:${advisor.id}/consents`).set(bearer(coordinator)).send({ purpose: 'contact' })
    expect([account.status, account.body.code]).toEqual([422, 'NOT_FOR_ACCOUNTS'])
  })
})

describe('export', () => {
  it('answers a German PDF with ?format=pdf', async () => {
    const inquiry = await newInquiry({ name: `Jürgen Größe${unique()}`, notes: 'Wohnt in Löbtau, Budget 500 €' })
    const res = await t.api.get(`/api/privacy/people/inquiry:${inquiry.id}/export`).query({ format: 'pdf' }).set(bearer(coordinator)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = []
      r.on('data', (c: Buffer) => chunks.push(c))
      r.on('end', () => cb(null, Buffer.concat(chunks)))
    })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
  })
})

describe('GET /api/privacy/record', () => {
  it('describes every data class with the current retention periods, in German', async () => {
    await t.api.put('/api/privacy/retention').set(bearer(coordinator)).send({ items: [{ dataClass: 'enquirer_contact', period: 4 }] }).expect(200)
    const res = await t.api.get('/api/privacy/record').set(bearer(coordinator)).expect(200)
    const classes = new Set(res.body.activities.flatMap((a: { dataCategories: { dataClass: string }[] }) => a.dataCategories.map((c) => c.dataClass)))
    expect([...classes].sort()).toEqual(['billing_record', 'consultation_notes', 'contact_person', 'enquirer_contact', 'free_text_notes', 'sign_in_traces', 'staff_account'])
    expect(JSON.stringify(res.body)).toContain('4 Monate nach Abschluss der Anfrage')
    expect(res.body.technicalMeasures.join(' ')).toMatch(/Argon2id.*/)
  })
})
