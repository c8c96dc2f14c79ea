import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAGES, type Stage } from '@wohnlotse/shared'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'
import { contractFor, daysBefore, grantFor, setBudget } from './fachberatung-fixtures.ts'

/**
 * Who reads the minutes of a consultation (need-to-know), in every route that returns them:
 *   GET  /api/groups/:id/consultations   the list
 *   POST /api/groups/:id/consultations   the created consultation
 *   GET  /api/audit                      the consultation.create entry carries the consultation
 * Coordinators read all notes; the front desk those of Stufe I only; advisors none, and only for the
 * groups of their grants; admins hold no case data. (Group detail, list, history and contacts carry
 * no consultations.)
 */

let t: TestApp
const users = {} as Record<'coordinator' | 'frontdesk' | 'advisor' | 'otherAdvisor' | 'admin', TestUser>
type Who = keyof typeof users
const WHO: Who[] = ['coordinator', 'frontdesk', 'advisor', 'otherAdvisor', 'admin']

/** A group that went through every stage with one consultation in each, now in Stufe III with a grant for `advisor`. */
let ladder: string
const consultationIds = {} as Record<Stage, string>
const note = (stage: Stage) => `Vertrauliche Notiz aus ${stage}: Finanzlage der Familie M.`

/** One group per current stage, for logging consultations; the Stufe III one holds a grant for `advisor`. */
const groupIn = {} as Record<Stage, string>

async function newGroup(name: string, to?: Stage): Promise<string> {
  const { body } = await t.api.post('/api/groups').set(bearer(users.coordinator)).send({ name }).expect(201)
  if (to && to !== 'orientation') await t.api.post(`/api/groups/${body.id}/stage`).set(bearer(users.coordinator)).send({ to, reason: 'Test' }).expect(200)
  return body.id
}

const log = (as: TestUser, groupId: string, notes: string) =>
  t.api.post(`/api/groups/${groupId}/consultations`).set(bearer(as)).send({ date: daysBefore(1), minutes: 45, channel: 'phone', topics: ['financing'], notes })

beforeAll(async () => {
  t = await buildTestApp()
  users.coordinator = await createUser(t, 'coordinator')
  users.frontdesk = await createUser(t, 'frontdesk')
  users.advisor = await createUser(t, 'advisor')
  users.otherAdvisor = await createUser(t, 'advisor')
  users.admin = await createUser(t, 'admin')
  await setBudget(t, users.coordinator, 10_000_000)
  const contract = await contractFor(t, users.coordinator, users.advisor)

  ladder = await newGroup('Leiter')
  for (const stage of STAGES) {
    if (stage !== 'orientation') await t.api.post(`/api/groups/${ladder}/stage`).set(bearer(users.coordinator)).send({ to: stage }).expect(200)
    consultationIds[stage] = (await log(users.coordinator, ladder, note(stage)).expect(201)).body.id
  }
  await grantFor(t, users.coordinator, ladder, contract.id)

  for (const stage of STAGES) groupIn[stage] = await newGroup(`Gruppe in ${stage}`, stage)
  await grantFor(t, users.coordinator, groupIn.expert, contract.id)
})
afterAll(async () => t.close())

type Outcome = 'notes' | 'hidden' | 403 | 404

/** Today's rule, one row per role: what each route answers for a consultation logged in each stage. */
const READ_RULE: Record<Who, Record<Stage, Outcome>> = {
  coordinator: { orientation: 'notes', concept: 'notes', expert: 'notes' },
  frontdesk: { orientation: 'notes', concept: 'hidden', expert: 'hidden' },
  advisor: { orientation: 'hidden', concept: 'hidden', expert: 'hidden' },
  otherAdvisor: { orientation: 404, concept: 404, expert: 404 },
  admin: { orientation: 403, concept: 403, expert: 403 },
}
const readCases = WHO.flatMap((who) => STAGES.map((stage) => [who, stage, READ_RULE[who][stage]] as const))

describe('GET /api/groups/:id/consultations', () => {
  it.each(readCases)('%s reading a consultation of %s: %s', async (who, stage, outcome) => {
    const res = await t.api.get(`/api/groups/${ladder}/consultations`).set(bearer(users[who]))
    if (typeof outcome === 'number') {
      expect(res.status).toBe(outcome)
      expect(JSON.stringify(res.body)).not.toContain('Vertrauliche Notiz')
      return
    }
    expect(res.status).toBe(200)
    const item = res.body.items.find((c: { id: string }) => c.id === consultationIds[stage])
    expect(item).toMatchObject({ stage, minutes: 45, topics: ['financing'] })
    expect({ notes: item.notes, notesHidden: item.notesHidden }).toEqual(
      outcome === 'notes' ? { notes: note(stage), notesHidden: false } : { notes: null, notesHidden: true },
    )
  })

  it.each(WHO)('answers %s with exactly the notes the rule allows, nothing more', async (who) => {
    const res = await t.api.get(`/api/groups/${ladder}/consultations`).set(bearer(users[who]))
    const allowed = STAGES.filter((stage) => READ_RULE[who][stage] === 'notes').map(note).sort()
    const body = JSON.stringify(res.body)
    expect(STAGES.map(note).filter((text) => body.includes(text)).sort()).toEqual(allowed)
  })
})

/** Logging answers with the consultation, notes included, only to those who may log in that stage. */
const WRITE_RULE: Record<Who, Record<Stage, 201 | 403>> = {
  coordinator: { orientation: 201, concept: 201, expert: 201 },
  frontdesk: { orientation: 201, concept: 403, expert: 403 },
  advisor: { orientation: 403, concept: 403, expert: 403 },
  otherAdvisor: { orientation: 403, concept: 403, expert: 403 },
  admin: { orientation: 403, concept: 403, expert: 403 },
}
const writeCases = WHO.flatMap((who) => STAGES.map((stage) => [who, stage, WRITE_RULE[who][stage]] as const))

describe('POST /api/groups/:id/consultations', () => {
  it.each(writeCases)('%s logging in a group in %s: %s', async (who, stage, status) => {
    const text = `Neue Notiz von ${who} in ${stage}`
    const res = await log(users[who], groupIn[stage], text)
    expect(res.status).toBe(status)
    const { rows } = await t.sql.query('SELECT notes, stage FROM consultations WHERE group_id = $1 AND notes = $2', [groupIn[stage], text])
    if (status === 201) {
      expect(res.body).toMatchObject({ stage, notes: text, notesHidden: false })
      expect(rows).toEqual([{ notes: text, stage }])
    } else {
      expect(res.body.code).toBe('FORBIDDEN')
      expect(rows).toEqual([])
    }
  })
})

/** The consultation.create entry of the audit trail carries the notes; the trail is for coordinators and admins. */
const AUDIT_RULE: Record<Who, 'notes' | 'none' | 403> = {
  coordinator: 'notes',
  frontdesk: 403,
  advisor: 403,
  otherAdvisor: 403,
  // Admins hold no case data: the audit of case entities is closed to them.
  admin: 403,
}

describe('GET /api/audit for consultations', () => {
  const auditCases = WHO.flatMap((who) => STAGES.map((stage) => [who, stage, AUDIT_RULE[who]] as const))
  const readAudit = async (who: Who, stage: Stage, outcome: 'notes' | 'none' | 403) => {
    const res = await t.api.get(`/api/audit?entity=consultation&entityId=${consultationIds[stage]}`).set(bearer(users[who]))
    if (outcome === 403) {
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('FORBIDDEN')
      return
    }
    expect(res.status).toBe(200)
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['consultation.create'])
    // The audit never holds the notes themselves (docs/privacy.md); coordinators see that notes were written.
    if (outcome === 'notes') expect(res.body.items[0].after.changedPersonalFields).toEqual(['notes'])
    expect(JSON.stringify(res.body)).not.toContain('Vertrauliche Notiz')
  }

  it.each(auditCases)('%s reading the entry of a consultation of %s: %s', readAudit)
})
