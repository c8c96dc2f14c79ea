/**
 * The reference side of a figure, in its own process: raw `pg` running the equivalent prepared statements on
 * the same server, with the app's pool size and the same number of concurrent callers, for a fixed time.
 * Prints one JSON line: operations per second, p50/p99 latency, errors.
 * Run by `run.ts` as `node --import tsx reference.ts '<spec json>'`.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { benchId, isExpertGroup, USERS } from './generate.ts'
import { GRANT_BY_ID, GROUP_BY_ID } from './reference-sql.ts'

export interface ReferenceSpec {
  scenario: 'group' | 'me' | 'grant' | 'log'
  url: string
  pool: number
  concurrency: number
  durationMs: number
  /** group, grant: ids are drawn from groups 1..groups. */
  groups?: number
  /** log: the grants entries are logged against, with their advisor. */
  grants?: { id: string; advisorId: string }[]
}

export interface ReferenceResult {
  perSecond: number
  p50: number
  p99: number
  errors: number
  /** Operations that succeeded, and the CPU time (user + system, ms) this process used for them. */
  operations: number
  cpuMs: number
}

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!

function randomGroup(groups: number, expertOnly: boolean): number {
  for (;;) {
    const i = 1 + Math.floor(Math.random() * groups)
    if (!expertOnly || isExpertGroup(i)) return i
  }
}

/** One operation of each scenario, as the app would ideally run it: prepared, one round trip where possible. */
function operation(spec: ReferenceSpec, pool: pg.Pool): () => Promise<boolean> {
  switch (spec.scenario) {
    case 'group':
      return async () => {
        const r = await pool.query({ ...GROUP_BY_ID, values: [benchId('group', randomGroup(spec.groups!, false))] })
        return r.rowCount === 1
      }
    case 'me':
      return async () => {
        const r = await pool.query({
          name: 'me',
          text: `SELECT id, email, name, role FROM users u WHERE id = $1 AND active
                 AND EXISTS (SELECT 1 FROM sessions s WHERE s.family_id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now())`,
          values: [USERS.coordinator, benchId('session', USERS.coordinator)],
        })
        return r.rowCount === 1
      }
    case 'grant':
      return async () => {
        const r = await pool.query({ ...GRANT_BY_ID, values: [benchId('grant', randomGroup(spec.groups!, true))] })
        return r.rowCount === 1
      }
    case 'log':
      // The least an accepted entry needs: take minutes under the cap (row lock), insert the entry, audit it.
      return async () => {
        const grant = pick(spec.grants!)
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          const taken = await client.query({
            name: 'take',
            text: `UPDATE grants SET submitted_minutes = submitted_minutes + $2
                   WHERE id = $1 AND advisor_id = $3 AND status = 'active' AND submitted_minutes + approved_minutes + $2 <= granted_minutes RETURNING id`,
            values: [grant.id, 15, grant.advisorId],
          })
          if (taken.rowCount !== 1) {
            await client.query('ROLLBACK')
            return false
          }
          const entry = await client.query({
            name: 'entry',
            text: `INSERT INTO time_entries (grant_id, advisor_id, date, minutes, activity, idempotency_key) VALUES ($1, $2, $3, $4, 'consultation', $5) RETURNING *`,
            values: [grant.id, grant.advisorId, '2026-11-02', 15, randomUUID()],
          })
          await client.query({
            name: 'audit',
            text: `INSERT INTO audit_log (actor_id, action, entity, entity_id, after) VALUES ($1, 'time_entry.create', 'time_entry', $2, $3)`,
            values: [grant.advisorId, entry.rows[0].id, JSON.stringify(entry.rows[0])],
          })
          await client.query('COMMIT')
          return true
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {})
          throw err
        } finally {
          client.release()
        }
      }
  }
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0)

export async function runReference(spec: ReferenceSpec): Promise<ReferenceResult> {
  const pool = new pg.Pool({ connectionString: spec.url, max: spec.pool })
  const op = operation(spec, pool)
  // Connections open and statements prepared before the clock starts, as in the warmed-up app.
  await Promise.all(Array.from({ length: spec.pool }, () => op().catch(() => false)))
  const latencies: number[] = []
  let errors = 0
  const cpuBefore = process.cpuUsage()
  const end = performance.now() + spec.durationMs
  const started = performance.now()
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now()
        let ok = false
        try {
          ok = await op()
        } catch {
          ok = false
        }
        if (ok) latencies.push(performance.now() - t)
        else errors++
      }
    }),
  )
  const elapsed = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  await pool.end()
  const sorted = Float64Array.from(latencies).sort()
  return {
    perSecond: (latencies.length * 1000) / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
    operations: latencies.length,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }
}

if (process.argv[2]) {
  console.log(JSON.stringify(await runReference(JSON.parse(process.argv[2]) as ReferenceSpec)))
}
