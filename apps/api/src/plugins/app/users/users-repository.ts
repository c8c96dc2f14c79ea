import fp from 'fastify-plugin'
import { and, asc, eq, gt, or, sql } from 'drizzle-orm'
import type { Role, User, UserList, UserListQuery } from '@wohnlotse/shared'
import { sessions, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { decodeCursor, encodeCursor } from '../../../lib/cursor.ts'

type UserRow = typeof users.$inferSelect

/** The public shape of a user: never the password hash. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    mfaEnabled: row.mfaSecret !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export function createUsersRepository(db: Db) {
  // Runs on every authenticated request, so it is a named prepared statement.
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('users_by_id')
  // The same per-request read, now also proving the token's session is alive: logout, a password reset,
  // deactivation and a revoked (stolen) family end the access token at once, in one round trip.
  // Only what a request needs: not the password hash or the second-factor secrets, on every request. The
  // session's expiry comes along so the session cache (auth/session-cache.ts) keeps the answer no longer.
  // Written out with an alias: drizzle leaves column names unqualified in a one-table select list.
  const sessionExpiresAt = sql<Date | null>`(SELECT max(s.expires_at) FROM sessions s
      WHERE s.family_id = ${sql.placeholder('sid')} AND s.user_id = "users"."id" AND s.revoked_at IS NULL)`
  const bySession = db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, sessionExpiresAt: sessionExpiresAt.mapWith(sessions.expiresAt) })
    .from(users)
    .where(and(eq(users.id, sql.placeholder('id')), eq(users.active, true), gt(sessionExpiresAt, sql`now()`)))
    .prepare('users_by_session')
  const byEmail = db
    .select()
    .from(users)
    .where(eq(users.email, sql.placeholder('email')))
    .prepare('users_by_email')

  return {
    async findById(id: string, tx?: Executor): Promise<UserRow | undefined> {
      if (tx) return (await tx.select().from(users).where(eq(users.id, id)).for('update'))[0]
      return (await byId.execute({ id }))[0]
    },

    /** The active user behind a live session and when that session expires, or undefined (one prepared statement). */
    async findBySession(id: string, sid: string): Promise<(Pick<UserRow, 'id' | 'email' | 'name' | 'role'> & { sessionExpiresAt: Date }) | undefined> {
      const row = (await bySession.execute({ id, sid }))[0]
      return row?.sessionExpiresAt ? { ...row, sessionExpiresAt: row.sessionExpiresAt } : undefined
    },

    async findByEmail(email: string): Promise<UserRow | undefined> {
      return (await byEmail.execute({ email: normaliseEmail(email) }))[0]
    },

    async list(query: UserListQuery): Promise<UserList> {
      const limit = query.limit ?? 100
      let after: ReturnType<typeof or> | undefined
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor, ['string', 'uuid'])
        after = or(gt(users.name, name), and(eq(users.name, name), gt(users.id, id)))
      }
      const rows = await db
        .select()
        .from(users)
        .where(
          and(
            query.role ? eq(users.role, query.role) : undefined,
            query.active === undefined ? undefined : eq(users.active, query.active),
            after,
          ),
        )
        .orderBy(asc(users.name), asc(users.id))
        .limit(limit + 1)
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map(toUser),
        nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
      }
    },

    /** Returns undefined when the e-mail is taken (unique index), so callers need no pre-check race. */
    async create(tx: Executor, data: { email: string; name: string; role: Role; passwordHash: string }): Promise<UserRow | undefined> {
      const rows = await tx
        .insert(users)
        .values({ ...data, email: normaliseEmail(data.email) })
        .onConflictDoNothing({ target: users.email })
        .returning()
      return rows[0]
    },

    async update(tx: Executor, id: string, patch: Partial<Pick<UserRow, 'name' | 'role' | 'active'>>): Promise<UserRow> {
      const rows = await tx
        .update(users)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning()
      return rows[0]!
    },

    async setPassword(tx: Executor, id: string, passwordHash: string): Promise<void> {
      await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, id))
    },

    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users)
      return row?.n ?? 0
    },
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    usersRepository: UsersRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('usersRepository', createUsersRepository(fastify.db))
  },
  { name: 'users-repository', dependencies: ['db'] },
)
