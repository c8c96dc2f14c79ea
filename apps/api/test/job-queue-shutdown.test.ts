import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import pg from 'pg'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../src/build.ts'
import { JWT_SECRET } from './helper.ts'

// On Ctrl-C the terminal signals the embedded PostgreSQL too, which may end pg-boss's connections before the
// app stops pg-boss. That is the server going away (57P01), logged as a warning; it must not read as an error.

let app: FastifyInstance
let admin: pg.Client
let database: string
const lines: { level: number; msg: string; db?: { code?: string } }[] = []

beforeAll(async () => {
  database = `test_${randomUUID().replaceAll('-', '')}`
  admin = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${database} TEMPLATE wohnlotse_template`)
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line))
      done()
    },
  })
  app = await buildServer(
    {
      databaseUrl: inject('pgAppUrl').replace(/\/postgres$/, `/${database}`),
      jwtSecret: JWT_SECRET,
      corsOrigins: [],
      webDist: '/nonexistent',
      secureCookies: false,
      jobQueue: { pollingIntervalSeconds: 0.5 },
    },
    { level: 'info', stream },
  )
  await app.ready()
}, 60_000)
afterAll(async () => {
  await app.close()
  await admin.end()
})

it("logs the database's shutdown of the job queue's connections as a warning, not as an error", async () => {
  const terminate = () =>
    admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'wohnlotse-jobs'", [database])
  const end = Date.now() + 30_000
  // pg-boss polls every 0.5 s; end its connections until it has noticed at least once.
  while (!lines.some((l) => l.db?.code === '57P01') && Date.now() < end) {
    await terminate()
    await new Promise((r) => setTimeout(r, 200))
  }
  const shutdown = lines.filter((l) => l.db?.code === '57P01')
  expect(shutdown.length).toBeGreaterThan(0)
  expect(shutdown.map((l) => [l.level, l.msg])).toEqual(shutdown.map(() => [40, 'job queue: the database is shutting down']))
  expect(lines.filter((l) => l.level >= 50)).toEqual([])
}, 60_000)
