import { sql } from 'drizzle-orm'
import { bigint, boolean, check, customType, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/** A SHA-256 digest; drizzle has no bytea column of its own. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * Append-only record of every change. A trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE,
 * so not even a bug in the app can rewrite history; the app's role cannot switch that trigger off.
 *
 * Tamper evidence for those who can (owner, superuser): the rows form a hash chain in `seq` order (migration
 * 0011). A trigger sets `seq`, `prev_hash` and `hash` on every insert, so the app never passes them.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Total order of entries: several changes in one transaction share the same `at`. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Null when the system itself acted (seed, create-admin command). */
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id'),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
    /** `hash` of the row before in `seq` order; null for the first row. */
    prevHash: bytea('prev_hash'),
    /** sha256 over this row's content and `prev_hash` (see `audit_log_hash` in migration 0011). */
    hash: bytea('hash'),
  },
  (t) => [
    uniqueIndex('audit_log_seq_key').on(t.seq),
    index('audit_log_entity_idx').on(t.entity, t.entityId, t.seq),
  ],
)

/**
 * The end of the audit chain, one row: the lock that serialises appends (so simultaneous inserts cannot fork the
 * chain), and the last `seq` and `hash`, so removing rows at the tail is detected too.
 *
 * Every append updates this row, and within one transaction each update leaves a version the next one steps
 * over: a transaction's cost grows with the square of the audit rows it writes. The app writes a few per
 * transaction (thousands would still be fine); a bulk import should commit in batches.
 */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: boolean('id').primaryKey().default(true),
    seq: bigint('seq', { mode: 'number' }),
    hash: bytea('hash'),
  },
  (t) => [check('audit_chain_head_one_row', sql`${t.id}`)],
)
