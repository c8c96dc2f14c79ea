import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** True from the first moment of `close()`: what fails from then on is the app stopping, not an outage. */
    readonly closing: boolean
  }
}

/**
 * How long a failure that looks like the database going away waits for the app to start closing before it
 * counts as an outage: the terminal's SIGINT reaches PostgreSQL and this process at the same moment, and the
 * dropped connection may be read before the signal.
 */
export const CLOSING_GRACE_MS = 1_000

/**
 * On Ctrl-C the terminal signals the embedded PostgreSQL too, which stops before the app has closed its own
 * connections: the session listener loses its connection, the audit sealer and the job queue cannot reach
 * the server. While the app is closing that is expected, so those parts log it through warnUnlessClosing, at
 * debug level, not as a warning. Set in preClose, the first thing `close()` runs (before requests drain).
 */
export default fp(
  async (fastify) => {
    let closing = false
    fastify.decorate('closing', { getter: () => closing })
    fastify.addHook('preClose', async () => {
      closing = true
    })
  },
  { name: 'closing' },
)

/**
 * A warning about the database connection that is expected while the app closes: logged at debug level if
 * the app is closing or starts to within CLOSING_GRACE_MS, as a warning otherwise (a real outage).
 */
export function warnUnlessClosing(fastify: FastifyInstance, fields: object, msg: string): void {
  if (fastify.closing) return fastify.log.debug(fields, msg)
  setTimeout(() => fastify.log[fastify.closing ? 'debug' : 'warn'](fields, msg), CLOSING_GRACE_MS).unref()
}
