/**
 * What a benchmark run stands on: the embedded PostgreSQL in a temporary DATA_DIR, migrated like a production
 * start, the built API (`apps/api/dist/server.js`) run by plain `node` with NODE_ENV=production, and access
 * tokens for the generated bench sessions.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../apps/api/src/db/embedded.ts'
import { prepareDatabase } from '../../apps/api/src/db/migrate.ts'
import { sessionOf } from './generate.ts'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const serverJs = path.join(repoRoot, 'apps/api/dist/server.js')

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

/** Starts one API process on the database, as `pnpm start` would in production, and waits until it answers. */
export async function startApp(databaseUrl: string, opts: { cpuProfDir?: string } = {}): Promise<App> {
  if (!existsSync(serverJs)) throw new Error(`${serverJs} is missing: run the install (it builds the API) first`)
  const port = await freePort()
  const args = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`, serverJs] : [serverJs]
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

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An access token as the API issues it (HS256, issuer, audience, 15 minutes) for a generated bench session. */
export function accessToken(userId: string, role: string): string {
  const now = Math.floor(Date.now() / 1000)
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, role, sid: sessionOf(userId), iat: now, exp: now + 900, iss: 'wohnlotse', aud: 'wohnlotse-api' })}`
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`
}
