import { createRequire } from 'node:module'
import type pg from 'pg'
import PgBoss from 'pg-boss'

/**
 * pg-boss, the job queue, keeps its tables in its own schema of the same database. The app role may create
 * nothing (see roles.ts), so the owner installs or upgrades that schema and creates every queue (pg-boss makes a
 * table per queue) right after the migrations; the app then starts pg-boss with `migrate: false` and only reads
 * and writes rows there.
 */
export const JOB_SCHEMA = 'pgboss'

/** The app's queues, plus pg-boss's own queue through which its cron schedules send (timekeeper.js). */
export const APP_QUEUES = ['privacy-retention'] as const
export type QueueName = (typeof APP_QUEUES)[number]
const QUEUES = [...APP_QUEUES, '__pgboss__send-it']

/** The schema version this pg-boss needs; a start as the app role alone checks it (see `pendingMigrations`). */
export const JOB_SCHEMA_VERSION: number = (createRequire(import.meta.url)('pg-boss/version.json') as { schema: number }).schema

/** Owner step: installs or upgrades pg-boss's schema and creates the queues. Idempotent; pg-boss locks its own migration. */
export async function installJobQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOB_SCHEMA, supervise: false, schedule: false, max: 1 })
  let failure: unknown
  boss.on('error', (err) => (failure ??= err))
  await boss.start()
  try {
    // create_queue inserts ON CONFLICT DO NOTHING, so two processes starting together both succeed.
    for (const name of QUEUES) if (!(await boss.getQueue(name))) await boss.createQueue(name)
  } finally {
    await boss.stop({ graceful: false, wait: true })
  }
  if (failure) throw failure
}

/** What the app role needs in pg-boss's schema: rows and sequences; nothing it could create, own or run as DDL. */
export async function grantJobQueue(client: pg.Client, app: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [JOB_SCHEMA])
  if (!rowCount) return
  const schema = client.escapeIdentifier(JOB_SCHEMA)
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}`)
  await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${app}`)
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`)
  await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${app}`)
  await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app}`)
}
