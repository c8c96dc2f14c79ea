import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { mfaRecoveryCodes, settings, users } from '../../../db/schema/index.ts'
import type { Executor } from '../../../db/client.ts'

/** The settings row; without it the installation default applies (on in production). */
export const MFA_REQUIRED_SETTING = 'mfa_required_for_staff'

/** Data access for the second factor; every write joins the caller's transaction. */
export const mfaRepository = {
  async setPending(tx: Executor, userId: string, encryptedSecret: string): Promise<void> {
    await tx.update(users).set({ mfaPendingSecret: encryptedSecret }).where(eq(users.id, userId))
  },

  /** Turns the pending secret into the active one; `step` is the time step of the confirming code. */
  async enable(tx: Executor, userId: string, step: number): Promise<void> {
    await tx
      .update(users)
      .set({ mfaSecret: sql`${users.mfaPendingSecret}`, mfaPendingSecret: null, mfaEnabledAt: sql`now()`, mfaLastStep: step, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
  },

  async clear(tx: Executor, userId: string): Promise<void> {
    await tx
      .update(users)
      .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId))
  },

  /** Accepts a time step only once and only after the last one: two requests with one code cannot both pass. */
  async advanceStep(ex: Executor, userId: string, step: number): Promise<boolean> {
    const rows = await ex
      .update(users)
      .set({ mfaLastStep: step })
      .where(and(eq(users.id, userId), or(isNull(users.mfaLastStep), lt(users.mfaLastStep, step))))
      .returning({ id: users.id })
    return rows.length > 0
  },

  async replaceRecoveryCodes(tx: Executor, userId: string, hashes: string[]): Promise<void> {
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId))
    await tx.insert(mfaRecoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })))
  },

  /** Marks a recovery code used; false when it is unknown or used already (atomic, so it works once). */
  async useRecoveryCode(ex: Executor, userId: string, codeHash: string): Promise<boolean> {
    const rows = await ex
      .update(mfaRecoveryCodes)
      .set({ usedAt: sql`now()` })
      .where(and(eq(mfaRecoveryCodes.userId, userId), eq(mfaRecoveryCodes.codeHash, codeHash), isNull(mfaRecoveryCodes.usedAt)))
      .returning({ id: mfaRecoveryCodes.id })
    return rows.length > 0
  },

  async unusedRecoveryCodes(ex: Executor, userId: string): Promise<number> {
    const [row] = await ex
      .select({ n: count() })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)))
    return row?.n ?? 0
  },

  async requiredForStaff(ex: Executor, fallback: boolean): Promise<boolean> {
    const [row] = await ex.select().from(settings).where(eq(settings.key, MFA_REQUIRED_SETTING))
    return row ? row.value === 1 : fallback
  },

  async setRequiredForStaff(tx: Executor, required: boolean): Promise<void> {
    await tx
      .insert(settings)
      .values({ key: MFA_REQUIRED_SETTING, value: required ? 1 : 0 })
      .onConflictDoUpdate({ target: settings.key, set: { value: required ? 1 : 0, updatedAt: sql`now()` } })
  },
}
