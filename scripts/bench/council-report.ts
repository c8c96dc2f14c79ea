/**
 * `pnpm bench:report`: issue 11's speed target for the council report — a year's report over 10,000 groups,
 * 100,000 enquiries and 1,000,000 time entries within 500 ms on this machine. Loads exactly that with the bench
 * generator, starts the built API like `pnpm bench` does, and times the JSON report for 2026 (and the year before,
 * which it computes alongside) from one client. A measuring script, not a test. Options: --samples N.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { addBase, addGroups, addInquiries, isExpertGroup, reconcile, USERS } from './generate.ts'
import { getJson, percentile, timeSerially } from './measure.ts'
import { machine } from './report.ts'
import { accessToken, startApp, startDatabase } from './setup.ts'

const { values: args } = parseArgs({ options: { samples: { type: 'string', default: '15' } } })
const GROUPS = 10_000
const INQUIRIES = 100_000
const TIME_ENTRIES = 1_000_000
const TARGET_MS = 500

console.log(machine().join('\n'))
const db = await startDatabase()
const owner = new pg.Client({ connectionString: db.ownerUrl })
await owner.connect()
let app: Awaited<ReturnType<typeof startApp>> | undefined
try {
  const t = Date.now()
  await owner.query('SET synchronous_commit = off')
  await addBase(owner)
  const expertGroups = Array.from({ length: GROUPS }, (_, i) => i + 1).filter(isExpertGroup).length
  await addGroups(owner, 1, GROUPS, Math.ceil(TIME_ENTRIES / expertGroups))
  await addInquiries(owner, INQUIRIES)
  await reconcile(owner)
  const counts = (await owner.query(`SELECT (SELECT count(*) FROM groups) AS groups, (SELECT count(*) FROM inquiries) AS inquiries,
    (SELECT count(*) FROM time_entries) AS time_entries, (SELECT count(*) FROM referrals) AS referrals`)).rows[0]
  console.log(`loaded in ${((Date.now() - t) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`)

  app = await startApp(db.url)
  const token = accessToken(USERS.coordinator, 'coordinator')
  const url = `${app.url}/api/reports/council?from=2026-01-01&to=2026-12-31`
  await timeSerially(3, () => getJson(url, token))
  const times = await timeSerially(Number(args.samples), () => getJson(url, token))
  const p50 = percentile(times, 50)
  console.log(`GET /api/reports/council for 2026: p50 ${p50.toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, ` +
    `min ${Math.min(...times).toFixed(0)} ms over ${times.length} requests, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  console.log(`target ≤ ${TARGET_MS} ms (median): ${p50 <= TARGET_MS ? 'holds' : 'does NOT hold'}`)
  if (p50 > TARGET_MS) process.exitCode = 1
} finally {
  await app?.stop()
  await owner.end()
  await db.stop()
}
