import pg from 'pg'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { paths } from '../config.ts'
import { grantJobQueue, JOB_SCHEMA_VERSION } from './job-queue.ts'

/**
 * Least privilege in the database. Two roles: an *owner* that owns the schema and runs the migrations, and an
 * *app* role that serves requests, owns nothing and is no superuser. Only an owner or a superuser may disable a
 * trigger or set `session_replication_role`, so the triggers that keep the audit append-only and billed entries
 * and finalised statements unchanged hold against the app's own connection, whatever a bug or an injected
 * query tries.
 *
 * Roles are per installation (names and passwords), so they are made here at start, never in a migration.
 */

/**
 * Tables the app role may touch less than read-write-delete. Every other table in `public` gets
 * SELECT, INSERT, UPDATE, DELETE (never TRUNCATE, REFERENCES or TRIGGER). A new append-only table belongs here.
 */
export const RESTRICTED_TABLES: Readonly<Record<string, readonly string[]>> = {
  // Append-only: the triggers refuse changes anyway; without the privilege the app cannot even try.
  audit_log: ['SELECT', 'INSERT'],
  statements: ['SELECT', 'INSERT'],
  council_report_snapshots: ['SELECT', 'INSERT'],
  // Written only by the SECURITY DEFINER sealer and queue trigger (migration 0020); the app reads them to verify.
  audit_chain_head: ['SELECT'],
  audit_seals: ['SELECT'],
  audit_unsealed: ['SELECT'],
  // Kept by triggers on `groups` (migration 0015); the app only reads it.
  group_stage_counts: ['SELECT'],
}

const ROLE_OPTIONS = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION'

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString })
  client.on('error', () => {})
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** The role a connection URL logs in as. */
export function roleOf(connectionString: string): string {
  const user = decodeURIComponent(new URL(connectionString).username)
  if (!user) throw new Error('The database URL names no user.')
  return user
}

/**
 * Creates the role if it is missing (`ROLE_OPTIONS`, the password as given). With `resetPassword` an existing
 * role gets the password too: the embedded default keeps the passwords in DATA_DIR and is their only source.
 */
export async function createLoginRole(client: pg.Client, role: string, password: string, resetPassword = false): Promise<void> {
  const name = client.escapeIdentifier(role)
  const secret = client.escapeLiteral(password)
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])
  if (rowCount === 0) await client.query(`CREATE ROLE ${name} ${ROLE_OPTIONS} PASSWORD ${secret}`)
  else if (resetPassword) await client.query(`ALTER ROLE ${name} ${ROLE_OPTIONS} PASSWORD ${secret}`)
}

/**
 * Gives the app role exactly what serving needs, on the database `ownerUrl` points at. Run after every migration
 * run: GRANT … ON ALL TABLES covers tables a migration just added, and the default privileges cover tables the
 * owner creates later. Idempotent.
 */
export async function grantAppRole(ownerUrl: string, appRole: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const app = client.escapeIdentifier(appRole)
    await client.query('BEGIN')
    // Several API processes starting at once would otherwise race on the same catalog rows ("tuple concurrently updated").
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('wohnlotse.grant-app-role'))`)
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db')
    await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(rows[0]!.db)} TO ${app}`)
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`)
    // Start from nothing, so a privilege granted by hand or by an older version does not linger.
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`)
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`)
    const { rows: present } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1)`,
      [Object.keys(RESTRICTED_TABLES)],
    )
    for (const { name } of present) {
      const table = client.escapeIdentifier(name)
      await client.query(`REVOKE ALL ON TABLE ${table} FROM ${app}`)
      await client.query(`GRANT ${RESTRICTED_TABLES[name]!.join(', ')} ON TABLE ${table} TO ${app}`)
    }
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`)
    await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${app}`)
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`)
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${app}`)
    // So a start as the app role alone can tell whether migrations are pending (see `pendingMigrations`).
    const { rowCount } = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'drizzle' AND tablename = '__drizzle_migrations'`)
    if (rowCount) {
      await client.query(`GRANT USAGE ON SCHEMA drizzle TO ${app}`)
      await client.query(`GRANT SELECT ON drizzle.__drizzle_migrations TO ${app}`)
    }
    await grantJobQueue(client, app)
    await client.query('COMMIT')
  })
}

/**
 * Makes sure the role of `appUrl` exists (creating it with the URL's password when the owner may create roles)
 * and holds exactly the app's privileges. A role that exists keeps its password: its administrator manages it.
 */
export async function ensureAppRole(ownerUrl: string, appUrl: string): Promise<void> {
  const appRole = roleOf(appUrl)
  if (appRole === roleOf(ownerUrl)) return
  await withClient(ownerUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [appRole])
    if (rowCount) return
    const { rows } = await client.query<{ may: boolean }>('SELECT rolsuper OR rolcreaterole AS may FROM pg_roles WHERE rolname = current_user')
    if (!rows[0]?.may) throw new Error(`the role ${appRole} of DATABASE_URL does not exist, and the role of DATABASE_OWNER_URL may not create it; create it (see README, Production).`)
    await createLoginRole(client, appRole, decodeURIComponent(new URL(appUrl).password))
  })
  await grantAppRole(ownerUrl, appRole)
}

/**
 * What would let the serving role get round the database's own guards: empty when it is a plain role that owns
 * nothing. Checked at every start; production refuses to serve otherwise.
 */
export async function servingRoleProblems(appUrl: string): Promise<string[]> {
  return withClient(appUrl, async (client) => {
    const { rows } = await client.query<{
      rolsuper: boolean
      rolcreatedb: boolean
      rolcreaterole: boolean
      rolbypassrls: boolean
      owns: boolean
      creates: boolean
    }>(`SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolbypassrls,
              EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relowner = r.oid AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                         AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%') AS owns,
              has_schema_privilege('public', 'CREATE') AS creates
         FROM pg_roles r WHERE r.rolname = current_user`)
    const r = rows[0]!
    const problems: string[] = []
    if (r.rolsuper) problems.push('is a superuser')
    if (r.rolcreatedb) problems.push('may create databases')
    if (r.rolcreaterole) problems.push('may create roles')
    if (r.rolbypassrls) problems.push('bypasses row-level security')
    if (r.owns) problems.push('owns tables')
    if (r.creates) problems.push('may create tables in schema public')
    return problems
  })
}

/** Whether migrations in `migrations/` have not reached the database yet (read as the app role). */
export async function pendingMigrations(appUrl: string): Promise<boolean> {
  const migrations = readMigrationFiles({ migrationsFolder: paths.migrations })
  const latest = migrations.at(-1)?.folderMillis ?? 0
  return withClient(appUrl, async (client) => {
    try {
      const { rows } = await client.query<{ at: string | null }>('SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations')
      // The job queue's schema is installed by the same owner step (see job-queue.ts).
      const { rows: boss } = await client.query<{ version: number }>('SELECT version FROM pgboss.version')
      return Number(rows[0]?.at ?? 0) < latest || boss[0]?.version !== JOB_SCHEMA_VERSION
    } catch {
      return true
    }
  })
}
