import fp from 'fastify-plugin'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { and, eq, isNull, ne, sql } from 'drizzle-orm'
import { sessions } from '../../../db/schema/index.ts'
import type { Executor } from '../../../db/client.ts'

/** How long a refresh token lives without use (a working week plus the weekend). */
export const REFRESH_TTL_MS = 8 * 24 * 60 * 60 * 1000

const digest = (token: string) => createHash('sha256').update(token).digest('hex')

/** Every method joins the caller's transaction: sessions change only together with what caused it. */
export function createSessionsRepository() {
  return {
    /** Starts or continues a session family and returns the raw token for the cookie. */
    async issue(tx: Executor, userId: string, familyId: string = randomUUID()): Promise<string> {
      const token = randomBytes(32).toString('base64url')
      await tx.insert(sessions).values({
        userId,
        familyId,
        tokenHash: digest(token),
        expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
      })
      return token
    },

    /** Locks the session row so two tabs refreshing at once cannot both rotate the same token. */
    async findForUpdate(tx: Executor, token: string) {
      const rows = await tx.select().from(sessions).where(eq(sessions.tokenHash, digest(token))).for('update')
      return rows[0]
    },

    async revoke(tx: Executor, id: string): Promise<void> {
      await tx.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    },

    async revokeFamily(tx: Executor, familyId: string): Promise<void> {
      await tx
        .update(sessions)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(sessions.familyId, familyId), isNull(sessions.revokedAt)))
    },

    /** Ends every session of a user but the one (family) they are using right now. */
    async revokeOthers(tx: Executor, userId: string, keepFamilyId: string | undefined): Promise<void> {
      await tx
        .update(sessions)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepFamilyId ? ne(sessions.familyId, keepFamilyId) : undefined))
    },

    async revokeAllForUser(tx: Executor, userId: string): Promise<void> {
      await tx
        .update(sessions)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    },
  }
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    sessionsRepository: SessionsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('sessionsRepository', createSessionsRepository())
  },
  { name: 'sessions-repository', dependencies: ['db'] },
)
