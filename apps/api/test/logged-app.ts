import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import pg from 'pg'
import supertest from 'supertest'
import { inject } from 'vitest'
import { buildServer } from '../src/build.ts'
import { JWT_SECRET, type TestApp } from './helper.ts'

export interface LoggedTestApp extends TestApp {
  /** Everything the app's real pino logger wrote so far, one JSON line per entry. */
  log(): string
}

/**
 * Like buildTestApp, but with the logger switched on (level `debug`) and writing into memory, so a test can
 * read what production would write. The logger options go through buildServer as server.ts passes them.
 */
export async function buildLoggedTestApp(): Promise<LoggedTestApp> {
  const adminUrl = inject('pgAdminUrl')
  const name = `test_${randomUUID().replaceAll('-', '')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name} TEMPLATE wohnlotse_template`)
  await admin.end()
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    },
  })
  const app = await buildServer(
    {
      databaseUrl: inject('pgAppUrl').replace(/\/postgres$/, `/${name}`),
      jwtSecret: JWT_SECRET,
      corsOrigins: [],
      webDist: '/nonexistent',
      secureCookies: false,
    },
    { level: 'debug', stream },
  )
  await app.ready()
  const sql = new pg.Pool({ connectionString: adminUrl.replace(/\/postgres$/, `/${name}`), max: 2 })
  return {
    app,
    api: supertest(app.server),
    sql,
    log: () => chunks.join(''),
    async close() {
      await app.close()
      await sql.end()
    },
  }
}
