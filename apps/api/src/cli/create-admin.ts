import { parseArgs } from 'node:util'
import { Value } from 'typebox/value'
import { UserCreate } from '@wohnlotse/shared'
import { loadConfig } from '../config.ts'
import { DatabaseSetupError, prepareDatabase } from '../db/migrate.ts'
import { createDb, createPool } from '../db/client.ts'
import { createUsersRepository, toUser } from '../plugins/app/users/users-repository.ts'
import { createAuditRepository } from '../plugins/app/audit/audit-repository.ts'
import { hashPassword, passwordTooCommon } from '../plugins/app/auth/password.ts'

// Creates the first admin on an external database (DATABASE_URL), where nothing is seeded.
// Usage: pnpm create-admin --email it@example.org --name "Vorname Nachname"  (password from ADMIN_PASSWORD)
const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } })
const password = process.env.ADMIN_PASSWORD ?? ''
const body = { email: values.email ?? '', name: values.name ?? '', role: 'admin' as const, password }
if (!Value.Check(UserCreate, body)) {
  console.error('Usage: ADMIN_PASSWORD=<at least 12 characters> pnpm create-admin --email <e-mail> --name "<name>"')
  process.exit(2)
}
// The same list the API checks: the first admin's password is the most valuable one.
if (await passwordTooCommon(password)) {
  console.error('ADMIN_PASSWORD is too common or known from breaches; choose a longer passphrase.')
  process.exit(2)
}
const config = loadConfig()
if (!config.databaseUrl) {
  console.error('Set DATABASE_URL: the embedded default seeds its own demo admin.')
  process.exit(2)
}
try {
  // Same as a start: migrations and grants as the owner when DATABASE_OWNER_URL is set; the admin is written as the app role.
  for (const warning of await prepareDatabase({ url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl }, config.production)) console.warn(warning)
} catch (err) {
  if (!(err instanceof DatabaseSetupError)) throw err
  console.error(`Cannot create the admin: ${err.message}`)
  process.exit(1)
}
const pool = createPool(config.databaseUrl, 1)
const db = createDb(pool)
const passwordHash = await hashPassword(password)
const created = await db.transaction(async (tx) => {
  const row = await createUsersRepository(db).create(tx, { ...body, passwordHash })
  if (row) await createAuditRepository(db).record(tx, { actorId: null, action: 'user.create', entity: 'user', entityId: row.id, after: toUser(row) })
  return row
})
await pool.end()
if (!created) {
  console.error(`An account with the e-mail ${body.email} exists already.`)
  process.exit(1)
}
console.log(`Created admin ${created.email} (${created.id}).`)
