import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import supertest from 'supertest'
import { freePort } from '../src/db/embedded.ts'
import { buildTestApp } from './helper.ts'

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tsx = createRequire(import.meta.url).resolve('tsx')
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-server-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Runs a script of this package the way `pnpm start` does: a real process with its own environment. */
function run(script: string, env: Record<string, string>, args: string[] = []): ChildProcess & { output: () => string } {
  let output = ''
  const child = spawn(process.execPath, ['--import', tsx, script, ...args], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
  })
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  return Object.assign(child, { output: () => output })
}

async function waitForHealth(url: string, child: ChildProcess & { output: () => string }) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${child.output()}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server did not become healthy:\n${child.output()}`)
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

describe('server.ts on the embedded default', () => {
  it('starts PostgreSQL, seeds the demo accounts once, and shuts down gracefully on SIGTERM', async () => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const env = { PORT: String(port), DATA_DIR: dataDir, WEB_DIST: '/nonexistent' }

    const first = run('src/server.ts', env)
    await waitForHealth(url, first)
    const login = await supertest(url).post('/api/auth/login').send({ email: 'coordinator@example.org', password: 'dresden-demo' }).expect(200)
    expect(login.body.user.role).toBe('coordinator')
    const users = await supertest(url).get('/api/users').set('authorization', `Bearer ${login.body.accessToken}`).expect(200)
    expect(users.body.items.map((u: { email: string }) => u.email).sort()).toEqual([
      'admin@example.org',
      'advisor2@example.org',
      'advisor3@example.org',
      'advisor@example.org',
      'city@example.org',
      'coordinator@example.org',
      'frontdesk@example.org',
    ])
    const secret = readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8')
    first.kill('SIGTERM')
    expect(await exited(first)).toBe(0)
    // The embedded server went down with the app: nothing answers on the app's port any more.
    await expect(fetch(`${url}/api/health`)).rejects.toThrow()

    // A second start keeps the data and the secret: the old access token still works, nothing is seeded twice.
    const second = run('src/server.ts', env)
    await waitForHealth(url, second)
    const again = await supertest(url).get('/api/users').set('authorization', `Bearer ${login.body.accessToken}`).expect(200)
    expect(again.body.items).toHaveLength(7)
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret)
    second.kill('SIGTERM')
    expect(await exited(second)).toBe(0)
  })

  it('refuses to start in production without JWT_SECRET', async () => {
    const child = run('src/server.ts', { NODE_ENV: 'production', DATABASE_URL: 'postgres://x:y@127.0.0.1:1/z' })
    expect(await exited(child)).not.toBe(0)
    expect(child.output()).toContain('JWT_SECRET is required in production')
  })
})

describe('create-admin command on an external database', () => {
  it('creates the first admin, who can sign in, and writes an audit row', async () => {
    const t = await buildTestApp()
    try {
      const databaseUrl = t.app.pool.options.connectionString!
      const child = run('src/cli/create-admin.ts', { DATABASE_URL: databaseUrl, ADMIN_PASSWORD: 'first-admin-passphrase', DATA_DIR: dataDir }, [
        '--email',
        'IT@example.org',
        '--name',
        'Erste Administration',
      ])
      expect(await exited(child)).toBe(0)
      expect(child.output()).toContain('Created admin it@example.org')
      const res = await t.api.post('/api/auth/login').send({ email: 'it@example.org', password: 'first-admin-passphrase' }).expect(200)
      expect(res.body.user).toMatchObject({ role: 'admin', name: 'Erste Administration' })
      const { rows } = await t.sql.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [res.body.user.id])
      expect(rows).toEqual([
        { action: 'user.create', actor_id: null },
        { action: 'auth.login', actor_id: res.body.user.id },
      ])

      const short = run('src/cli/create-admin.ts', { DATABASE_URL: databaseUrl, ADMIN_PASSWORD: 'short', DATA_DIR: dataDir }, ['--email', 'x@example.org', '--name', 'X'])
      expect(await exited(short)).toBe(2)
      const common = run('src/cli/create-admin.ts', { DATABASE_URL: databaseUrl, ADMIN_PASSWORD: 'passwort1234', DATA_DIR: dataDir }, ['--email', 'y@example.org', '--name', 'Y'])
      expect(await exited(common)).toBe(2)
      expect(common.output()).toContain('ADMIN_PASSWORD is too common or known from breaches')
      const { rows: refused } = await t.sql.query(`SELECT count(*)::int AS n FROM users WHERE email IN ('x@example.org', 'y@example.org')`)
      expect(refused[0].n).toBe(0)
    } finally {
      await t.close()
    }
  })
})
