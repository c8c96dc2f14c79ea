import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows, bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

let t: TestApp
let coordinator: TestUser
let frontdesk: TestUser
let advisor: TestUser
let admin: TestUser
beforeAll(async () => {
  t = await buildTestApp()
  coordinator = await createUser(t, 'coordinator', { name: 'Katrin Koordination' })
  frontdesk = await createUser(t, 'frontdesk', { name: 'Tom Empfang' })
  advisor = await createUser(t, 'advisor')
  admin = await createUser(t, 'admin')
})
afterAll(async () => t.close())

let n = 0
async function newGroup(body: Record<string, unknown> = {}, as: TestUser = coordinator) {
  const res = await t.api.post('/api/groups').set(bearer(as)).send({ name: `Gruppe ${++n}`, ...body }).expect(201)
  return res.body as { id: string; name: string; stage: string; status: string; updatedAt: string }
}
const stage = (id: string, body: object, as: TestUser = coordinator) => t.api.post(`/api/groups/${id}/stage`).set(bearer(as)).send(body)
const status = (id: string, body: object, as: TestUser = coordinator) => t.api.post(`/api/groups/${id}/status`).set(bearer(as)).send(body)

describe('GET /api/reference', () => {
  it('serves the ten Stadtbezirke and the Ortschaften with German and English labels', async () => {
    const res = await t.api.get('/api/reference').set(bearer(frontdesk)).expect(200)
    const bezirke = res.body.districts.filter((d: { kind: string }) => d.kind === 'stadtbezirk')
    expect(bezirke.map((d: { label: { de: string } }) => d.label.de)).toEqual([
      'Altstadt', 'Neustadt', 'Pieschen', 'Klotzsche', 'Loschwitz', 'Blasewitz', 'Leuben', 'Prohlis', 'Plauen', 'Cotta',
    ])
    expect(res.body.districts.filter((d: { kind: string }) => d.kind === 'ortschaft')).toHaveLength(9)
    expect(res.body.legalForms.map((l: { value: string }) => l.value)).toEqual(['none', 'verein', 'eg', 'gmbh_syndikat', 'gbr', 'other'])
    expect(res.body.stages[2]).toEqual({ value: 'expert', label: { de: 'Stufe III – Fachberatung', en: 'Stage III – Expert advice' } })
    expect(res.body.lifecycles.map((l: { value: string }) => l.value)).toEqual(['initiative', 'planning', 'construction', 'realised', 'abandoned'])
  })
})

describe('POST /api/groups', () => {
  it('opens a case in Stufe I, active, and writes the first stage-history entry', async () => {
    const res = await t.api
      .post('/api/groups')
      .set(bearer(frontdesk))
      .send({ name: 'Hofgemeinschaft Elbblick', district: 'pieschen', targetGroups: ['families', 'seniors'], languages: ['de'], plannedHomes: 12, legalForm: 'verein' })
      .expect(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Hofgemeinschaft Elbblick',
      description: null,
      legalForm: 'verein',
      district: 'pieschen',
      targetGroups: ['families', 'seniors'],
      languages: ['de'],
      plannedHomes: 12,
      lifecycle: 'initiative',
      stage: 'orientation',
      stageSince: expect.any(String),
      status: 'active',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const history = await t.api.get(`/api/groups/${res.body.id}/stage-history`).set(bearer(coordinator)).expect(200)
    expect(history.body.items).toEqual([{ from: null, to: 'orientation', at: expect.any(String), by: { id: frontdesk.id, name: 'Tom Empfang' }, reason: null }])
  })

  it.each([
    ['an unknown district', { district: 'berlin_mitte' }, '/district'],
    ['an unknown target group', { targetGroups: ['investors'] }, '/targetGroups/0'],
    ['a WEG as legal form', { legalForm: 'weg' }, '/legalForm'],
    ['an unknown language', { languages: ['xx'] }, '/languages/0'],
    ['a repeated target group', { targetGroups: ['families', 'families'] }, '/targetGroups'],
    ['zero planned homes', { plannedHomes: 0 }, '/plannedHomes'],
    ['planned homes as text', { plannedHomes: '12' }, '/plannedHomes'],
    ['an unknown field', { stage: 'expert' }, '/stage'],
    ['an empty name', { name: '' }, '/name'],
  ])('refuses %s with 400 VALIDATION_FAILED and stores nothing', async (_label, change, path) => {
    const before = await t.sql.query('SELECT count(*)::int AS n FROM groups')
    const res = await t.api.post('/api/groups').set(bearer(coordinator)).send({ name: 'Ungültig', ...change }).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details[0].path).toBe(path)
    const after = await t.sql.query('SELECT count(*)::int AS n FROM groups')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  })
})

describe('POST /api/groups/:id/stage', () => {
  it('moves one step forward without a reason, and records from, to, who and why', async () => {
    const g = await newGroup()
    const res = await stage(g.id, { to: 'concept' }).expect(200)
    expect(res.body.stage).toBe('concept')
    await stage(g.id, { to: 'expert' }).expect(200)
    await stage(g.id, { to: 'concept', reason: 'Finanzierung noch offen' }).expect(200)
    const history = await t.api.get(`/api/groups/${g.id}/stage-history`).set(bearer(coordinator)).expect(200)
    const by = { id: coordinator.id, name: 'Katrin Koordination' }
    expect(history.body.items.map(({ at: _at, ...rest }: { at: string }) => rest)).toEqual([
      { from: null, to: 'orientation', by, reason: null },
      { from: 'orientation', to: 'concept', by, reason: null },
      { from: 'concept', to: 'expert', by, reason: null },
      { from: 'expert', to: 'concept', by, reason: 'Finanzierung noch offen' },
    ])
    const times = history.body.items.map((i: { at: string }) => Date.parse(i.at))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })

  it('needs a reason to skip a stage (422 REASON_REQUIRED) and accepts it with one', async () => {
    const g = await newGroup()
    const res = await stage(g.id, { to: 'expert' }).expect(422)
    expect(res.body).toEqual({ statusCode: 422, code: 'REASON_REQUIRED', message: 'Skipping a stage needs a reason' })
    expect((await stage(g.id, { to: 'expert', reason: '   ' }).expect(422)).body.code).toBe('REASON_REQUIRED')
    const ok = await stage(g.id, { to: 'expert', reason: 'Konzept liegt bereits vor' }).expect(200)
    expect(ok.body.stage).toBe('expert')
  })

  it('needs a reason to move back', async () => {
    const g = await newGroup()
    await stage(g.id, { to: 'concept' }).expect(200)
    expect((await stage(g.id, { to: 'orientation' }).expect(422)).body.message).toBe('Moving a group back needs a reason')
    await stage(g.id, { to: 'orientation', reason: 'Gruppe hat sich neu zusammengesetzt' }).expect(200)
  })

  it('answers the current stage again with 409 STAGE_UNCHANGED', async () => {
    const g = await newGroup()
    expect((await stage(g.id, { to: 'orientation' }).expect(409)).body.code).toBe('STAGE_UNCHANGED')
  })

  it('refuses a closed group with 422 GROUP_CLOSED', async () => {
    const g = await newGroup()
    await status(g.id, { to: 'closed', reason: 'Gruppe aufgelöst', closeReason: 'dissolved' }).expect(200)
    expect((await stage(g.id, { to: 'concept' }).expect(422)).body.code).toBe('GROUP_CLOSED')
  })

  it('lets only coordinators change stages, and changes nothing otherwise', async () => {
    const g = await newGroup()
    for (const who of [frontdesk, advisor, admin]) expect((await stage(g.id, { to: 'concept' }, who).expect(403)).body.code).toBe('FORBIDDEN')
    const { rows } = await t.sql.query('SELECT stage FROM groups WHERE id = $1', [g.id])
    expect(rows[0].stage).toBe('orientation')
  })

  it('validates the target stage and the id', async () => {
    const g = await newGroup()
    await stage(g.id, { to: 'stufe4' }).expect(400)
    await stage(g.id, {}).expect(400)
    await stage('not-a-uuid', { to: 'concept' }).expect(400)
    expect((await stage('00000000-0000-4000-8000-000000000000', { to: 'concept' }).expect(404)).body.code).toBe('NOT_FOUND')
  })
})

describe('POST /api/groups/:id/status', () => {
  it('pauses, closes with a reason and reactivates', async () => {
    const g = await newGroup()
    expect((await status(g.id, { to: 'paused' }).expect(200)).body.status).toBe('paused')
    expect((await status(g.id, { to: 'closed', closeReason: 'realised' }).expect(422)).body).toEqual({ statusCode: 422, code: 'REASON_REQUIRED', message: 'Closing a group needs a reason' })
    expect((await status(g.id, { to: 'closed', reason: 'Projekt umgesetzt' }).expect(422)).body).toEqual({ statusCode: 422, code: 'CLOSE_REASON_REQUIRED', message: 'Closing a group needs a closeReason code' })
    expect((await status(g.id, { to: 'closed', reason: 'Projekt umgesetzt', closeReason: 'finished' }).expect(400)).body.code).toBe('VALIDATION_FAILED')
    expect((await status(g.id, { to: 'closed', reason: 'Projekt umgesetzt', closeReason: 'realised' }).expect(200)).body.status).toBe('closed')
    expect((await status(g.id, { to: 'closed', reason: 'nochmal', closeReason: 'other' }).expect(409)).body.code).toBe('STATUS_UNCHANGED')
    expect((await status(g.id, { to: 'active', closeReason: 'other' }).expect(422)).body.code).toBe('CLOSE_REASON_NOT_CLOSING')
    expect((await status(g.id, { to: 'active' }).expect(200)).body.status).toBe('active')
    const history = await t.api.get(`/api/groups/${g.id}/status-history`).set(bearer(frontdesk)).expect(200)
    const by = { id: coordinator.id, name: 'Katrin Koordination' }
    expect(history.body.items.map(({ at: _at, ...rest }: { at: string }) => rest)).toEqual([
      { from: 'active', to: 'paused', by, reason: null, closeReason: null },
      { from: 'paused', to: 'closed', by, reason: 'Projekt umgesetzt', closeReason: 'realised' },
      { from: 'closed', to: 'active', by, reason: null, closeReason: null },
    ])
    await t.api.get(`/api/groups/${g.id}/status-history`).set(bearer(advisor)).expect(404)
    await t.api.get(`/api/groups/${g.id}/status-history`).set(bearer(admin)).expect(403)
  })

  it('is for coordinators only', async () => {
    const g = await newGroup()
    await status(g.id, { to: 'paused' }, frontdesk).expect(403)
  })
})

describe('PATCH /api/groups/:id', () => {
  it('changes and clears fields, for coordinators only', async () => {
    const g = await newGroup({ district: 'cotta', description: 'alt' })
    const res = await t.api.patch(`/api/groups/${g.id}`).set(bearer(coordinator)).send({ description: null, district: 'plauen', lifecycle: 'planning' }).expect(200)
    expect(res.body).toMatchObject({ description: null, district: 'plauen', lifecycle: 'planning' })
    await t.api.patch(`/api/groups/${g.id}`).set(bearer(frontdesk)).send({ name: 'x' }).expect(403)
    await t.api.patch(`/api/groups/${g.id}`).set(bearer(coordinator)).send({}).expect(400)
    await t.api.patch(`/api/groups/${g.id}`).set(bearer(coordinator)).send({ stage: 'expert' }).expect(400)
  })
})

describe('GET /api/groups', () => {
  it('filters by stage, status, district, target group and text', async () => {
    const tag = `Suche${Date.now()}`
    const a = await newGroup({ name: `${tag} Alpha`, district: 'neustadt', targetGroups: ['students'] })
    const b = await newGroup({ name: `${tag} Beta`, district: 'neustadt', targetGroups: ['seniors', 'multi_generation'], description: 'Wohnen 50% günstiger' })
    const c = await newGroup({ name: `${tag} Gamma`, district: 'leuben', targetGroups: ['seniors'] })
    await stage(b.id, { to: 'concept' }).expect(200)
    await status(c.id, { to: 'paused' }).expect(200)
    const ids = async (query: Record<string, string>) =>
      (await t.api.get('/api/groups').query({ q: tag, ...query }).set(bearer(coordinator)).expect(200)).body.items.map((g: { id: string }) => g.id)
    expect(await ids({})).toEqual([c.id, b.id, a.id])
    expect(await ids({ stage: 'concept' })).toEqual([b.id])
    expect(await ids({ status: 'paused' })).toEqual([c.id])
    expect(await ids({ district: 'neustadt' })).toEqual([b.id, a.id])
    expect(await ids({ targetGroup: 'seniors' })).toEqual([c.id, b.id])
    expect(await ids({ q: `${tag} gam` })).toEqual([c.id])
    expect(await ids({ q: '50%' })).toEqual([b.id])
    // A list item carries what the list and the board show, not the case's description and details.
    const items = (await t.api.get('/api/groups').query({ q: `${tag} Beta` }).set(bearer(coordinator)).expect(200)).body.items
    const full = (await t.api.get(`/api/groups/${b.id}`).set(bearer(coordinator)).expect(200)).body
    expect(items).toEqual([
      { id: b.id, name: `${tag} Beta`, district: 'neustadt', stage: 'concept', stageSince: full.stageSince, status: 'active', updatedAt: full.updatedAt },
    ])
    const counts = await t.api.get('/api/groups/stage-counts').query({ q: tag }).set(bearer(coordinator)).expect(200)
    expect(counts.body).toEqual({ orientation: 2, concept: 1, expert: 0 })
  })

  it('renders a list item’s timestamps exactly as the group’s own answer does, microseconds cut to milliseconds', async () => {
    // The list reads its timestamps as text from PostgreSQL, the group as Dates: both must print the same instant.
    const tag = `Zeit${Date.now()}`
    const g = await newGroup({ name: `${tag} Uhr` })
    await t.sql.query(
      `UPDATE groups SET stage_since = '2025-03-30 00:59:59.999999+00', updated_at = '2026-10-25 01:30:00.000500+00' WHERE id = $1`,
      [g.id],
    )
    const item = (await t.api.get('/api/groups').query({ q: tag }).set(bearer(coordinator)).expect(200)).body.items[0]
    const full = (await t.api.get(`/api/groups/${g.id}`).set(bearer(coordinator)).expect(200)).body
    expect([item.stageSince, item.updatedAt]).toEqual(['2025-03-30T00:59:59.999Z', '2026-10-25T01:30:00.000Z'])
    expect([full.stageSince, full.updatedAt]).toEqual([item.stageSince, item.updatedAt])
  })

  it('pages with a cursor that stays correct while groups are added', async () => {
    const tag = `Seite${Date.now()}`
    const made = []
    for (let i = 0; i < 5; i++) made.push(await newGroup({ name: `${tag} ${i}` }))
    const page1 = await t.api.get('/api/groups').query({ q: tag, limit: 2 }).set(bearer(coordinator)).expect(200)
    expect(page1.body.items.map((g: { id: string }) => g.id)).toEqual([made[4]!.id, made[3]!.id])
    await newGroup({ name: `${tag} neu` })
    const page2 = await t.api.get('/api/groups').query({ q: tag, limit: 2, cursor: page1.body.nextCursor }).set(bearer(coordinator)).expect(200)
    expect(page2.body.items.map((g: { id: string }) => g.id)).toEqual([made[2]!.id, made[1]!.id])
    const page3 = await t.api.get('/api/groups').query({ q: tag, limit: 2, cursor: page2.body.nextCursor }).set(bearer(coordinator)).expect(200)
    expect(page3.body.items.map((g: { id: string }) => g.id)).toEqual([made[0]!.id])
    expect(page3.body.nextCursor).toBeNull()
  })

  it('counts per stage exactly as the rows say, through every kind of change, under status and district filters', async () => {
    // Exact counts over the whole table: what the counts table kept by triggers must equal.
    const live = async (where: string, params: string[]) => {
      const { rows } = await t.sql.query<{ stage: string; n: number }>(`SELECT stage, count(*)::int AS n FROM groups WHERE ${where} GROUP BY stage`, params)
      return { orientation: 0, concept: 0, expert: 0, ...Object.fromEntries(rows.map((r) => [r.stage, r.n])) }
    }
    const check = async () => {
      for (const [query, where, params] of [
        [{}, 'true', []],
        [{ status: 'paused' }, `status = 'paused'`, []],
        [{ district: 'cotta' }, 'district = $1', ['cotta']],
        [{ district: 'cotta', status: 'active' }, `district = $1 AND status = 'active'`, ['cotta']],
      ] as const) {
        const api = await t.api.get('/api/groups/stage-counts').query(query).set(bearer(coordinator)).expect(200)
        expect(api.body).toEqual(await live(where, [...params]))
      }
    }
    const a = await newGroup({ district: 'cotta' })
    const b = await newGroup({ district: 'cotta' })
    await newGroup()
    await check()
    await stage(a.id, { to: 'concept' }).expect(200)
    await stage(b.id, { to: 'expert', reason: 'Konzept liegt schon vor' }).expect(200)
    await status(b.id, { to: 'paused' }).expect(200)
    await t.api.patch(`/api/groups/${a.id}`).set(bearer(coordinator)).send({ district: null }).expect(200)
    await check()
    // Changes that bypass the API (a migration, an erasure) are counted too.
    const raw = await t.sql.query<{ id: string }>(`INSERT INTO groups (name, district, stage, status) VALUES ('Direkt', 'cotta', 'concept', 'paused') RETURNING id`)
    await check()
    await t.sql.query(`UPDATE groups SET stage = 'orientation', district = 'leuben' WHERE id = $1`, [raw.rows[0]!.id])
    await check()
    await t.sql.query('DELETE FROM groups WHERE id = $1', [raw.rows[0]!.id])
    await check()
  })

  it('refuses unknown filters and values with 400', async () => {
    await t.api.get('/api/groups?stage=stufe4').set(bearer(coordinator)).expect(400)
    await t.api.get('/api/groups?owner=me').set(bearer(coordinator)).expect(400)
    await t.api.get('/api/groups?cursor=xyz').set(bearer(coordinator)).expect(400)
    await t.api.get('/api/groups/stage-counts?owner=me').set(bearer(coordinator)).expect(400)
    await t.api.get('/api/groups/stage-counts?stage=concept').set(bearer(coordinator)).expect(400)
  })
})

describe('contacts', () => {
  it('adds, lists, changes and erases contact persons', async () => {
    const g = await newGroup()
    const add = await t.api
      .post(`/api/groups/${g.id}/contacts`)
      .set(bearer(frontdesk))
      .send({ name: 'Erika Beispiel', email: 'erika@example.org', phone: '+49 351 0000000', role: 'Sprecherin', since: '2026-01-15', consentAt: '2026-01-15' })
      .expect(201)
    expect(add.body).toEqual({
      id: expect.any(String),
      groupId: g.id,
      name: 'Erika Beispiel',
      email: 'erika@example.org',
      phone: '+49 351 0000000',
      role: 'Sprecherin',
      since: '2026-01-15',
      until: null,
      consentAt: '2026-01-15',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const former = await t.api.post(`/api/groups/${g.id}/contacts`).set(bearer(coordinator)).send({ name: 'Max Früher', since: '2025-03-01', until: '2025-12-31' }).expect(201)
    const list = await t.api.get(`/api/groups/${g.id}/contacts`).set(bearer(frontdesk)).expect(200)
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['Erika Beispiel', 'Max Früher'])

    const patched = await t.api.patch(`/api/groups/${g.id}/contacts/${add.body.id}`).set(bearer(coordinator)).send({ phone: null, until: '2026-06-30' }).expect(200)
    expect(patched.body).toMatchObject({ phone: null, until: '2026-06-30' })
    await t.api.patch(`/api/groups/${g.id}/contacts/${add.body.id}`).set(bearer(frontdesk)).send({ role: 'x' }).expect(403)
    await t.api.delete(`/api/groups/${g.id}/contacts/${former.body.id}`).set(bearer(frontdesk)).expect(403)
    await t.api.delete(`/api/groups/${g.id}/contacts/${former.body.id}`).set(bearer(coordinator)).expect(204)
    await t.api.delete(`/api/groups/${g.id}/contacts/${former.body.id}`).set(bearer(coordinator)).expect(404)
    const after = await t.api.get(`/api/groups/${g.id}/contacts`).set(bearer(coordinator)).expect(200)
    expect(after.body.items.map((c: { id: string }) => c.id)).toEqual([add.body.id])
    const erased = await auditRows(t, former.body.id)
    expect(erased.map((r) => r.action)).toEqual(['contact.create', 'contact.delete'])
    expect(erased[1]!.before).toEqual({ groupId: g.id })
  })

  it.each([
    ['a malformed e-mail', { email: 'erika(at)example.org' }, '/email'],
    ['a phone number with letters', { phone: '0351-CALL-ME' }, '/phone'],
    ['a phone number that starts with a bracket but has letters', { phone: '(0351) CALL' }, '/phone'],
    ['an end before the start', { since: '2026-05-01', until: '2026-04-30' }, '/until'],
    ['an impossible date', { since: '2026-02-30' }, '/since'],
    ['no name', { name: undefined }, '/name'],
  ])('refuses %s with 400', async (_label, change, path) => {
    const g = await newGroup()
    const res = await t.api.post(`/api/groups/${g.id}/contacts`).set(bearer(coordinator)).send({ name: 'Erika', ...change }).expect(400)
    expect(res.body.code).toBe('VALIDATION_FAILED')
    expect(res.body.details[0].path).toBe(path)
  })

  it('accepts phone numbers written the usual ways', async () => {
    const g = await newGroup()
    for (const phone of ['(0351) 000000', '+49 351 000000', '0351/000000', '0351-000000']) {
      const res = await t.api.post(`/api/groups/${g.id}/contacts`).set(bearer(coordinator)).send({ name: 'Telefon', phone }).expect(201)
      expect(res.body.phone).toBe(phone)
    }
  })

  it('answers a contact of another group with 404', async () => {
    const g1 = await newGroup()
    const g2 = await newGroup()
    const c = await t.api.post(`/api/groups/${g1.id}/contacts`).set(bearer(coordinator)).send({ name: 'Nur Gruppe eins' }).expect(201)
    await t.api.patch(`/api/groups/${g2.id}/contacts/${c.body.id}`).set(bearer(coordinator)).send({ role: 'x' }).expect(404)
  })
})

describe('consultations', () => {
  it("logs a consultation with the group's stage at that moment and the staff member", async () => {
    const g = await newGroup()
    const first = await t.api
      .post(`/api/groups/${g.id}/consultations`)
      .set(bearer(frontdesk))
      .send({ date: '2026-03-02', minutes: 45, channel: 'phone', language: 'de', topics: ['orientation', 'legal_form'], notes: 'Erstes Gespräch' })
      .expect(201)
    expect(first.body).toEqual({
      id: expect.any(String),
      groupId: g.id,
      date: '2026-03-02',
      minutes: 45,
      channel: 'phone',
      language: 'de',
      topics: ['orientation', 'legal_form'],
      notes: 'Erstes Gespräch',
      notesHidden: false,
      stage: 'orientation',
      by: { id: frontdesk.id, name: 'Tom Empfang' },
      createdAt: expect.any(String),
    })
    await stage(g.id, { to: 'concept' }).expect(200)
    await t.api
      .post(`/api/groups/${g.id}/consultations`)
      .set(bearer(coordinator))
      .send({ date: '2026-04-10', minutes: 90, channel: 'in_person', topics: ['concept', 'financing'], notes: 'Vertraulich: Finanzierungslücke' })
      .expect(201)
    const asCoordinator = await t.api.get(`/api/groups/${g.id}/consultations`).set(bearer(coordinator)).expect(200)
    expect(asCoordinator.body.items.map((c: { stage: string; notes: string }) => [c.stage, c.notes])).toEqual([
      ['concept', 'Vertraulich: Finanzierungslücke'],
      ['orientation', 'Erstes Gespräch'],
    ])
    // The front desk sees that there was a Konzeptberatung, not what was said in it.
    const asFrontdesk = await t.api.get(`/api/groups/${g.id}/consultations`).set(bearer(frontdesk)).expect(200)
    expect(asFrontdesk.body.items.map((c: { stage: string; notes: string | null; notesHidden: boolean }) => [c.stage, c.notes, c.notesHidden])).toEqual([
      ['concept', null, true],
      ['orientation', 'Erstes Gespräch', false],
    ])
    expect(JSON.stringify(asFrontdesk.body)).not.toContain('Finanzierungslücke')
  })

  it('lets the front desk log only Orientierungsberatung', async () => {
    const g = await newGroup()
    await stage(g.id, { to: 'concept' }).expect(200)
    const res = await t.api.post(`/api/groups/${g.id}/consultations`).set(bearer(frontdesk)).send({ date: '2026-04-01', minutes: 30, channel: 'phone', topics: [] }).expect(403)
    expect(res.body.code).toBe('FORBIDDEN')
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM consultations WHERE group_id = $1', [g.id])
    expect(rows[0].n).toBe(0)
  })

  it.each([
    ['a date in the future', { date: '2999-01-01' }, '/date'],
    ['zero minutes', { minutes: 0 }, '/minutes'],
    ['an unknown channel', { channel: 'fax' }, '/channel'],
    ['an unknown topic', { topics: ['astrology'] }, '/topics/0'],
    ['missing topics', { topics: undefined }, '/topics'],
  ])('refuses %s with 400', async (_label, change, path) => {
    const g = await newGroup()
    const res = await t.api
      .post(`/api/groups/${g.id}/consultations`)
      .set(bearer(coordinator))
      .send({ date: '2026-03-02', minutes: 30, channel: 'phone', topics: [], ...change })
      .expect(400)
    expect(res.body.details[0].path).toBe(path)
  })
})

describe('who may see and touch groups', () => {
  it('keeps admins out of case data', async () => {
    const g = await newGroup()
    for (const [method, path] of [
      ['get', '/api/groups'],
      ['get', `/api/groups/${g.id}`],
      ['get', `/api/groups/${g.id}/contacts`],
      ['get', `/api/groups/${g.id}/consultations`],
      ['get', `/api/groups/${g.id}/stage-history`],
      ['post', '/api/groups'],
    ] as const) {
      expect((await t.api[method](path).set(bearer(admin)).send({ name: 'x' }).expect(403)).body.code).toBe('FORBIDDEN')
    }
  })

  it('shows an advisor without hour grants no group, and answers probed ids exactly like missing ones', async () => {
    const g = await newGroup()
    await t.api.post(`/api/groups/${g.id}/contacts`).set(bearer(coordinator)).send({ name: 'Geheim' }).expect(201)
    const list = await t.api.get('/api/groups').set(bearer(advisor)).expect(200)
    expect(list.body).toEqual({ items: [], nextCursor: null })
    expect((await t.api.get('/api/groups/stage-counts').set(bearer(advisor)).expect(200)).body).toEqual({ orientation: 0, concept: 0, expert: 0 })
    const missing = '00000000-0000-4000-8000-000000000000'
    for (const suffix of ['', '/contacts', '/consultations', '/stage-history']) {
      const foreign = await t.api.get(`/api/groups/${g.id}${suffix}`).set(bearer(advisor)).expect(404)
      const absent = await t.api.get(`/api/groups/${missing}${suffix}`).set(bearer(advisor)).expect(404)
      expect(foreign.body).toEqual(absent.body)
      expect(foreign.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Group not found' })
    }
    await t.api.post(`/api/groups/${g.id}/contacts`).set(bearer(advisor)).send({ name: 'x' }).expect(403)
    await t.api.post('/api/groups').set(bearer(advisor)).send({ name: 'x' }).expect(403)
  })
})

describe('audit trail for groups', () => {
  it('records every change with actor, before and after', async () => {
    const g = await newGroup({ district: 'prohlis' })
    await t.api.patch(`/api/groups/${g.id}`).set(bearer(coordinator)).send({ plannedHomes: 8 }).expect(200)
    await stage(g.id, { to: 'concept' }).expect(200)
    await status(g.id, { to: 'paused' }).expect(200)
    const rows = await auditRows(t, g.id)
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['group.create', coordinator.id],
      ['group.update', coordinator.id],
      ['group.stage', coordinator.id],
      ['group.status', coordinator.id],
    ])
    expect(rows[1]!.before).toMatchObject({ plannedHomes: null })
    expect(rows[1]!.after).toMatchObject({ plannedHomes: 8 })
    expect(rows[2]!.before).toEqual({ stage: 'orientation' })
    expect(rows[2]!.after).toEqual({ stage: 'concept' })

    const contact = (await t.api.post(`/api/groups/${g.id}/contacts`).set(bearer(frontdesk)).send({ name: 'Ida Beispiel' }).expect(201)).body
    await t.api.patch(`/api/groups/${g.id}/contacts/${contact.id}`).set(bearer(coordinator)).send({ role: 'Kasse' }).expect(200)
    const contactRows = await auditRows(t, contact.id)
    expect(contactRows.map((r) => [r.action, r.actor_id])).toEqual([
      ['contact.create', frontdesk.id],
      ['contact.update', coordinator.id],
    ])
    expect(contactRows[1]!.before).not.toHaveProperty('role')
    expect(contactRows[1]!.after).toMatchObject({ changedPersonalFields: ['role'] })
    const talk = (await t.api
      .post(`/api/groups/${g.id}/consultations`)
      .set(bearer(coordinator))
      .send({ date: '2026-02-02', minutes: 30, channel: 'video', topics: ['concept'] })
      .expect(201)).body
    expect((await auditRows(t, talk.id)).map((r) => [r.action, r.actor_id, r.after?.stage])).toEqual([['consultation.create', coordinator.id, 'concept']])
  })
})
