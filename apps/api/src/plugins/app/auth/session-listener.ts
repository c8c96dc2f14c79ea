import fp from 'fastify-plugin'
import pg from 'pg'
import { DATABASE_TIMEOUTS } from '../../../db/client.ts'
import { warnUnlessClosing } from '../../external/closing.ts'
import { SessionCache, type SessionCacheOptions } from './session-cache.ts'

/** The channel migration 0024's triggers notify on every change of a users or sessions row. */
export const SESSION_CHANNEL = 'wohnlotse_sessions'

/** Waits between reconnection attempts: from the first to the last, doubling. */
export const RECONNECT_MS = { first: 250, max: 10_000 }
/** A LISTEN connection that cannot answer a ping within the query timeout counts as down. */
const PING_MS = 5_000

declare module 'fastify' {
  interface FastifyInstance {
    sessionCache: SessionCache
  }
}

/**
 * The session cache and the one connection per process that LISTENs for its invalidations. The connection is
 * not from the pool, so it never waits behind requests and requests never wait for it. While it is not
 * connected (at start, after an error, while reconnecting) the cache is empty and keeps nothing, so every
 * request asks the database: a lost notification can never keep a revoked session alive. A ping every few
 * seconds notices a connection that died silently; the cache's short TTL bounds what it could miss meanwhile.
 */
/** Tuning for tests: the cache's TTL and size, and how soon the listener reconnects. */
export interface SessionListenerOptions {
  cache?: Partial<SessionCacheOptions>
  reconnectMs?: typeof RECONNECT_MS
}

export default fp<{ databaseUrl: string } & SessionListenerOptions>(
  async (fastify, opts) => {
    const cache = new SessionCache(opts.cache)
    fastify.decorate('sessionCache', cache)

    let client: pg.Client | undefined
    let closing = false
    const delays = opts.reconnectMs ?? RECONNECT_MS
    let wait = delays.first
    let reconnect: NodeJS.Timeout | undefined

    const down = (failed: pg.Client) => {
      failed.removeAllListeners('notification')
      failed.end().catch(() => {})
      // Each connection counts once: its 'error' and 'end' both arrive, and an old one may end late.
      if (client !== failed) return
      const wasLive = cache.live
      client = undefined
      cache.setLive(false)
      // While the app closes (Ctrl-C stops the embedded PostgreSQL first) that is expected, not an outage.
      if (wasLive) warnUnlessClosing(fastify, {}, 'session cache off: the LISTEN connection is down')
      if (closing || reconnect) return
      reconnect = setTimeout(() => {
        reconnect = undefined
        void connect()
      }, wait)
      reconnect.unref()
      wait = Math.min(wait * 2, delays.max)
    }

    const connect = async () => {
      const candidate = new pg.Client({
        connectionString: opts.databaseUrl,
        connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
        query_timeout: DATABASE_TIMEOUTS.queryMs,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
        application_name: 'wohnlotse session cache',
      })
      client = candidate
      candidate.on('error', () => down(candidate))
      candidate.on('end', () => down(candidate))
      candidate.on('notification', (msg) => {
        if (msg.channel === SESSION_CHANNEL) cache.notified(msg.payload ?? '*')
      })
      try {
        await candidate.connect()
        await candidate.query(`LISTEN ${SESSION_CHANNEL}`)
      } catch {
        down(candidate)
        return
      }
      if (closing || client !== candidate) {
        candidate.end().catch(() => {})
        return
      }
      wait = delays.first
      // Anything the cache held was read while no notification could reach it.
      cache.setLive(true)
    }

    const ping = setInterval(() => {
      const current = client
      if (current && cache.live) current.query('SELECT 1').catch(() => down(current))
    }, PING_MS)
    ping.unref()

    fastify.addHook('onReady', async () => {
      await connect()
    })
    fastify.addHook('onClose', async () => {
      closing = true
      clearInterval(ping)
      if (reconnect) clearTimeout(reconnect)
      cache.setLive(false)
      const current = client
      client = undefined
      await current?.end().catch(() => {})
    })
  },
  { name: 'session-listener', dependencies: ['closing'] },
)
