import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { paths } from '../config.ts'

/** Applies the reviewed SQL in migrations/ that this database has not seen yet. */
export async function runMigrations(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await migrate(drizzle(client), { migrationsFolder: paths.migrations })
  } finally {
    await client.end()
  }
}
