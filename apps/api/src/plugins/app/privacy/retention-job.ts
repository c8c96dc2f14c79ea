import fp from 'fastify-plugin'
import { OFFICE_TIME_ZONE } from '@wohnlotse/shared'
import type { QueueName } from '../../../db/job-queue.ts'
import { safeDatabaseLog } from '../../../lib/database-errors.ts'

export const RETENTION_QUEUE: QueueName = 'privacy-retention'

/** Daily at 03:15 Berlin time: a quiet hour, after midnight so "closed six months ago" counts whole days. */
export const RETENTION_CRON = '15 3 * * *'
export const RETENTION_TZ = OFFICE_TIME_ZONE

/** A job's data: nothing but the moment to apply the periods at (tests send one; the schedule sends none). */
export interface RetentionJobData {
  asOf?: string
}

/**
 * The daily retention on the job queue: a cron schedule (pg-boss sends one job per tick however many processes
 * run it) and a worker in every process. A job runs the retention service as a scheduled run, which takes a
 * database-wide lock and skips a Berlin day that already has a scheduled run: the work is done once even when
 * a job is sent twice.
 */
export default fp(
  async (fastify) => {
    const boss = fastify.jobQueue
    if (!boss) return
    fastify.addHook('onReady', async () => {
      await boss.schedule(RETENTION_QUEUE, RETENTION_CRON, {}, { tz: RETENTION_TZ })
      await boss.work<RetentionJobData>(RETENTION_QUEUE, { pollingIntervalSeconds: fastify.jobQueueOptions.pollingIntervalSeconds }, async (jobs) => {
        for (const job of jobs) {
          const asOf = job.data?.asOf ? new Date(job.data.asOf) : new Date()
          try {
            const run = await fastify.privacyService.retention.run(asOf, 'schedule', null)
            fastify.log.info({ jobId: job.id, runId: run?.id ?? null }, run ? 'retention run done' : 'retention run skipped: this day ran already or runs elsewhere')
          } catch (err) {
            // pg-boss keeps a failed job's error in its table: it gets no message that could quote a value.
            fastify.log.error({ jobId: job.id, ...safeDatabaseLog(err) }, 'retention run failed')
            throw new Error('retention run failed')
          }
        }
      })
    })
  },
  { name: 'retention-job', dependencies: ['job-queue', 'privacy-service'] },
)
