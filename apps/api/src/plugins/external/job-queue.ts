import fp from 'fastify-plugin'
import PgBoss from 'pg-boss'
import { JOB_SCHEMA } from '../../db/job-queue.ts'
import { safeDatabaseLog, sqlStateOf } from '../../lib/database-errors.ts'
import { warnUnlessClosing } from './closing.ts'

export interface JobQueueOptions {
  databaseUrl: string
  /** Off unless given: tests and tools build the app without workers and schedules; `server.ts` turns it on. */
  enabled: boolean
  /** How often a worker looks for a job (pg-boss's default is 2 s); tests shorten it. */
  pollingIntervalSeconds?: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** pg-boss on the app's database, as the app role; null when the job queue is off. Started in onReady. */
    jobQueue: PgBoss | null
    jobQueueOptions: { pollingIntervalSeconds: number }
  }
}

/**
 * SQLSTATEs of a server that is going away (admin_shutdown, crash_shutdown, cannot_connect_now). On Ctrl-C the
 * terminal signals PostgreSQL too, which may stop before pg-boss does: that is a warning, not an error.
 */
const SERVER_SHUTTING_DOWN = new Set(['57P01', '57P02', '57P03'])

/** How long a stop waits for a running job (a retention run is one transaction) before pg-boss gives up on it. */
const STOP_TIMEOUT_MS = 20_000

/**
 * The job queue: pg-boss with its schema `pgboss`, installed by the owner (see db/job-queue.ts), so it starts
 * with `migrate: false` and never needs DDL. Plugins add schedules and workers in their own onReady hooks,
 * which run after this one; onClose stops it before the database pool closes (hooks close in reverse order).
 */
export default fp<JobQueueOptions>(
  async (fastify, opts) => {
    fastify.decorate('jobQueueOptions', { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 })
    if (!opts.enabled) {
      fastify.decorate('jobQueue', null)
      return
    }
    const boss = new PgBoss({ connectionString: opts.databaseUrl, schema: JOB_SCHEMA, migrate: false, max: 2, application_name: 'wohnlotse-jobs' })
    // pg-boss's errors carry the failed query's parameters (job data): only the safe facts go to the log.
    boss.on('error', (err) => {
      if (SERVER_SHUTTING_DOWN.has(sqlStateOf(err) ?? '')) {
        // Expected while the app closes too (Ctrl-C stops the embedded PostgreSQL first): no warning then.
        warnUnlessClosing(fastify, safeDatabaseLog(err), 'job queue: the database is shutting down')
      }
      else fastify.log.error(safeDatabaseLog(err), 'job queue error')
    })
    fastify.decorate('jobQueue', boss)
    fastify.addHook('onReady', async () => {
      await boss.start()
    })
    fastify.addHook('onClose', async () => {
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS })
    })
  },
  { name: 'job-queue', dependencies: ['closing'] },
)
