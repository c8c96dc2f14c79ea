import pg from 'pg'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import * as schema from './schema/index.ts'

export type Db = NodePgDatabase<typeof schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** Repositories take either the pool-backed db or the transaction they should join. */
export type Executor = Db | Tx

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 })
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {})
  return pool
}

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool, { schema })
}
