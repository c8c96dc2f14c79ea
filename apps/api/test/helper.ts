import { randomUUID } from 'node:crypto'
import pg from 'pg'
import supertest from 'supertest'
import { inject } from 'vitest'
import type { FastifyInstance, RouteOptions } from 'fastify'
import type { Role } from '@wohnlotse/shared'
import { buildServer } from '../src/build.ts'
import type { ThrottleOptions } from '../src/plugins/app/auth/login-throttle.ts'
import type { SessionListenerOptions } from '../src/plugins/app/auth/session-listener.ts'
import { hashPassword } from '../src/plugins/app/auth/password.ts'

export const TEST_PASSWORD = 'correct-horse-battery'
export const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!'

export interface TestApp {
  app: FastifyInstance
  api: ReturnType<typeof supertest>
  /** A direct superuser connection to this file's database, for set-up and checks the API does not offer. */
  sql: pg.Pool
  close(): Promise<void>
}

/** Builds the real app on a fresh database cloned from the migrated template. */
export async function buildTestApp(opts: { loginThrottle?: ThrottleOptions; sessionCache?: SessionListenerOptions; onRoute?: (route: RouteOptions) => void } = {}): Promise<TestApp> {
  const adminUrl = inject('pgAdminUrl')
  const name = `test_${randomUUID().replaceAll('-', '')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name} TEMPLATE wohnlotse_template`)
  await admin.end()
  const databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`)
  // The app serves as the least-privilege app role, as in production; `sql` stays the superuser for set-up and checks.
  const app = await buildServer({
    databaseUrl: inject('pgAppUrl').replace(/\/postgres$/, `/${name}`),
    jwtSecret: JWT_SECRET,
    corsOrigins: [],
    webDist: '/nonexistent',
    secureCookies: false,
    loginThrottle: opts.loginThrottle,
    sessionCache: opts.sessionCache,
  }, false, opts.onRoute)
  await app.ready()
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  return {
    app,
    api: supertest(app.server),
    sql,
    async close() {
      await app.close()
      await sql.end()
    },
  }
}

let passwordHash: Promise<string> | undefined

export interface TestUser {
  id: string
  email: string
  name: string
  role: Role
  /** The session (refresh-token family) the token belongs to. */
  sessionId: string
  token: string
}

/**
 * Inserts a user directly (no audit row) with a live session, and signs an access token for that session
 * (access tokens are valid only while their session is).
 */
export async function createUser(t: TestApp, role: Role, overrides: { email?: string; name?: string; active?: boolean } = {}): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const email = overrides.email ?? `${role}-${randomUUID().slice(0, 8)}@example.org`
  const name = overrides.name ?? `Test ${role} ${randomUUID().slice(0, 4)}`
  const { rows } = await t.sql.query<{ id: string }>(
    'INSERT INTO users (email, name, role, password_hash, active) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [email, name, role, await passwordHash, overrides.active ?? true],
  )
  const id = rows[0]!.id
  const sid = randomUUID()
  await t.sql.query(
    `INSERT INTO sessions (user_id, family_id, token_hash, expires_at, user_agent) VALUES ($1, $2, $3, now() + interval '1 day', 'test helper')`,
    [id, sid, randomUUID()],
  )
  return { id, email, name, role, sessionId: sid, token: t.app.jwt.sign({ sub: id, role, sid }) }
}

export const bearer = (user: { token: string }) => ({ authorization: `Bearer ${user.token}` })

export async function auditRows(t: TestApp, entityId: string) {
  const { rows } = await t.sql.query('SELECT * FROM audit_log WHERE entity_id = $1 ORDER BY seq', [entityId])
  return rows as { action: string; actor_id: string | null; entity: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]
}
