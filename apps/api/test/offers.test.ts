import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

let t: TestApp
let coordinator: TestUser
let frontdesk: TestUser
let advisor: TestUser
let admin: TestUser
beforeAll(async () => {
  t = await buildTestApp()
  coordinator = await createUser(t, 'coordinator')
  frontdesk = await createUser(t, 'frontdesk')
  advisor = await createUser(t, 'advisor')
  admin = await createUser(t, 'admin')
})
afterAll(async () => t.close())

interface OfferBody {
  id: string
  name: string
  organisation: string | null
  topics: string[]
  targetGroups: string[]
  languages: string[]
  contact: Record<string, string | null>
  active: boolean
  matchScore?: number
}

let n = 0
async function newOffer(body: Record<string, unknown> = {}, as: TestUser = coordinator) {
  const res = await t.api.post('/api/offers').set(bearer(as)).send({ name: `Angebot ${++n}`, ...body }).expect(201)
  return res.body as OfferBody
}
const list = async (query: string, as: TestUser = frontdesk) => (await t.api.get(`/api/offers?${query}`).set(bearer(as)).expect(200)).body.items as OfferBody[]

const SEEDED = [
  'AWIG',
  'bauforum dresden e.V.',
  'Mietshäuser Syndikat',
  'Stadtplanungsamt',
  'WoGe Dresden eG',
  'Wohnberatungsstelle',
  'Wohnsinn',
  'Wohnungsbauförderstelle',
]

describe('the offers every installation starts with', () => {
  it('are the eight named in the workshop documentation, by name, with topics and target groups and no invented contact data', async () => {
    const items = await list('')
    expect(items.map((o) => o.name)).toEqual(SEEDED)
    const byName = Object.fromEntries(items.map((o) => [o.name, o]))
    expect(byName['Wohnsinn']).toMatchObject({ topics: ['shared_flat', 'inclusive_living'], targetGroups: ['inclusive'] })
    expect(byName['Mietshäuser Syndikat']!.topics).toContain('group_building')
    expect(byName['WoGe Dresden eG']!.topics).toEqual(['group_building', 'cooperative_founding'])
    expect(byName['bauforum dresden e.V.']!.topics).toContain('group_building')
    expect(byName['AWIG']).toMatchObject({ topics: ['living_in_old_age'], targetGroups: ['seniors'] })
    expect(byName['Wohnungsbauförderstelle']!.topics).toContain('housing_subsidy')
    expect(byName['Wohnberatungsstelle']).toMatchObject({ topics: ['living_in_old_age', 'inclusive_living'], targetGroups: ['seniors', 'inclusive'] })
    expect(byName['Stadtplanungsamt']!.topics).toContain('konzeptverfahren')
    for (const offer of items) {
      expect(offer.contact).toEqual({ phone: null, email: null, url: null, address: null, openingHours: null })
      expect(offer.languages).toEqual([])
      expect(offer.active).toBe(true)
      expect(offer).not.toHaveProperty('matchScore')
    }
  })

  it('each have their creation in the audit trail, made by the system', async () => {
    const items = await list('')
    for (const offer of items) {
      const rows = await auditRows(t, offer.id)
      expect(rows.map((r) => [r.action, r.actor_id])).toEqual([['offer.create', null]])
      expect(rows[0]!.after).toMatchObject({ name: offer.name, topics: offer.topics })
    }
  })

  it('suggest AWIG and the Wohnberatungsstelle first for an older person', async () => {
    const items = await list('topic=living_in_old_age&targetGroup=seniors&language=de')
    expect(items.slice(0, 3).map((o) => [o.name, o.matchScore])).toEqual([
      ['AWIG', 6],
      ['Wohnberatungsstelle', 6],
      // Everything else is German only and matches just the language.
      ['bauforum dresden e.V.', 1],
    ])
    expect(items).toHaveLength(8)
  })
})

describe('GET /api/offers ranking', () => {
  it('scores 3 per topic, 2 per target group and 1 for the language, best first, then by name', async () => {
    const tag = `Rang${Date.now()}`
    await newOffer({ name: `${tag} D`, topics: ['law'] })
    await newOffer({ name: `${tag} C`, targetGroups: ['families'], languages: ['ar'] })
    await newOffer({ name: `${tag} B`, topics: ['financing'], languages: ['en', 'de'] })
    await newOffer({ name: `${tag} A`, topics: ['financing', 'funding', 'tax'], targetGroups: ['families', 'seniors'] })
    await newOffer({ name: `${tag} E`, topics: ['financing'], languages: ['en', 'de'] })
    const scored = async (query: string) => (await list(`q=${tag}&${query}`)).map((o) => [o.name.slice(tag.length + 1), o.matchScore])
    expect(await scored('topic=financing&topic=funding&targetGroup=families&language=en')).toEqual([
      ['A', 8],
      ['B', 4],
      ['E', 4],
      ['C', 2],
      ['D', 0],
    ])
    // An offer without languages counts as German: A now gets the language point, C (Arabic only) does not.
    expect(await scored('language=de')).toEqual([
      ['A', 1],
      ['B', 1],
      ['D', 1],
      ['E', 1],
      ['C', 0],
    ])
    expect(await scored('targetGroup=seniors')).toEqual([
      ['A', 2],
      ['B', 0],
      ['C', 0],
      ['D', 0],
      ['E', 0],
    ])
    // A single topic works without repeating the parameter.
    expect((await scored('topic=law'))[0]).toEqual(['D', 3])
  })

  it('lists by name without a score when no criteria are given', async () => {
    const tag = `Name${Date.now()}`
    await newOffer({ name: `${tag} beta` })
    await newOffer({ name: `${tag} Alpha` })
    const items = await list(`q=${tag}`)
    expect(items.map((o) => o.name)).toEqual([`${tag} Alpha`, `${tag} beta`])
    expect(items.every((o) => !('matchScore' in o))).toBe(true)
  })

  it('searches name, organisation and description, taking wildcards literally', async () => {
    const tag = `Suche${Date.now()}`
    const a = await newOffer({ name: `${tag} Mieterverein`, organisation: 'Verein für Mieter:innen', description: 'Hilft bei 100% der Fragen' })
    const b = await newOffer({ name: `Beratung ${tag}`, description: 'Erstberatung zu Genossenschaften' })
    const ids = async (q: string) => (await list(`q=${encodeURIComponent(q)}`)).map((o) => o.id)
    expect(await ids(tag)).toEqual([b.id, a.id])
    expect(await ids('mieter:innen')).toEqual([a.id])
    expect(await ids('100%')).toEqual([a.id])
    expect(await ids(`${tag} genossenschaft`)).toEqual([])
    expect(await ids('Genossenschaften')).toContain(b.id)
  })

  it('hides switched-off offers unless a coordinator or admin asks for them', async () => {
    const tag = `Aus${Date.now()}`
    const off = await newOffer({ name: `${tag} alt`, active: false })
    const on = await newOffer({ name: `${tag} neu` })
    expect((await list(`q=${tag}`)).map((o) => o.id)).toEqual([on.id])
    expect((await list(`q=${tag}&includeInactive=true`, coordinator)).map((o) => o.id)).toEqual([off.id, on.id])
    expect((await list(`q=${tag}&includeInactive=true`, admin)).map((o) => o.id)).toEqual([off.id, on.id])
    const res = await t.api.get(`/api/offers?q=${tag}&includeInactive=true`).set(bearer(frontdesk)).expect(403)
    expect(res.body.code).toBe('FORBIDDEN')
  })

  it.each([
    ['an unknown topic', 'topic=astrology'],
    ['an unknown target group', 'targetGroup=investors'],
    ['an unknown language', 'language=xx'],
    ['an unknown parameter', 'district=neustadt'],
  ])('refuses %s with 400', async (_label, query) => {
    const res = await t.api.get(`/api/offers?${query}`).set(bearer(frontdesk)).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
  })
})

describe('POST /api/offers', () => {
  it('adds an offer and records it in the audit trail', async () => {
    const res = await t.api
      .post('/api/offers')
      .set(bearer(coordinator))
      .send({
        name: 'Mietrechtsberatung Beispiel',
        organisation: 'Beispielverein',
        description: 'Beratung zu Mietverträgen',
        topics: ['tenancy', 'law'],
        targetGroups: ['low_income'],
        languages: ['de', 'en'],
        contact: { email: 'beratung@example.org', url: 'https://example.org/beratung', openingHours: ' Di 10–12 Uhr ' },
      })
      .expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Mietrechtsberatung Beispiel',
      organisation: 'Beispielverein',
      description: 'Beratung zu Mietverträgen',
      topics: ['tenancy', 'law'],
      targetGroups: ['low_income'],
      languages: ['de', 'en'],
      contact: { phone: null, email: 'beratung@example.org', url: 'https://example.org/beratung', address: null, openingHours: 'Di 10–12 Uhr' },
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const rows = await auditRows(t, res.body.id)
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([['offer.create', coordinator.id]])
    expect(rows[0]!.after).toMatchObject({ name: 'Mietrechtsberatung Beispiel', contact: { email: 'beratung@example.org' } })
  })

  it('refuses a name that exists already, whatever its case, with 409 OFFER_NAME_TAKEN', async () => {
    const res = await t.api.post('/api/offers').set(bearer(admin)).send({ name: 'wohnsinn' }).expect(409)
    expect(res.body).toEqual({ statusCode: 409, code: 'OFFER_NAME_TAKEN', message: 'An offer with this name exists already' })
  })

  it.each([
    ['an unknown topic', { topics: ['astrology'] }, '/topics/0'],
    ['a repeated topic', { topics: ['law', 'law'] }, '/topics'],
    ['an unknown target group', { targetGroups: ['investors'] }, '/targetGroups/0'],
    ['an unknown language', { languages: ['klingon'] }, '/languages/0'],
    ['an empty name', { name: '' }, '/name'],
    ['a blank name', { name: '   ' }, '/name'],
    ['a malformed e-mail', { contact: { email: 'beratung(at)example.org' } }, '/contact/email'],
    ['a web address that is not http(s)', { contact: { url: 'javascript:alert(1)' } }, '/contact/url'],
    ['a phone number with letters', { contact: { phone: 'ruf an' } }, '/contact/phone'],
    ['a phone number starting with a dash', { contact: { phone: '-0351 000000' } }, '/contact/phone'],
    ['blank opening hours', { contact: { openingHours: '  ' } }, '/contact/openingHours'],
    ['opening hours longer than 500 characters', { contact: { openingHours: 'x'.repeat(501) } }, '/contact/openingHours'],
    ['an unknown contact field', { contact: { fax: '123' } }, '/contact/fax'],
    ['an unknown field', { matchScore: 5 }, '/matchScore'],
    ['active as text', { active: 'yes' }, '/active'],
  ])('refuses %s with 400 and stores nothing', async (_label, change, path) => {
    const before = await t.sql.query('SELECT count(*)::int AS n FROM offers')
    const res = await t.api.post('/api/offers').set(bearer(coordinator)).send({ name: 'Ungültiges Angebot', ...change }).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details[0].path).toBe(path)
    const after = await t.sql.query('SELECT count(*)::int AS n FROM offers')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  })
})

describe('PATCH /api/offers/:id', () => {
  it('changes the contact fields it names, clears with null, switches off, and records before and after', async () => {
    const offer = await newOffer({ contact: { email: 'alt@example.org', address: 'Beispielstraße 1, 01000 Dresden' } })
    const res = await t.api
      .patch(`/api/offers/${offer.id}`)
      .set(bearer(admin))
      .send({ contact: { email: 'neu@example.org', address: null, phone: '(0351) 000000-99', openingHours: 'Mo 9–12 Uhr' }, organisation: 'Träger e. V.', active: false })
      .expect(200)
    expect(res.body).toMatchObject({
      organisation: 'Träger e. V.',
      active: false,
      contact: { phone: '(0351) 000000-99', email: 'neu@example.org', url: null, address: null, openingHours: 'Mo 9–12 Uhr' },
    })
    const rows = await auditRows(t, offer.id)
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['offer.create', coordinator.id],
      ['offer.update', admin.id],
    ])
    expect(rows[1]!.before).toMatchObject({ active: true, contact: { email: 'alt@example.org' } })
    expect(rows[1]!.after).toMatchObject({ active: false, contact: { email: 'neu@example.org', address: null, openingHours: 'Mo 9–12 Uhr' } })
    // Switched off, it is still there by id: old referrals point at it.
    expect((await t.api.get(`/api/offers/${offer.id}`).set(bearer(frontdesk)).expect(200)).body.active).toBe(false)
  })

  it('changes topics, target groups and languages; a refused change leaves the offer and its history as they were', async () => {
    const offer = await newOffer({ topics: ['law'] })
    const res = await t.api
      .patch(`/api/offers/${offer.id}`)
      .set(bearer(coordinator))
      .send({ topics: ['tenancy', 'law'], targetGroups: ['seniors'], languages: ['de', 'uk'] })
      .expect(200)
    expect([res.body.topics, res.body.targetGroups, res.body.languages]).toEqual([['tenancy', 'law'], ['seniors'], ['de', 'uk']])
    for (const bad of [{ contact: { email: 'kein-at.example.org' } }, { contact: { phone: '0351 abc' } }, { languages: ['de', 'de'] }]) {
      const refused = await t.api.patch(`/api/offers/${offer.id}`).set(bearer(coordinator)).send(bad).expect(400)
      expect(refused.body.code).toBe('VALIDATION_FAILED')
    }
    const now = (await t.api.get(`/api/offers/${offer.id}`).set(bearer(coordinator)).expect(200)).body
    expect([now.topics, now.targetGroups, now.languages, now.contact.email, now.contact.phone]).toEqual([['tenancy', 'law'], ['seniors'], ['de', 'uk'], null, null])
    expect((await auditRows(t, offer.id)).map((r) => r.action)).toEqual(['offer.create', 'offer.update'])
  })

  it('refuses renaming onto another offer (409), empty changes (400) and unknown ids (404)', async () => {
    const offer = await newOffer()
    expect((await t.api.patch(`/api/offers/${offer.id}`).set(bearer(coordinator)).send({ name: 'AWIG' }).expect(409)).body.code).toBe('OFFER_NAME_TAKEN')
    expect((await t.api.get(`/api/offers/${offer.id}`).set(bearer(coordinator)).expect(200)).body.name).toBe(offer.name)
    await t.api.patch(`/api/offers/${offer.id}`).set(bearer(coordinator)).send({}).expect(400)
    await t.api.patch(`/api/offers/${offer.id}`).set(bearer(coordinator)).send({ contact: {} }).expect(400)
    await t.api.patch(`/api/offers/${offer.id}`).set(bearer(coordinator)).send({ topics: ['astrology'] }).expect(400)
    const missing = await t.api.patch('/api/offers/00000000-0000-4000-8000-000000000000').set(bearer(coordinator)).send({ active: false }).expect(404)
    expect(missing.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Offer not found' })
    await t.api.patch('/api/offers/not-a-uuid').set(bearer(coordinator)).send({ active: false }).expect(400)
  })
})

describe('who may use the offers', () => {
  it('lets the front desk read, coordinators and admins also write, and keeps advisors out', async () => {
    const offer = await newOffer()
    const routes = [
      { call: () => t.api.get('/api/offers'), ok: 200, roles: ['frontdesk', 'coordinator', 'admin'] },
      { call: () => t.api.get(`/api/offers/${offer.id}`), ok: 200, roles: ['frontdesk', 'coordinator', 'admin'] },
      { call: () => t.api.post('/api/offers').send({ name: `Zugriff ${++n}` }), ok: 201, roles: ['coordinator', 'admin'] },
      { call: () => t.api.patch(`/api/offers/${offer.id}`).send({ description: `Stand ${++n}` }), ok: 200, roles: ['coordinator', 'admin'] },
    ]
    for (const route of routes) {
      for (const user of [frontdesk, coordinator, admin, advisor]) {
        const res = await route.call().set(bearer(user))
        if (route.roles.includes(user.role)) expect(res.status).toBe(route.ok)
        else expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN'])
      }
      expect((await route.call()).status).toBe(401)
    }
  })
})
