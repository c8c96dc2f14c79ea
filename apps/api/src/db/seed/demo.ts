import type { Role } from '@wohnlotse/shared'
import { inArray } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { users } from '../schema/index.ts'
import { createUsersRepository, toUser } from '../../plugins/app/users/users-repository.ts'
import { createAuditRepository } from '../../plugins/app/audit/audit-repository.ts'
import { hashPassword } from '../../plugins/app/auth/password.ts'
import { seedDemoGroups } from './demo-groups.ts'
import { seedDemoFachberatung } from './demo-fachberatung.ts'
import { seedDemoFrontdesk } from './demo-frontdesk.ts'

export const DEMO_PASSWORD = 'dresden-demo'

/** Fictional people at example.org: nobody real, no real address. */
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'admin@example.org', name: 'Jana Roth', role: 'admin' },
  { email: 'coordinator@example.org', name: 'Katrin Lehmann', role: 'coordinator' },
  { email: 'frontdesk@example.org', name: 'Tom Becker', role: 'frontdesk' },
  { email: 'advisor@example.org', name: 'Miriam Hoffmann', role: 'advisor' },
  { email: 'advisor2@example.org', name: 'Paul Schubert', role: 'advisor' },
  { email: 'advisor3@example.org', name: 'Sabine Krause', role: 'advisor' },
  { email: 'city@example.org', name: 'Henrike Vogt', role: 'city' },
]

/** Whether any demo account exists (production refuses to run on such a database). */
export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const found = await db.select({ id: users.id }).from(users).where(inArray(users.email, DEMO_USERS.map((u) => u.email))).limit(1)
  return found.length > 0
}

/** Seeds the demo installation once: only into an empty database. Returns whether it seeded. */
export async function seedDemo(db: Db): Promise<boolean> {
  const users = createUsersRepository(db)
  const audit = createAuditRepository(db)
  if ((await users.count()) > 0) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.transaction(async (tx) => {
    const ids: Record<string, string> = {}
    for (const demo of DEMO_USERS) {
      const row = (await users.create(tx, { ...demo, passwordHash }))!
      ids[demo.email] = row.id
      await audit.record(tx, { actorId: null, action: 'user.create', entity: 'user', entityId: row.id, after: toUser(row) })
    }
    const staff = { coordinatorId: ids['coordinator@example.org']!, frontdeskId: ids['frontdesk@example.org']! }
    await seedDemoGroups(tx, audit, staff)
    await seedDemoFachberatung(tx, audit, { ...staff, advisorIds: [ids['advisor@example.org']!, ids['advisor2@example.org']!, ids['advisor3@example.org']!] })
    await seedDemoFrontdesk(tx, audit, staff)
  })
  return true
}
