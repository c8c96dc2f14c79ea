import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { todayInBerlin } from '@wohnlotse/shared'
import type { TestProject } from 'vitest/node'

/**
 * Starts the real app for the browser journeys: the API with its embedded PostgreSQL in a fresh data directory
 * (so it seeds the demo accounts), serving the SPA; `pnpm e2e` has just brought both builds up to date.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    /**
     * The Berlin day the demo seed counted from (it writes follow-ups and hours relative to its "today"). A journey
     * that reads a seed-relative count ("Fällig seit … (8 Tage)") adds the days passed since, so a run that crosses
     * midnight does not fail on it.
     */
    seededOn: string
  }
}

const webDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = path.resolve(webDir, '../..')
const apiDir = path.join(repoRoot, 'apps/api')
export const artifactsDir = path.join(webDir, 'e2e/artifacts')

const STARTUP_TIMEOUT_MS = 90_000

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} during startup`)
    try {
      const response = await fetch(url)
      if (response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the API did not answer 200 on ${url} within ${STARTUP_TIMEOUT_MS / 1000} s`)
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const webDist = path.join(webDir, 'dist')
  for (const built of [path.join(webDist, 'index.html'), path.join(apiDir, 'dist/server.js')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run the e2e through \`pnpm e2e\`, which builds first`)
  }
  mkdirSync(artifactsDir, { recursive: true })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wohnlotse-e2e-'))
  // A scratch folder of this run: where root cannot use a user namespace, the server's `postgres` user must pass.
  await chmod(dataDir, 0o711)
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST: webDist }
  delete env.DATABASE_URL
  delete env.NODE_ENV
  const log = createWriteStream(path.join(artifactsDir, 'api.log'))
  // The production start: the API bundle that `pnpm e2e` has just brought up to date, run by plain node.
  const child = spawn(process.execPath, [path.join(apiDir, 'dist/server.js')], {
    cwd: apiDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)

  try {
    await waitForHealth(`${baseUrl}/api/health`, child)
  } catch (err) {
    await stop(child)
    await rm(dataDir, { recursive: true, force: true })
    throw new Error(`${(err as Error).message}; see ${path.join(artifactsDir, 'api.log')}`)
  }
  project.provide('baseUrl', baseUrl)
  // The API seeds before it answers its health check: the day now is the seed's, but for a few seconds at midnight.
  project.provide('seededOn', todayInBerlin())

  return async () => {
    await stop(child)
    log.end()
    await rm(dataDir, { recursive: true, force: true })
  }
}
