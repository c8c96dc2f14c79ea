import fp from 'fastify-plugin'
import type pg from 'pg'
import { createDb, createPool, type Db } from '../../db/client.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    pool: pg.Pool
  }
}

export default fp<{ databaseUrl: string }>(
  async (fastify, opts) => {
    const pool = createPool(opts.databaseUrl)
    fastify.decorate('pool', pool)
    fastify.decorate('db', createDb(pool))
    fastify.addHook('onClose', async () => {
      await pool.end()
    })
  },
  { name: 'db' },
)
