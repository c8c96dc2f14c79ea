import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'
import { contractFor, expertGroup, grantFor, logEntry, setBudget, daysBefore } from './fachberatung-fixtures.ts'
import { todayInBerlin } from '../src/lib/dates.ts'
import { addDays } from '@wohnlotse/shared'

// Every keyset list must answer a cursor it did not hand out with 400 INVALID_CURSOR: valid base64 of
// wrong values used to reach PostgreSQL as a cast error (500).

let t: TestApp
let admin: TestUser
let coordinator: TestUser
/** Paths of the routes whose query accepts a `cursor`, as the app registers them. */
const keysetRoutes: string[] = []

beforeAll(async () => {
  t = await buildTestApp({
    onRoute: (route) => {
      const query = route.schema?.querystring as { properties?: Record<string, unknown> } | undefined
      if (query?.properties?.cursor && [route.method].flat().includes('GET')) keysetRoutes.push(route.url)
    },
  })
  admin = await createUser(t, 'admin')
  coordinator = await createUser(t, 'coordinator')
  await createUser(t, 'frontdesk')
  const advisor = await createUser(t, 'advisor')

  // At least two rows in every list, so that page one hands out a real cursor.
  for (const name of ['Erste Gruppe', 'Zweite Gruppe']) await t.api.post('/api/groups').set(bearer(coordinator)).send({ name }).expect(201)
  const offer = (await t.sql.query<{ id: string }>('SELECT id FROM offers ORDER BY name LIMIT 1')).rows[0]!.id
  // Two due today (the follow-up worklist, `due=true`) and two due next week (`due=false`).
  for (const followUpOn of [todayInBerlin(), todayInBerlin(), addDays(todayInBerlin(), 7), addDays(todayInBerlin(), 7)]) {
    const inquiry = await t.api.post('/api/inquiries').set(bearer(coordinator)).send({ channel: 'phone', topics: ['living_in_old_age'] }).expect(201)
    await t.api.post('/api/referrals').set(bearer(coordinator)).send({ inquiryId: inquiry.body.id, offerId: offer, consentToShare: true, followUpOn }).expect(201)
  }
  await setBudget(t, coordinator, 10_000_000)
  const group = await expertGroup(t, coordinator)
  const contract = await contractFor(t, coordinator, advisor)
  await contractFor(t, coordinator, advisor) // two contracts running this month: two rows in the billing overview
  const grant = await grantFor(t, coordinator, group, contract.id)
  await grantFor(t, coordinator, group, contract.id)
  await logEntry(t, advisor, grant.id, 60, daysBefore(2))
  await logEntry(t, advisor, grant.id, 30, daysBefore(1))
})
afterAll(async () => t.close())

/** Each keyset list, with the query that selects its order (referrals have two, each with its own cursor). */
const LISTS = [
  '/api/grants?',
  '/api/groups?',
  '/api/users?',
  '/api/audit?',
  '/api/inquiries?',
  '/api/referrals?',
  '/api/referrals?due=true&',
  '/api/referrals?due=false&',
  '/api/time-entries?',
  '/api/statements?',
]

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NUL = 'a\u0000b'

/**
 * Values that do not fit a cursor position, by what the real cursor holds there: wrong types, a bad uuid,
 * impossible timestamps and days, huge and negative integers, and strings with NUL.
 */
function wrongValuesFor(sample: unknown): unknown[] {
  const everywhere = [null, true, {}, [], NUL]
  if (typeof sample === 'number') return [...everywhere, -1, 1.5, 2 ** 53, 1e300, '1']
  if (typeof sample !== 'string') throw new Error(`unexpected cursor part ${JSON.stringify(sample)}`)
  if (UUID.test(sample)) return [...everywhere, 1, 'not-a-uuid', '00000000-0000-4000-8000-00000000000g', `${sample}0`, `${sample}\u0000`]
  if (/^\d{4}-\d{2}-\d{2}T/.test(sample)) {
    return [...everywhere, 1_700_000_000, '2024-13-45T10:00:00.000000Z', '2024-02-30T10:00:00.000000Z', '2024-01-01T24:00:00.000000Z', '2024-01-01', 'yesterday', `${sample}\u0000`]
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(sample)) return [...everywhere, 20240101, '2024-13-45', '2024-02-30', '2024-01-01T00:00:00.000000Z', '99999-01-01']
  // A free-text sort key (a name): any string fits, so only other types and NUL are wrong.
  return [...everywhere.filter((v) => typeof v !== 'string'), 1, `${sample}\u0000`]
}

/** Crafted cursors for a list whose real cursor is `valid`: each position spoiled in turn, wrong lengths, no array. */
function craftedCursors(valid: unknown[]): { label: string; cursor: string }[] {
  const crafted: { label: string; cursor: string }[] = []
  valid.forEach((sample, i) => {
    for (const wrong of wrongValuesFor(sample)) {
      const key = [...valid]
      key[i] = wrong
      crafted.push({ label: `part ${i} = ${JSON.stringify(wrong)}`, cursor: encode(key) })
    }
  })
  crafted.push(
    { label: 'one part short', cursor: encode(valid.slice(0, -1)) },
    { label: 'one part too many', cursor: encode([...valid, valid[0]]) },
    { label: 'empty array', cursor: encode([]) },
    { label: 'an object', cursor: encode({ id: valid[0] }) },
    { label: 'a number', cursor: encode(42) },
    { label: 'null', cursor: encode(null) },
    { label: 'a huge integer', cursor: Buffer.from(`[${'9'.repeat(40)}]`).toString('base64url') },
    { label: 'not JSON', cursor: Buffer.from('[1,2').toString('base64url') },
    { label: 'not base64', cursor: '!!!' },
  )
  return crafted
}

/** Administration reads the account list; coordination everything else (the audit of case data, too). */
const readerOf = (list: string) => (list.startsWith('/api/users') ? admin : coordinator)

describe('keyset lists', () => {
  it('are exactly the lists this test covers', () => {
    expect([...new Set(keysetRoutes)].sort()).toEqual([...new Set(LISTS.map((l) => l.split('?')[0]))].sort())
  })

  describe.each(LISTS)('GET %s', (list) => {
    it('pages on with the cursor it hands out', async () => {
      const first = await t.api.get(`${list}limit=1`).set(bearer(readerOf(list))).expect(200)
      expect(first.body.nextCursor).toEqual(expect.any(String))
      const second = await t.api.get(`${list}limit=1&cursor=${first.body.nextCursor}`).set(bearer(readerOf(list))).expect(200)
      expect(second.body.items).toHaveLength(1)
      expect(second.body.items[0]).not.toEqual(first.body.items[0])
    })

    it('answers every crafted cursor with 400 INVALID_CURSOR', async () => {
      const first = await t.api.get(`${list}limit=1`).set(bearer(readerOf(list))).expect(200)
      const crafted = craftedCursors(decode(first.body.nextCursor))
      const answers = await Promise.all(crafted.map(async ({ label, cursor }) => {
        const res = await t.api.get(`${list}limit=1&cursor=${encodeURIComponent(cursor)}`).set(bearer(readerOf(list)))
        return { label, status: res.status, code: res.body.code }
      }))
      expect(answers.filter((a) => a.status !== 400 || a.code !== 'INVALID_CURSOR')).toEqual([])
      expect(answers.length).toBeGreaterThan(10)
    })
  })
})
