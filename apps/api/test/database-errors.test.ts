import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import supertest from 'supertest'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../src/build.ts'
import { buildTestApp, JWT_SECRET, type TestApp } from './helper.ts'

// What PostgreSQL refuses reaches the central error handler as a pg error, wrapped by drizzle (`cause`) or
// bare (pool queries, transactions). These tests make PostgreSQL raise each kind for real, through a route
// added to the real app, and check the answer and the log line.

let t: TestApp
let app: FastifyInstance
let api: ReturnType<typeof supertest>
const logLines: Record<string, unknown>[] = []
/** A value that must never appear in an answer or a log line: it is only ever a query parameter. */
const SECRET = 'secret-parameter-value-4711'

/** Raises SQLSTATE `code` in PostgreSQL itself, as the server would. */
const raise = (code: string) => sql.raw(`DO $$ BEGIN RAISE EXCEPTION 'raised for a test' USING ERRCODE = '${code}'; END $$`)

/** One query per case, each failing in PostgreSQL with the SQLSTATE in its comment. */
const CASES: Record<string, (db: FastifyInstance['db']) => Promise<unknown>> = {
  // 23505 unique_violation
  unique: (db) => db.execute(sql`INSERT INTO odd_rules (key, n) VALUES (${'taken'}, ${1})`),
  // 23503 foreign_key_violation
  reference: (db) => db.execute(sql`INSERT INTO odd_rules (key, n, parent) VALUES (${SECRET}, ${1}, ${424242})`),
  // 23514 check_violation
  check: (db) => db.execute(sql`INSERT INTO odd_rules (key, n) VALUES (${SECRET}, ${-5})`),
  // 23502 not_null_violation
  notNull: (db) => db.execute(sql`INSERT INTO odd_rules (key, n) VALUES (${SECRET}, ${null})`),
  // 23P01 exclusion_violation
  exclusion: (db) => db.execute(raise('23P01')),
  // 40001 serialization_failure, 40P01 deadlock_detected
  serialization: (db) => db.execute(raise('40001')),
  deadlock: (db) => db.execute(raise('40P01')),
  // 22P02 invalid_text_representation, 22007 invalid_datetime_format, 22008 datetime_field_overflow,
  // 22003 numeric_value_out_of_range
  badUuid: (db) => db.execute(sql`SELECT ${SECRET}::uuid`),
  badDate: (db) => db.execute(sql`SELECT ${`${SECRET}-not-a-date`}::date`),
  dateOverflow: (db) => db.execute(sql`SELECT ${'2024-13-45'}::date`),
  bigNumber: (db) => db.execute(sql`SELECT ${'99999999999999'}::int`),
  // 22021 character_not_in_repertoire (a NUL in text), 22P05 untranslatable_character
  nul: (db) => db.execute(sql`SELECT ${`${SECRET}\u0000`}::text`),
  untranslatable: (db) => db.execute(raise('22P05')),
  // The database cannot serve: 08006 connection_failure, 57P01 admin_shutdown, 57P03 cannot_connect_now,
  // 53300 too_many_connections, 57014 query_canceled (statement_timeout)
  connectionFailure: (db) => db.execute(raise('08006')),
  adminShutdown: (db) => db.execute(raise('57P01')),
  cannotConnectNow: (db) => db.execute(raise('57P03')),
  tooManyConnections: (db) => db.execute(raise('53300')),
  statementTimeout: (db) => db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL statement_timeout = 50`)
    await tx.execute(sql`SELECT pg_sleep(2)`)
  }),
  // Nothing we map: 42P01 undefined_table, with a parameter that must not be logged.
  unexpected: (db) => db.execute(sql`SELECT * FROM odd_missing_table WHERE key = ${SECRET}`),
}

beforeAll(async () => {
  t = await buildTestApp()
  await t.sql.query(`
    CREATE TABLE odd_parents (id integer PRIMARY KEY);
    CREATE TABLE odd_rules (
      key text NOT NULL UNIQUE,
      n integer NOT NULL CHECK (n > 0),
      parent integer REFERENCES odd_parents (id)
    );
    INSERT INTO odd_rules (key, n) VALUES ('taken', 1);
  `)
  const logger = { level: 'info', stream: { write: (line: string) => void logLines.push(JSON.parse(line)) } }
  app = await buildServer(
    { databaseUrl: t.app.pool.options.connectionString!, jwtSecret: JWT_SECRET, corsOrigins: [], webDist: '/nonexistent', secureCookies: false },
    logger,
  )
  // A route outside /api, so no sign-in: it runs one failing query, as a repository would.
  app.get<{ Params: { name: string } }>('/test-failures/:name', async (request) => {
    await CASES[request.params.name]!(app.db)
    return { ok: true }
  })
  // The same through a bare pool query: pg's error without drizzle's wrapper.
  app.get('/test-failures-bare/unique', async () => {
    await app.pool.query('INSERT INTO odd_rules (key, n) VALUES ($1, $2)', ['taken', 1])
    return { ok: true }
  })
  await app.ready()
  api = supertest(app.server)
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

const EXPECTED: [string, number, string][] = [
  ['unique', 409, 'DUPLICATE'],
  ['exclusion', 409, 'DUPLICATE'],
  ['reference', 409, 'REFERENCE_CONFLICT'],
  ['check', 422, 'RULE_VIOLATED'],
  ['notNull', 422, 'RULE_VIOLATED'],
  ['serialization', 409, 'CONCURRENT_UPDATE'],
  ['deadlock', 409, 'CONCURRENT_UPDATE'],
  ['badUuid', 400, 'VALIDATION_FAILED'],
  ['badDate', 400, 'VALIDATION_FAILED'],
  ['dateOverflow', 400, 'VALIDATION_FAILED'],
  ['bigNumber', 400, 'VALIDATION_FAILED'],
  ['nul', 400, 'INVALID_CHARACTERS'],
  ['untranslatable', 400, 'INVALID_CHARACTERS'],
  ['connectionFailure', 503, 'DATABASE_UNAVAILABLE'],
  ['adminShutdown', 503, 'DATABASE_UNAVAILABLE'],
  ['cannotConnectNow', 503, 'DATABASE_UNAVAILABLE'],
  ['tooManyConnections', 503, 'DATABASE_UNAVAILABLE'],
  ['statementTimeout', 503, 'DATABASE_UNAVAILABLE'],
  ['unexpected', 500, 'INTERNAL_ERROR'],
]

describe('errors PostgreSQL raises', () => {
  it.each(EXPECTED)('maps %s to %i %s without SQL or values in the answer', async (name, status, code) => {
    const res = await api.get(`/test-failures/${name}`).expect(status)
    expect(res.body).toEqual({ statusCode: status, code, message: expect.any(String) })
    expect(res.text).not.toMatch(/SELECT|INSERT|odd_|params|secret|taken|raised/i)
  })

  it('maps a bare pg error (no drizzle wrapper) the same way', async () => {
    const res = await api.get('/test-failures-bare/unique').expect(409)
    expect(res.body.code).toBe('DUPLICATE')
  })

  it('logs an unexpected database error with its code and route but without query parameters', async () => {
    logLines.length = 0
    await api.get('/test-failures/unexpected').expect(500)
    const line = logLines.find((l) => l.msg === 'unhandled error')
    expect(line).toMatchObject({ level: 50, method: 'GET', route: '/test-failures/:name', db: { code: '42P01', message: 'relation "odd_missing_table" does not exist' } })
    expect(line!.query).toContain('odd_missing_table')
    expect(JSON.stringify(logLines)).not.toContain(SECRET)
  })

  it('logs a constraint the database had to enforce with its name, but not the values', async () => {
    logLines.length = 0
    await api.get('/test-failures/check').expect(422)
    await api.get('/test-failures/badUuid').expect(400)
    expect(logLines.filter((l) => l.level === 40).map((l) => l.db)).toEqual([
      expect.objectContaining({ code: '23514', constraint: 'odd_rules_n_check', table: 'odd_rules' }),
      expect.objectContaining({ code: '22P02' }),
    ])
    expect(JSON.stringify(logLines)).not.toContain(SECRET)
  })
})
