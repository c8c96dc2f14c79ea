import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.ts'
import { runMigrations } from '../src/db/migrate.ts'

// The production start: the bundle `scripts/build.mjs` makes, run by plain `node` (no tsx), on the embedded default.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-start-'))
// Our own scratch folder: where root has no user namespaces, the server's `postgres` user must pass through it.
chmodSync(scratch, 0o711)
/** Root starts PostgreSQL in a user namespace where the system allows one (some containers do not). */
const rootWithUserNamespace =
  process.getuid?.() === 0 && spawnSync('unshare', ['--user', '--map-user=65534', '--map-group=65534', 'true']).status === 0
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
/** The production start's V8 flags, from the Dockerfile's `CMD ["node", …flags, "apps/api/dist/server.js"]`. */
const nodeFlags = (JSON.parse(/^CMD (\[.*\])$/m.exec(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'))![1]!) as string[]).slice(1, -1)

beforeAll(() => {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs'), 'api'], { cwd: repoRoot, encoding: 'utf8' })
  expect(build.status, build.stderr).toBe(0)
})

/** `group`: its own process group, as a terminal runs it, so a Ctrl-C can reach it and the embedded PostgreSQL alike. */
function start(env: Record<string, string>, { group = false } = {}): ChildProcess & { output: () => string } {
  let output = ''
  const child = spawn(process.execPath, [...nodeFlags, path.join(repoRoot, 'apps/api/dist/server.js')], {
    cwd: repoRoot,
    detached: group,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', ...env },
  })
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return Object.assign(child, { output: () => output })
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

async function healthy(url: string, child: ChildProcess & { output: () => string }) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${child.output()}`)
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('the built server (node apps/api/dist/server.js)', () => {
  it('runs with the same V8 flags under the Dockerfile, pnpm start and the benchmark (which reads the Dockerfile)', () => {
    // The memory ceiling of issue 13 (<= 200 MB RSS under load) rests on them; the tests below start with them.
    expect(nodeFlags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/)]))
    // Pretenuring made a request's rows old and their strings survivors: more CPU per request (see the Dockerfile).
    expect(nodeFlags).toContain('--no-allocation-site-pretenuring')
    const script = (file: string) => (JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as { scripts: Record<string, string> }).scripts.start
    expect(script('package.json')).toBe(`node ${nodeFlags.join(' ')} scripts/start.mjs`)
    expect(script('apps/api/package.json')).toBe(`node ${nodeFlags.join(' ')} dist/server.js`)
  })

  it('takes over a DATA_DIR of the version before the roles were split, and serves as the app role', async () => {
    // What that version left: every table, function and type owned by the bootstrap superuser, no role files.
    const dataDir = path.join(scratch, 'upgrade')
    let db = await startEmbeddedPostgres(dataDir)
    const superuserUrl = db.adminUrl.replace(/\/postgres$/, '/wohnlotse')
    try {
      await runMigrations(superuserUrl)
      const su = new pg.Client({ connectionString: superuserUrl })
      await su.connect()
      await su.query(`INSERT INTO audit_log (action, entity, after) VALUES ('legacy.entry', 'settings', '{"kept": true}')`)
      await su.end()
    } finally {
      await db.stop()
    }
    rmSync(path.join(dataDir, 'pg-owner-password'))
    rmSync(path.join(dataDir, 'pg-app-password'))

    const port = await freePort()
    const child = start({ PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: 'false' })
    try {
      await healthy(`http://127.0.0.1:${port}`, child)
    } finally {
      child.kill('SIGTERM')
      expect(await exited(child)).toBe(0)
    }
    // Neither a Node warning nor a Fastify deprecation (FSTDEP023 was printed at every start before the LogController).
    expect(child.output()).not.toMatch(/Warning|Deprecation|FSTDEP/)

    db = await startEmbeddedPostgres(dataDir)
    try {
      const app = new pg.Client({ connectionString: db.url })
      await app.connect()
      const { rows } = await app.query(`SELECT current_user AS role,
        (SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole)::int AS owned,
        (SELECT count(*) FROM audit_log WHERE action = 'legacy.entry')::int AS kept`)
      await app.end()
      expect(rows).toEqual([{ role: 'wohnlotse_app', owned: 0, kept: 1 }])
      const su = new pg.Client({ connectionString: db.adminUrl.replace(/\/postgres$/, '/wohnlotse') })
      await su.connect()
      const left = await su.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'drizzle') AND c.relowner = 'wohnlotse'::regrole`)
      await su.end()
      expect(left.rows).toEqual([])
    } finally {
      await db.stop()
    }
  })

  it.runIf(rootWithUserNamespace)('starts as root with DATA_DIR inside a private 0700 folder, leaving its mode alone', async () => {
    const home = path.join(scratch, 'home')
    rmSync(home, { recursive: true, force: true })
    spawnSync('mkdir', ['-m', '700', home])
    const port = await freePort()
    const child = start({ PORT: String(port), DATA_DIR: path.join(home, 'data') })
    try {
      await healthy(`http://127.0.0.1:${port}`, child)
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'coordinator@example.org', password: 'dresden-demo' }),
      })
      expect(login.status).toBe(200)
    } finally {
      child.kill('SIGTERM')
      expect(await exited(child)).toBe(0)
    }
    expect(statSync(home).mode & 0o777).toBe(0o700)
    expect(statSync(path.join(home, 'data')).mode & 0o777).toBe(0o700)
  })

  it('stops without warnings on Ctrl-C, which the terminal sends to the embedded PostgreSQL as well', async () => {
    const port = await freePort()
    const child = start({ PORT: String(port), DATA_DIR: path.join(scratch, 'ctrl-c'), SEED_DEMO: 'false' }, { group: true })
    try {
      await healthy(`http://127.0.0.1:${port}`, child)
      // Long enough for the audit sealer (every 0.5 s), the job queue and the session listener to be at work.
      await new Promise((r) => setTimeout(r, 1_500))
    } finally {
      process.kill(-child.pid!, 'SIGINT')
      expect(await exited(child)).toBe(0)
    }
    // PostgreSQL stops first and drops the connections: expected while closing, so no warning and no error
    // (before: 'session cache off …', 'sealing the audit trail failed; retrying', 'job queue: the database …').
    const complaints = child
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.level >= 40 && !entry.msg.startsWith('No built SPA found'))
    expect(complaints).toEqual([])
  })

  it('says in one line why it cannot start when DATA_DIR cannot be written', async () => {
    const file = path.join(scratch, 'a-file')
    writeFileSync(file, '')
    // With JWT_SECRET set the embedded database finds out; without it, writing the generated secret does.
    for (const env of [{ JWT_SECRET: 'x'.repeat(40) }, {}] as Record<string, string>[]) {
      const child = start({ PORT: String(await freePort()), DATA_DIR: path.join(file, 'data'), ...env })
      expect(await exited(child)).toBe(1)
      const lines = child.output().trim().split('\n')
      expect(lines.at(-1)).toBe(`Wohnlotse cannot start: DATA_DIR=${path.join(file, 'data')} cannot be created or written; choose a folder you may write to.`)
      expect(child.output()).not.toMatch(/^\s+at /m)
    }
  })

  it('says in one line that a second start on the same DATA_DIR cannot run', async () => {
    const dataDir = path.join(scratch, 'twice')
    const port = await freePort()
    const first = start({ PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: 'false' })
    try {
      await healthy(`http://127.0.0.1:${port}`, first)
      const second = start({ PORT: String(await freePort()), DATA_DIR: dataDir, SEED_DEMO: 'false' })
      expect(await exited(second)).toBe(1)
      expect(second.output().trim().split('\n').at(-1)).toBe(
        'Wohnlotse cannot start: Another PostgreSQL is already running on this DATA_DIR (is Wohnlotse started twice?); stop it first.',
      )
    } finally {
      first.kill('SIGTERM')
      expect(await exited(first)).toBe(0)
    }
  })

  it('says in one line that the configured port is taken', async () => {
    const port = await freePort()
    const blocker = (await import('node:net')).createServer().listen(port, '127.0.0.1')
    await new Promise((r) => blocker.once('listening', r))
    try {
      const child = start({ PORT: String(port), DATA_DIR: path.join(scratch, 'port'), SEED_DEMO: 'false' })
      expect(await exited(child)).toBe(1)
      expect(child.output().trim().split('\n').at(-1)).toBe(`Wohnlotse cannot start: port ${port} is in use (is Wohnlotse running already?); set PORT to another port.`)
    } finally {
      blocker.close()
    }
  })

  describe('in production', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48) }
    const signIn = (url: string) =>
      fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.org', password: 'dresden-demo' }),
      })

    it('refuses SEED_DEMO=true in one line', async () => {
      const child = start({ ...production, SEED_DEMO: 'true', PORT: String(await freePort()), DATA_DIR: path.join(scratch, 'prod-seed') })
      expect(await exited(child)).toBe(1)
      expect(child.output().trim().split('\n').at(-1)).toBe(
        'Wohnlotse cannot start: SEED_DEMO=true is refused with NODE_ENV=production: production never carries the demo accounts; create the first admin with `pnpm create-admin`.',
      )
    })

    it('seeds nothing on the embedded default: the demo admin cannot sign in', async () => {
      const port = await freePort()
      const url = `http://127.0.0.1:${port}`
      const child = start({ ...production, PORT: String(port), DATA_DIR: path.join(scratch, 'prod-fresh') })
      try {
        await healthy(url, child)
        const res = await signIn(url)
        expect(res.status).toBe(401)
        expect((await res.json()).code).toBe('INVALID_CREDENTIALS')
      } finally {
        child.kill('SIGTERM')
        expect(await exited(child)).toBe(0)
      }
    })

    it('refuses to run on a database that once ran as the demo', async () => {
      const dataDir = path.join(scratch, 'prod-after-demo')
      const port = await freePort()
      const demo = start({ PORT: String(port), DATA_DIR: dataDir })
      try {
        await healthy(`http://127.0.0.1:${port}`, demo)
        expect((await signIn(`http://127.0.0.1:${port}`)).status).toBe(200)
      } finally {
        demo.kill('SIGTERM')
        expect(await exited(demo)).toBe(0)
      }
      const child = start({ ...production, PORT: String(await freePort()), DATA_DIR: dataDir })
      expect(await exited(child)).toBe(1)
      expect(child.output().trim().split('\n').at(-1)).toBe(
        'Wohnlotse cannot start: this database holds the demo accounts, and production never carries them; start on a fresh DATA_DIR or database.',
      )
    })
  })
})
