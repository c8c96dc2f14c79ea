import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, TEST_PASSWORD, type TestUser } from './helper.ts'
import { buildLoggedTestApp, type LoggedTestApp } from './logged-app.ts'

// Values no log line may contain, each distinctive enough that a hit cannot be a coincidence.
const contact = { name: 'Xaverine Quellenbrink', email: 'xaverine.quellenbrink@beispiel-dresden.de', phone: '+49 351 4477 9182' }
const enquirer = { name: 'Wendelin Sturmvogel', email: 'wendelin.sturmvogel@beispiel-dresden.de', phone: '0351 8866 2719' }
/** Refused by a CHECK constraint the test adds: a database error that maps to 422 and is logged as a warning. */
const refusedContact = { name: 'Ottilie Farnschwanz', email: 'ottilie.farnschwanz@beispiel-dresden.de', phone: '+49 351 6021 5573' }
/** Refused by a trigger with an internal error: the unhandled 500 path, whose error carries every SQL parameter. */
const failingEnquirer = { name: 'Bertram Lindwurm', email: 'bertram.lindwurm@beispiel-dresden.de' }
const wrongLogin = { email: 'kunigunde.zauberfloete@beispiel-dresden.de', password: 'Zitronenfalter-Geheimnis-93' }
const groupName = 'Wohnprojekt Mühlengrund Sonnenhof'

let t: LoggedTestApp
let coordinator: TestUser
let frontdesk: TestUser
let token = ''
let groupId = ''

beforeAll(async () => {
  t = await buildLoggedTestApp()
  coordinator = await createUser(t, 'coordinator')
  frontdesk = await createUser(t, 'frontdesk')
  // Set-up as the superuser: rules that make the database itself refuse the chosen values.
  await t.sql.query(`ALTER TABLE group_contacts ADD CONSTRAINT log_test_refused CHECK (name <> '${refusedContact.name}')`)
  await t.sql.query(`
    CREATE FUNCTION log_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name = '${failingEnquirer.name}' THEN RAISE EXCEPTION 'refused for the log test' USING ERRCODE = 'XX000'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER log_test_fail BEFORE INSERT ON inquiries FOR EACH ROW EXECUTE FUNCTION log_test_fail();`)

  // The journey: everything below is what production would log for it.
  const login = await t.api.post('/api/auth/login').send({ email: coordinator.email, password: TEST_PASSWORD }).expect(200)
  token = login.body.accessToken ?? ''
  const group = await t.api.post('/api/groups').set(bearer(coordinator)).send({ name: groupName }).expect(201)
  groupId = group.body.id
  await t.api.post(`/api/groups/${groupId}/contacts`).set(bearer(coordinator)).send(contact).expect(201)
  await t.api.get('/api/groups').query({ q: 'Quellenbrink' }).set(bearer(coordinator)).expect(200)
  await t.api.get('/api/groups').query({ q: 'Hans Beispielmann' }).set(bearer(coordinator)).expect(200)
  await t.api.get(`/api/groups/${groupId}/contacts`).set(bearer(coordinator)).expect(200)
  await t.api.post('/api/inquiries').set(bearer(frontdesk)).send({ channel: 'phone', topics: ['orientation'], name: enquirer.name, contact: enquirer.email }).expect(201)
  await t.api.post('/api/inquiries').set(bearer(frontdesk)).send({ channel: 'phone', topics: ['orientation'], name: enquirer.name, contact: enquirer.phone }).expect(201)
  await t.api.get('/api/inquiries').query({ q: 'Sturmvogel' }).set(bearer(frontdesk)).expect(200)
  const refused = await t.api.post(`/api/groups/${groupId}/contacts`).set(bearer(coordinator)).send(refusedContact).expect(422)
  expect(refused.body.code).toBe('RULE_VIOLATED')
  const failed = await t.api
    .post('/api/inquiries')
    .set(bearer(frontdesk))
    .send({ channel: 'email', topics: ['orientation'], name: failingEnquirer.name, contact: failingEnquirer.email })
    .expect(500)
  expect(failed.body.code).toBe('INTERNAL_ERROR')
  const wrong = await t.api.post('/api/auth/login').send(wrongLogin)
  expect(wrong.status).toBe(401)
  // Anything not routed names no path: the query of an unknown URL stays out too.
  await t.api.get('/api/nothing-here').query({ q: 'Hans Beispielmann' }).expect(404)
})
afterAll(() => t.close())

/** The log as parsed entries. */
const entries = () =>
  t
    .log()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown> & { msg?: string; req?: Record<string, unknown>; res?: Record<string, unknown> })

describe('an error logged anywhere as { err }', () => {
  it('keeps a failed query\'s SQL and code but neither its parameters nor the value PostgreSQL quotes', async () => {
    const value = 'Rosalind Tintenfisch'
    // A value that fails its cast: drizzle's message lists it as a parameter, pg's message quotes it.
    const err = await t.app.db.execute(sql`SELECT ${value}::uuid AS id`).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(err?.message).toContain(value)
    t.app.log.error({ err }, 'logged by some future code path')
    const entry = entries().find((e) => e.msg === 'logged by some future code path')
    expect(entry).toMatchObject({ err: { db: { code: '22P02' }, query: 'SELECT $1::uuid AS id' } })
    expect(JSON.stringify(entry)).not.toContain('Tintenfisch')
  })
})

describe('what the logs hold', () => {
  it('holds no name, e-mail address, phone number, search term, password or token from the journey', () => {
    const log = t.log().toLowerCase()
    const secrets = [
      ...Object.values(contact),
      ...Object.values(enquirer),
      ...Object.values(refusedContact),
      ...Object.values(failingEnquirer),
      ...Object.values(wrongLogin),
      groupName,
      TEST_PASSWORD,
      coordinator.email,
      frontdesk.email,
      coordinator.name,
      // Parts alone, and the forms a URL or JSON would give them.
      'Quellenbrink',
      'Sturmvogel',
      'Farnschwanz',
      'Lindwurm',
      'Beispielmann',
      'Zitronenfalter',
      'Hans+Beispielmann',
      'Hans%20Beispielmann',
      '44779182',
      '88662719',
      '60215573',
      'beispiel-dresden',
    ]
    expect(token.length).toBeGreaterThan(20)
    secrets.push(token, token.split('.')[1] ?? token)
    const hits = secrets.filter((value) => log.includes(value.toLowerCase()))
    expect(hits).toEqual([])
    // No URL with its query, no headers, no bodies, no client address.
    expect(log).not.toContain('?q=')
    expect(log).not.toContain('"url"')
    expect(log).not.toContain('authorization')
    expect(log).not.toContain('"body"')
    expect(log).not.toContain('"params":[')
  })

  it('logs each request once, with its route pattern, method, ids, status and time instead', () => {
    const all = entries()
    // One line per request (issue 13: logging cost a tenth of a hot read's CPU), not Fastify's two.
    expect(all.filter((e) => e.msg === 'incoming request')).toEqual([])
    const completed = all.filter((e) => e.msg === 'request completed')
    // Exactly one access line for every request that logged anything (13 in the journey), none twice.
    const requests = [...new Set(all.map((e) => e.reqId).filter((id) => id !== undefined))]
    expect(requests.length).toBeGreaterThanOrEqual(13)
    expect(completed.map((e) => e.reqId).sort()).toEqual(requests.sort())
    expect(completed.every((e) => typeof e.responseTime === 'number' && e.responseTime >= 0)).toBe(true)
    const lines = completed.map((e) => ({ req: e.req, res: e.res }))
    expect(lines).toContainEqual({ req: { method: 'GET', route: '/api/groups' }, res: { statusCode: 200, route: '/api/groups', userId: coordinator.id } })
    expect(lines).toContainEqual({
      req: { method: 'POST', route: '/api/groups/:id/contacts', params: { id: groupId } },
      res: { statusCode: 201, route: '/api/groups/:id/contacts', userId: coordinator.id },
    })
    expect(lines).toContainEqual({ req: { method: 'POST', route: '/api/auth/login' }, res: { statusCode: 200, route: '/api/auth/login' } })
    expect(lines).toContainEqual({ req: { method: 'GET', route: '(no route)' }, res: { statusCode: 404, route: '(no route)' } })
    expect(lines).toContainEqual({ req: { method: 'POST', route: '/api/inquiries' }, res: { statusCode: 500, route: '/api/inquiries', userId: frontdesk.id } })
  })

  it('logs database errors with their code, constraint and SQL text, without the values', () => {
    const all = entries()
    const refused = all.find((e) => (e.db as { code?: string } | undefined)?.code === '23514')
    expect(refused).toMatchObject({ level: 40, route: '/api/groups/:id/contacts', db: { code: '23514', constraint: 'log_test_refused', table: 'group_contacts' } })
    expect(refused!.query).toEqual(expect.stringContaining('insert into "group_contacts"'))
    const unhandled = all.find((e) => e.msg === 'unhandled error')
    expect(unhandled).toMatchObject({ level: 50, route: '/api/inquiries', db: { code: 'XX000', message: 'refused for the log test' } })
  })
})
