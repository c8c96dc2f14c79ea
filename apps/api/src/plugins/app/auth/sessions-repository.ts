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
    /**
     * Starts or continues a session family and returns the raw token for the cookie. The family id is the
     * session id (`sid`) the access tokens carry.
     */
    async issue(
      tx: Executor,
      userId: string,
      opts: { familyId?: string; userAgent?: string | undefined } = {},
    ): Promise<{ token: string; familyId: string }> {
      const token = randomBytes(32).toString('base64url')
      const familyId = opts.familyId ?? randomUUID()
      await tx.insert(sessions).values({
        userId,
        familyId,
        tokenHash: digest(token),
        expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
        userAgent: opts.userAgent?.slice(0, 300) ?? null,
      })
      return { token, familyId }
    },

    /**
     * The user's live sessions, one per family: started at the first sign-in, last used at the latest refresh
     * (the SPA refreshes every 15 minutes while open, so that is when the device was last active).
     */
    async listForUser(ex: Executor, userId: string) {
      const result = await ex.execute<{ family_id: string; created_at: Date | string; last_used_at: Date | string; user_agent: string | null }>(sql`
        SELECT family_id, min(created_at) AS created_at, max(created_at) AS last_used_at,
               (array_agg(user_agent ORDER BY created_at DESC))[1] AS user_agent
        FROM sessions WHERE user_id = ${userId}
        GROUP BY family_id
        HAVING bool_or(revoked_at IS NULL AND expires_at > now())
        ORDER BY max(created_at) DESC`)
      return result.rows.map((r) => ({
        familyId: r.family_id,
        createdAt: new Date(r.created_at),
        lastUsedAt: new Date(r.last_used_at),
        userAgent: r.user_agent,
      }))
    },

    /** Ends one of the user's own sessions; false when there is no such live session of theirs. */
    async revokeOwnFamily(tx: Executor, userId: string, familyId: string): Promise<boolean> {
      const rows = await tx
        .update(sessions)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(sessions.familyId, familyId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id })
      return rows.length > 0
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
