import pg from 'pg'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import * as schema from './schema/index.ts'
import { isUnavailable } from '../lib/database-errors.ts'

export type Db = NodePgDatabase<typeof schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** Repositories take either the pool-backed db or the transaction they should join. */
export type Executor = Db | Tx

/**
 * How long a request may wait on the database before it answers 503 DATABASE_UNAVAILABLE. Nothing in this
 * app legitimately runs for seconds; without these limits a frozen or unreachable server hangs every request
 * (and holds its socket) for as long as TCP takes to give up, which is minutes.
 */
export const DATABASE_TIMEOUTS = {
  /** Waiting for a pooled client, or for a new connection to finish its handshake. */
  connectMs: 5_000,
  /** Server side: PostgreSQL cancels a statement (or a lock wait) running longer than this. */
  statementMs: 5_000,
  /**
   * Client side: gives up on a server that does not answer at all (frozen, or the network swallows packets),
   * which `statement_timeout` cannot notice. Longer than the statement timeout, so a merely slow query gets
   * PostgreSQL's clean cancellation first; the connection is then dropped, not handed out again.
   */
  queryMs: 7_000,
  /** A transaction left open by a crashed or stuck request must not hold its locks for ever. */
  idleInTransactionMs: 30_000,
} as const

/**
 * Planner settings of the app's connections. random_page_cost 1.1 instead of 4: the data sits in memory or on SSD,
 * where a page out of order costs little more than the next one. With 4, PostgreSQL walked the whole list's index
 * (groups_updated_idx, read in table order) rather than a filter's own index (groups_district_updated_idx, whose
 * rows lie spread over the table): a search within one district read 7,658 groups instead of 404 for its 51 rows
 * at 100,000 groups (test/groups-list-index.test.ts). Sent in the startup packet, so no round trip.
 */
export const PLANNER_SETTINGS = { random_page_cost: '1.1' } as const
/** PLANNER_SETTINGS as a connection's startup `options` (the bench's reference connection uses them too). */
export const plannerOptions = Object.entries(PLANNER_SETTINGS).map(([k, v]) => `-c ${k}=${v}`).join(' ')

/**
 * Makes a checked-out client give itself back when its connection breaks. drizzle's `transaction()` never
 * releases the client when `begin` fails (a lost or frozen connection), and pg-pool listens for errors only
 * on idle clients: without this, each such failure keeps a pool slot for ever (the app would stay at 503
 * after the database is back) and an error on the stranded connection is uncaught and ends the process.
 */
function returnWhenBroken(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client)
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  let released = false
  const giveBack = (err?: Error | boolean) => {
    if (released) return
    released = true
    client.off('error', onBroken)
    client.off('end', onBroken)
    client.query = query as typeof client.query
    // With an error, the pool closes the connection instead of handing it out again.
    release(err)
  }
  function onBroken(err?: Error) {
    giveBack(err ?? new Error('Connection terminated'))
  }
  client.on('error', onBroken)
  client.once('end', onBroken)
  // A timed-out query leaves its connection waiting for an answer that may never come: no 'error' follows.
  client.query = ((...args: unknown[]) => {
    const result = query(...args)
    if (result instanceof Promise) result.catch((err: unknown) => isUnavailable(err) && giveBack(err as Error))
    return result
  }) as typeof client.query
  // drizzle still calls release() after a failed rollback; the second call must be harmless.
  client.release = giveBack
  return client
}

/** A pg Pool whose clients return themselves when their connection breaks (see `returnWhenBroken`). */
class Pool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    // pool.query() uses the callback form and already releases with the error itself.
    if (callback) return super.connect(callback)
    return super.connect().then(returnWhenBroken)
  }
}

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new Pool({
    connectionString,
    max,
    options: plannerOptions,
    connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
    statement_timeout: DATABASE_TIMEOUTS.statementMs,
    query_timeout: DATABASE_TIMEOUTS.queryMs,
    idle_in_transaction_session_timeout: DATABASE_TIMEOUTS.idleInTransactionMs,
    // Idle connections to a server that vanished (no FIN, no RST) are noticed instead of failing the next request late.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  })
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {})
  return pool
}

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool, { schema })
}
