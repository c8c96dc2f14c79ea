import { setTimeout as sleep } from 'node:timers/promises'
import { AppError } from '../errors.ts'
import { sqlStateOf } from '../lib/database-errors.ts'
import type { Db, Tx } from './client.ts'

/**
 * SQLSTATEs after which the same transaction, run again from the start, can succeed: a deadlock
 * (PostgreSQL aborted us to break a lock cycle) and a serialization failure.
 */
export const RETRYABLE: ReadonlySet<string> = new Set(['40P01', '40001'])

/** Attempts in all, the first included. */
export const MAX_ATTEMPTS = 5

/** The part of a pino/Fastify logger the helper uses. */
export interface RetryLog {
  warn(fields: object, message: string): void
}

export interface TransactionOptions {
  attempts?: number
  log?: RetryLog
}

/** The retryable SQLSTATE in `err`: drizzle wraps pg's error in `cause`, a failed COMMIT throws pg's own. */
function retryableState(err: unknown): string | undefined {
  const state = sqlStateOf(err)
  return state && RETRYABLE.has(state) ? state : undefined
}

/** 10, 20, 40, 80 ms, each between half and all of it, so two retrying requests do not collide again in step. */
function backoffMs(attempt: number): number {
  const ceiling = 5 * 2 ** attempt
  return ceiling / 2 + Math.random() * (ceiling / 2)
}

/**
 * Runs `work` in a transaction and runs it again when PostgreSQL aborts it for a deadlock or a serialization
 * failure, up to `attempts` times; after that the caller gets 409 CONCURRENT_UPDATE instead of a 500.
 *
 * The lock order in plugins/app/fachberatung/LOCKING.md keeps deadlocks from happening among our own write
 * paths; this is the safety net for the ones nobody foresaw, and a retry is logged so they get noticed.
 *
 * `work` may run more than once: it must not do anything outside the transaction (no e-mails, no changes to
 * in-memory state) that a rolled-back attempt would leave behind. Only the last attempt's result is returned.
 * It takes the pool-backed `db` on purpose: retrying inside an outer transaction would not release the outer
 * transaction's locks, so it could not break the cycle.
 */
export async function runTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? MAX_ATTEMPTS
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work)
    } catch (err) {
      const state = retryableState(err)
      if (!state) throw err
      if (attempt >= attempts) {
        options.log?.warn({ sqlState: state, attempts }, 'transaction gave up after repeated concurrency failures')
        throw new AppError('CONCURRENT_UPDATE', 'Someone else changed the same records at the same moment; try again')
      }
      options.log?.warn({ sqlState: state, attempt }, 'transaction aborted by a concurrency failure; retrying')
      await sleep(backoffMs(attempt))
    }
  }
}

/** `runTransaction` bound to a service's database and logger: `const transaction = transactionRunner(db, fastify.log)`. */
export function transactionRunner(db: Db, log?: RetryLog) {
  return <T>(work: (tx: Tx) => Promise<T>): Promise<T> => runTransaction(db, work, { log })
}
