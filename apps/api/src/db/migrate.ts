import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { paths } from '../config.ts'
import { installJobQueue } from './job-queue.ts'
import { ensureAppRole, pendingMigrations, roleOf, servingRoleProblems } from './roles.ts'

/** Applies the reviewed SQL in migrations/ that this database has not seen yet, then pg-boss's own schema. */
export async function runMigrations(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await migrate(drizzle(client), { migrationsFolder: paths.migrations })
  } finally {
    await client.end()
  }
  await installJobQueue(connectionString)
}

/** A database set-up that must not go on, in words for the operator; `server.ts` prints the message alone. */
export class DatabaseSetupError extends Error {}

/**
 * Brings the database up to date and makes sure requests are served by a role that cannot get round the
 * database's guards (see `roles.ts`):
 * - with `ownerUrl`: migrations run as the owner, then the app role is created if missing and granted exactly
 *   what it needs (again after every migration run, so new tables are covered);
 * - without it, a least-privilege `url` needs no migration step, only a check that none is pending;
 * - a single privileged `url` (the set-up before roles were split) still migrates, but production refuses it.
 * Returns warnings for a development start.
 */
export async function prepareDatabase(urls: { url: string; ownerUrl?: string }, production: boolean): Promise<string[]> {
  const refusal = (problems: string[]) =>
    `the role ${roleOf(urls.url)} of DATABASE_URL ${problems.join(', ')}, so it could get round the append-only audit; serve as a role that owns nothing and run migrations with DATABASE_OWNER_URL (see README, Production).`
  if (urls.ownerUrl) {
    await runMigrations(urls.ownerUrl)
    await ensureAppRole(urls.ownerUrl, urls.url)
  } else {
    const problems = await servingRoleProblems(urls.url)
    if (problems.length === 0) {
      if (await pendingMigrations(urls.url)) {
        throw new DatabaseSetupError('migrations are pending and the role of DATABASE_URL may not run them; set DATABASE_OWNER_URL to the owner role.')
      }
      return []
    }
    if (production) throw new DatabaseSetupError(refusal(problems))
    await runMigrations(urls.url)
  }
  const problems = await servingRoleProblems(urls.url)
  if (problems.length === 0) return []
  if (production) throw new DatabaseSetupError(refusal(problems))
  return [`Warning: ${refusal(problems)}`]
}
