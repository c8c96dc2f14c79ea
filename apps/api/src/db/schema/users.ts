import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ROLES } from '@wohnlotse/shared'

export const userRole = pgEnum('user_role', ROLES)

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased, so the unique index makes addresses case-insensitive. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: userRole('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    /**
     * The TOTP secret of the confirmed second factor, AES-256-GCM encrypted with a key derived from the
     * signing secret: a copy of the table alone cannot produce codes. Null while two-factor login is off.
     */
    mfaSecret: text('mfa_secret'),
    /** A secret handed out by setup and not yet confirmed with a code (replaced by the next setup). */
    mfaPendingSecret: text('mfa_pending_secret'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    /** The last TOTP time step accepted, so a code cannot be used twice within its window. */
    mfaLastStep: bigint('mfa_last_step', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    // Keyset pagination of the user list (ordered by name), with and without the role filter.
    index('users_name_idx').on(t.name, t.id),
    index('users_role_name_idx').on(t.role, t.name, t.id),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
)
