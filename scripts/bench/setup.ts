/**
 * What a benchmark run stands on: the embedded PostgreSQL in a temporary DATA_DIR, migrated like a production
 * start, the built API (`apps/api/dist/server.js`) run by plain `node` with NODE_ENV=production, and access
 * tokens for the generated bench sessions.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../apps/api/src/db/embedded.ts'
import { prepareDatabase } from '../../apps/api/src/db/migrate.ts'
import { sessionOf } from './generate.ts'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const serverJs = path.join(repoRoot, 'apps/api/dist/server.js')

/** The V8 flags of the production start, read from the Dockerfile's CMD (`node <flags> apps/api/dist/server.js`). */
export function productionNodeFlags(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'))
  if (!cmd) throw new Error('the Dockerfile has no CMD ["node", …] line')
  const argv = JSON.parse(cmd[1]!) as string[]
  return argv.slice(1, -1)
}

export interface Database extends EmbeddedDatabase {
  dataDir: string
}

export async function startDatabase(): Promise<Database> {
  // Not under a private home: as root the server may run as `postgres`, which must reach the folder.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-bench-'))
  const db = await startEmbeddedPostgres(path.join(dataDir, 'data'))
  await prepareDatabase({ url: db.url, ownerUrl: db.ownerUrl }, true)
  return {
    ...db,
    dataDir,
    async stop() {
      await db.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const JWT_SECRET = randomBytes(48).toString('base64url')

export interface App {
  url: string
  pid: number
  /** Resident set size in bytes, from /proc (0 where there is none). */
  rss(): number
  stop(): Promise<void>
}

/** Starts one API process on the database, as `pnpm start` would in production (its node flags too), and waits until it answers. */
export async function startApp(databaseUrl: string, opts: { cpuProfDir?: string; nodeFlags?: string[] } = {}): Promise<App> {
  if (!existsSync(serverJs)) throw new Error(`${serverJs} is missing: run the install (it builds the API) first`)
  const port = await freePort()
  const args = [...(opts.nodeFlags ?? productionNodeFlags()), ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []), serverJs]
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Production's default level, so the cost of request logging is part of the figure.
      LOG_LEVEL: 'info',
      WEB_DIST: path.join(repoRoot, 'apps/web/dist'),
    },
    // Logs go nowhere: a pipe nobody reads would block the server once full.
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API stopped during start-up: ${stderr.trim()}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not answer within 60 s: ${stderr.trim()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    pid: child.pid!,
    rss() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        return m ? Number(m[1]) * 1024 : 0
      } catch {
        return 0
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100

/** A process's parent and its CPU time in ms (user + system; `reaped` adds its ended children's), from /proc. */
function procStat(pid: number | string): { ppid: number; own: number; reaped: number } | undefined {
  try {
    // The command name (field 2) may hold spaces; the fields after it are fixed.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    const ms = (i: number) => (Number(f[i]) * 1000) / TICKS_PER_SECOND
    return { ppid: Number(f[1]), own: ms(11) + ms(12), reaped: ms(13) + ms(14) }
  } catch {
    return undefined
  }
}

/** CPU time (user + system) a process has used so far, in ms; 0 where /proc has none. */
export const cpuMs = (pid: number) => procStat(pid)?.own ?? 0

/**
 * CPU time the PostgreSQL server of a bench database has used so far, in ms: the postmaster, its live backends,
 * and the backends that have ended (the reference's connections end with each of its runs).
 */
export function postgresCpuMs(db: Database): number {
  const pidFile = path.join(db.dataDir, 'data', 'pg', 'postmaster.pid')
  if (!existsSync(pidFile)) return 0
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  const main = procStat(postmaster)
  if (!main) return 0
  let total = main.own + main.reaped
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const child = procStat(entry)
    if (child?.ppid === postmaster) total += child.own
  }
  return total
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An access token as the API issues it (HS256, issuer, audience, 15 minutes) for a generated bench session. */
export function accessToken(userId: string, role: string): string {
  const now = Math.floor(Date.now() / 1000)
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, role, sid: sessionOf(userId), iat: now, exp: now + 900, iss: 'wohnlotse', aud: 'wohnlotse-api' })}`
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`
}

/** Starts the HTTP floor of the primary-key reads (scripts/bench/http-floor.ts) in its own process: an App without RSS. */
export async function startHttpFloor(databaseUrl: string, pool: number): Promise<Omit<App, 'rss'>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/bench/http-floor.ts'), databaseUrl, String(pool)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(Number(String(d).trim())))
    child.once('exit', (code) => reject(new Error(`the HTTP floor stopped during start-up (exit ${code})`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
