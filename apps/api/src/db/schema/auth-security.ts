import { sql } from 'drizzle-orm'
import { bigserial, boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/**
 * Sign-in attempts: failed ones feed the throttle, successful ones mark an address as known for an account.
 * Kept in PostgreSQL so the limits hold across API processes and restarts; rows older than 30 days are
 * deleted whenever an attempt is recorded, so the table stays bounded.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `login` (password at sign-in), `mfa` (second factor), `password` (current password when changing it). */
    kind: text('kind').notNull(),
    /** Client address as Fastify sees it (X-Forwarded-For only with TRUST_PROXY). */
    address: text('address').notNull(),
    /** The normalised e-mail the attempt was aimed at, whether or not such an account exists. */
    account: text('account').notNull(),
    succeeded: boolean('succeeded').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_address_idx').on(t.address, t.createdAt),
    index('login_attempts_account_idx').on(t.account, t.createdAt),
    index('login_attempts_created_idx').on(t.createdAt),
    check('login_attempts_kind', sql`${t.kind} IN ('login', 'mfa', 'password')`),
  ],
)

/** Single-use recovery codes for a lost authenticator; only a SHA-256 of each (random, 50-bit) code is kept. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
)
