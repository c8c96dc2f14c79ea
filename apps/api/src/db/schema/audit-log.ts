import { sql } from 'drizzle-orm'
import { bigint, boolean, check, customType, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/** A SHA-256 digest; drizzle has no bytea column of its own. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * Append-only record of every change. A trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE,
 * so not even a bug in the app can rewrite history; the app's role cannot switch that trigger off.
 *
 * Tamper evidence for those who can (owner, superuser): rows are inserted unchained and queued in
 * `audit_unsealed`; the sealer (`audit_log_seal()`, migration 0020) chains them shortly after in `audit_seals`.
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
  },
  (t) => [
    uniqueIndex('audit_log_seq_key').on(t.seq),
    index('audit_log_entity_idx').on(t.entity, t.entityId, t.seq),
  ],
)

/**
 * The hash chain over the audit (migration 0020): one row per sealed audit row, in the order the sealer chained
 * them (`position`, 1, 2, 3, … without gaps). `hash` is sha256 over the audit row's content and the previous seal's
 * hash (`audit_log_hash`). Append-only like the audit; written only by the SECURITY DEFINER `audit_log_seal()`.
 */
export const auditSeals = pgTable(
  'audit_seals',
  {
    position: bigint('position', { mode: 'number' }).primaryKey(),
    /** The audit row sealed here; each is sealed exactly once. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: bytea('hash').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('audit_seals_seq_key').on(t.seq), check('audit_seals_position_positive', sql`${t.position} > 0`)],
)

/** Audit rows committed but not sealed yet: filled by a statement trigger on `audit_log`, emptied by the sealer. */
export const auditUnsealed = pgTable('audit_unsealed', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
})

/**
 * The end of the seal chain, one row: the position, audit `seq` and `hash` of the last seal, so removing seals at
 * the tail is detected too. Its row lock (with an advisory lock) keeps two sealers from forking the chain; it is
 * held only while a seal runs, never by the transactions that write audit rows.
 */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: boolean('id').primaryKey().default(true),
    position: bigint('position', { mode: 'number' }),
    seq: bigint('seq', { mode: 'number' }),
    hash: bytea('hash'),
  },
  (t) => [check('audit_chain_head_one_row', sql`${t.id}`)],
)
