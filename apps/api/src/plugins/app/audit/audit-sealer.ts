import fp from 'fastify-plugin'
import { safeDatabaseLog } from '../../../lib/database-errors.ts'
import { warnUnlessClosing } from '../../external/closing.ts'
import { SEAL_BATCH_ROWS } from './audit-repository.ts'

/** How often each API process seals the audit rows committed meanwhile (migration 0020). */
export const SEAL_INTERVAL_MS = 500

/**
 * Chains new audit rows shortly after they commit, so no writer waits for the chain (migration 0020). Every
 * process runs one; the database lets one seal at a time and the others give way. An unref'd timer, so it keeps
 * no process alive; a tick is skipped while the last one still runs; close waits for the running one.
 */
export default fp<{ intervalMs?: number }>(
  async (fastify, opts) => {
    const intervalMs = opts.intervalMs ?? SEAL_INTERVAL_MS
    let running: Promise<void> | null = null
    let timer: NodeJS.Timeout | undefined
    let failing = false
    const tick = () => {
      if (running) return
      running = (async () => {
        try {
          // A backlog (after a pause, or a large batch) is sealed in several short transactions in a row.
          while ((await fastify.auditRepository.seal()) === SEAL_BATCH_ROWS);
          failing = false
        } catch (err) {
          // Once per outage, not twice a second: the next successful seal takes the rows left behind.
          // While the app closes the database may be gone already (Ctrl-C stops the embedded one first): expected.
          if (!failing) warnUnlessClosing(fastify, safeDatabaseLog(err), 'sealing the audit trail failed; retrying')
          failing = true
        } finally {
          running = null
        }
      })()
    }
    fastify.addHook('onReady', async () => {
      timer = setInterval(tick, intervalMs)
      timer.unref()
    })
    fastify.addHook('onClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'audit-sealer', dependencies: ['audit-repository', 'closing'] },
)
