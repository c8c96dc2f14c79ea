import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { bearer, buildTestApp, type TestApp, type TestUser } from './helper.ts'
import { contractFor, expertGroup, grantFor, setBudget, staff } from './fachberatung-fixtures.ts'

// The hot reads of issue 13 cost one round trip to the database each: the session check is answered from
// memory (session-cache.ts), the scope of an advisor is part of the one prepared statement, and a read is not
// audited. A second statement per request (a session lookup, a separate scope check, an audit insert) would
// halve what the pool of 10 connections can serve, so it is counted here, at the pool.

let t: TestApp
let coordinator: TestUser
let advisorA: TestUser
let advisorB: TestUser
let groupId: string
let grantId: string
let foreignGroupId: string
beforeAll(async () => {
  // A cached session is trusted for 5 s by default; a slow machine must not turn that into a second statement.
  t = await buildTestApp({ sessionCache: { cache: { ttlMs: 60_000 } } })
  ;({ coordinator, advisorA, advisorB } = await staff(t))
  await setBudget(t, coordinator, 10_000_000)
  groupId = await expertGroup(t, coordinator)
  grantId = (await grantFor(t, coordinator, groupId, (await contractFor(t, coordinator, advisorA)).id)).id
  foreignGroupId = await expertGroup(t, coordinator)
  await grantFor(t, coordinator, foreignGroupId, (await contractFor(t, coordinator, advisorB)).id)
})
afterAll(async () => t?.close())

/**
 * Sends the request three times (after one that fills the session cache) and returns the names of the
 * statements the app's pool ran for them, and how often a connection was taken out of it (transactions).
 */
async function statementsOf(user: TestUser, path: string, status: number): Promise<{ names: string[]; checkouts: number }> {
  await t.api.get(path).set(bearer(user)).expect(status)
  expect(t.app.sessionCache.live).toBe(true)
  // The audit sealer borrows a connection every 500 ms; it is not part of any request.
  const seal = vi.spyOn(t.app.auditRepository, 'seal').mockResolvedValue(0)
  const query = vi.spyOn(t.app.pool, 'query')
  const connect = vi.spyOn(t.app.pool, 'connect')
  try {
    for (let i = 0; i < 3; i++) await t.api.get(path).set(bearer(user)).expect(status)
    const names = (query.mock.calls as unknown[][]).map(([config]) => (config as { name?: string }).name ?? 'unnamed')
    // pool.query takes its connection through connect(callback); a transaction calls connect() itself.
    return { names, checkouts: (connect.mock.calls as unknown[][]).filter((args) => args.length === 0).length }
  } finally {
    query.mockRestore()
    connect.mockRestore()
    seal.mockRestore()
  }
}

const times = (name: string) => [name, name, name]

describe('each hot read is one prepared statement, and nothing else reaches the database', () => {
  it('GET /api/me: none at all', async () => {
    expect(await statementsOf(coordinator, '/api/me', 200)).toEqual({ names: [], checkouts: 0 })
  })

  it('GET /api/groups/:id for the coordinator, and for an advisor with the scope in the same statement (404 outside it)', async () => {
    expect(await statementsOf(coordinator, `/api/groups/${groupId}`, 200)).toEqual({ names: times('groups_by_id'), checkouts: 0 })
    expect(await statementsOf(advisorA, `/api/groups/${groupId}`, 200)).toEqual({ names: times('groups_by_id_of_advisor'), checkouts: 0 })
    expect(await statementsOf(advisorA, `/api/groups/${foreignGroupId}`, 404)).toEqual({ names: times('groups_by_id_of_advisor'), checkouts: 0 })
  })

  it('GET /api/grants/:id for the coordinator, and for its advisor (404 for another advisor)', async () => {
    expect(await statementsOf(coordinator, `/api/grants/${grantId}`, 200)).toEqual({ names: times('grants_view_by_id'), checkouts: 0 })
    expect(await statementsOf(advisorA, `/api/grants/${grantId}`, 200)).toEqual({ names: times('grants_view_by_id_of_advisor'), checkouts: 0 })
    expect(await statementsOf(advisorB, `/api/grants/${grantId}`, 404)).toEqual({ names: times('grants_view_by_id_of_advisor'), checkouts: 0 })
  })
})
