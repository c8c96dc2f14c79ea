import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../src/build.ts'
import { RETENTION_QUEUE } from '../src/plugins/app/privacy/retention-job.ts'
import { JWT_SECRET } from './helper.ts'

// Two API processes on one database, as behind a load balancer, each with the job queue on (as server.ts starts
// it) and serving as the least-privilege app role: a due retention day is done once, whoever picks up the job.

let apps: FastifyInstance[]
let sql: pg.Pool
let database: string

const build = () =>
  buildServer({
    databaseUrl: inject('pgAppUrl').replace(/\/postgres$/, `/${database}`),
    jwtSecret: JWT_SECRET,
    corsOrigins: [],
    webDist: '/nonexistent',
    secureCookies: false,
    jobQueue: { pollingIntervalSeconds: 0.5 },
  })

beforeAll(async () => {
  const adminUrl = inject('pgAdminUrl')
  database = `test_${randomUUID().replaceAll('-', '')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${database} TEMPLATE wohnlotse_template`)
  await admin.end()
  sql = new pg.Pool({ connectionString: adminUrl.replace(/\/postgres$/, `/${database}`), max: 2 })
  apps = [await build(), await build()]
  await Promise.all(apps.map((a) => a.ready()))
}, 60_000)
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()))
  await sql.end()
})

const scheduledRuns = async () =>
  (await sql.query<{ as_of: Date; counts: Record<string, number> }>("SELECT as_of, counts FROM privacy_retention_runs WHERE trigger = 'schedule' ORDER BY started_at")).rows

const jobStates = async (ids: string[]) =>
  (await sql.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = ANY($1::uuid[]) ORDER BY state', [ids])).rows.map((r) => r.state)

async function until(check: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('timed out')
}

const send = async (app: FastifyInstance, asOf: Date) => (await app.jobQueue!.send(RETENTION_QUEUE, { asOf: asOf.toISOString() }))!

describe('the retention job on pg-boss with two API processes', () => {
  it('keeps one schedule, daily at 03:15 Berlin time, however many processes start', async () => {
    const { rows } = await sql.query('SELECT name, cron, timezone, data FROM pgboss.schedule')
    expect(rows).toEqual([{ name: RETENTION_QUEUE, cron: '15 3 * * *', timezone: 'Europe/Berlin', data: {} }])
  })

  it('runs the retention when a job is sent, once for a day even when both processes get a job at the same moment', async () => {
    await sql.query(`INSERT INTO login_attempts (kind, address, account, succeeded) VALUES ('login', '192.0.2.1', 'a@example.org', false),
      ('login', '192.0.2.2', 'b@example.org', false), ('mfa', '192.0.2.3', 'c@example.org', true)`)
    // A day in the future, when every sign-in trace is past its period.
    const asOf = new Date('2031-03-04T02:15:00Z')
    const ids = await Promise.all(apps.map((app) => send(app, asOf)))
    await until(async () => (await jobStates(ids)).every((s) => s === 'completed'))
    const runs = await scheduledRuns()
    expect(runs).toHaveLength(1)
    expect(runs[0]!.as_of.toISOString()).toBe(asOf.toISOString())
    expect(runs[0]!.counts).toEqual({ enquirer_contact: 0, contact_person: 0, consultation_notes: 0, billing_record: 0, sign_in_traces: 3 })
    expect((await sql.query('SELECT count(*)::int AS n FROM login_attempts')).rows).toEqual([{ n: 0 }])
    // Recorded like a manual run, in the audit too, by nobody.
    const { rows: audit } = await sql.query("SELECT actor_id, after->>'trigger' AS trigger FROM audit_log WHERE action = 'privacy.retention_run'")
    expect(audit).toEqual([{ actor_id: null, trigger: 'schedule' }])
  })

  it('does nothing for a later job on the same Berlin day, and runs again the next day', async () => {
    await sql.query(`INSERT INTO login_attempts (kind, address, account, succeeded) VALUES ('login', '192.0.2.4', 'd@example.org', false)`)
    const later = await send(apps[1]!, new Date('2031-03-04T20:00:00Z'))
    await until(async () => (await jobStates([later]))[0] === 'completed')
    expect(await scheduledRuns()).toHaveLength(1)
    const nextDay = await send(apps[0]!, new Date('2031-03-05T02:15:00Z'))
    await until(async () => (await jobStates([nextDay]))[0] === 'completed')
    const runs = await scheduledRuns()
    expect(runs.map((r) => r.counts.sign_in_traces)).toEqual([3, 1])
  })

  it('keeps no personal data in the queue: a job holds only its moment', async () => {
    const { rows } = await sql.query(`SELECT DISTINCT jsonb_object_keys(data) AS key FROM pgboss.job WHERE name = $1`, [RETENTION_QUEUE])
    expect(rows).toEqual([{ key: 'asOf' }])
  })

  it('stops cleanly: closing both processes ends the job queue and its connections', async () => {
    const started = Date.now()
    await Promise.all(apps.map((a) => a.close()))
    expect(Date.now() - started).toBeLessThan(15_000)
    // A backend leaves pg_stat_activity a moment after its client has gone.
    const jobConnections = async () =>
      (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'wohnlotse-jobs'`, [database])).rows[0]!.n
    await until(async () => (await jobConnections()) === 0, 5_000)
  })
})
