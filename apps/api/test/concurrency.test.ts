import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'drizzle-orm'
import type { Response } from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'
import { contractFor, expertGroup, grantFor, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'
import { AppError } from '../src/errors.ts'
import { MAX_ATTEMPTS, runTransaction } from '../src/db/transaction.ts'

let t: TestApp
let s: Awaited<ReturnType<typeof staff>>
let coordinator2: TestUser
let contract: { id: string; hourlyRateCents: number }
const groupIds: string[] = []
/** The Idempotency-Keys the storms used, each sent twice at once. */
const keys: string[] = []

beforeAll(async () => {
  t = await buildTestApp()
  s = await staff(t)
  coordinator2 = await createUser(t, 'coordinator', { name: 'Konrad Koordination' })
  // Valid from three years back, so every round can bill its own past month.
  contract = await contractFor(t, s.coordinator, s.advisorA, { validFrom: `${thisYear() - 3}-01-01`, hourlyRateCents: 8_730 })
  await setBudget(t, s.coordinator, 500_000_000)
  for (let i = 0; i < 3; i++) groupIds.push(await expertGroup(t, s.coordinator))
})
afterAll(async () => t.close())

const ROUNDS = 20

/** The month a round logs and bills: round 0 is January three years ago, then one month per round. */
function monthOf(round: number): string {
  const start = (thisYear() - 3) * 12
  const y = Math.floor((start + round) / 12)
  const m = ((start + round) % 12) + 1
  return `${y}-${String(m).padStart(2, '0')}`
}

interface Outcome {
  what: string
  status: number
  code?: string
}

/** What each request of the storm may answer: a clean refusal is fine, a 500 never is. */
const ALLOWED: Record<string, Record<number, (string | undefined)[]>> = {
  // 404: an entry of the batch was withdrawn by its advisor at the same moment.
  approve: { 200: [undefined], 404: ['NOT_FOUND'], 409: ['ENTRY_LOCKED'] },
  reject: { 200: [undefined], 409: ['ENTRY_LOCKED'] },
  patch: { 200: [undefined], 409: ['ENTRY_LOCKED'] },
  delete: { 204: [undefined], 409: ['ENTRY_LOCKED'] },
  topUp: { 200: [undefined], 422: ['GRANT_CLOSED'] },
  close: { 200: [undefined], 409: ['GRANT_HAS_PENDING_ENTRIES'] },
  finalize: { 200: [undefined] },
  log: { 201: [undefined] },
}

function outcome(what: string, res: Response): Outcome {
  return { what, status: res.status, ...(res.status >= 400 ? { code: res.body?.code } : {}) }
}

async function logEntry(grantId: string, minutes: number, date: string): Promise<string> {
  const res = await t.api.post(`/api/grants/${grantId}/time-entries`).set(bearer(s.advisorA)).send({ date, minutes, activity: 'consultation' })
  expect(res.status).toBe(201)
  return res.body.id
}

/**
 * One round: three fresh grants under the one contract, entries on two of them, then everything at once —
 * two coordinators approving batches that span the same two grants (some disjoint, some overlapping), a
 * rejection, the advisor changing, withdrawing and logging entries (one with a retried Idempotency-Key),
 * top-ups, closing a grant and finalising the month's statement.
 */
async function round(r: number): Promise<Outcome[]> {
  const month = monthOf(r)
  const day = (d: number) => `${month}-${String(d).padStart(2, '0')}`
  const g1 = await grantFor(t, s.coordinator, groupIds[0]!, contract.id, 600)
  const g2 = await grantFor(t, coordinator2, groupIds[1]!, contract.id, 600)
  const g3 = await grantFor(t, s.coordinator, groupIds[2]!, contract.id, 300)
  const a: string[] = []
  const b: string[] = []
  for (let i = 0; i < 4; i++) {
    a.push(await logEntry(g1.id, 60, day(3 + i)))
    b.push(await logEntry(g2.id, 45, day(10 + i)))
  }
  // g3 has only approved hours, so it can be closed during the storm.
  const c0 = await logEntry(g3.id, 30, day(2))
  await t.api.post(`/api/time-entries/${c0}/approve`).set(bearer(s.coordinator)).expect(200)

  const key = randomUUID()
  const api = t.api
  const as = (u: TestUser) => bearer(u)
  const storm: Promise<Outcome>[] = [
    api.post('/api/time-entries/approve').set(as(s.coordinator)).send({ ids: [a[0], b[0], a[1], b[1]] }).then((res) => outcome('approve', res)),
    api.post('/api/time-entries/approve').set(as(coordinator2)).send({ ids: [b[2], a[2], b[3]] }).then((res) => outcome('approve', res)),
    api.post('/api/time-entries/approve').set(as(coordinator2)).send({ ids: [b[1], a[3], a[0]] }).then((res) => outcome('approve', res)),
    api.post('/api/time-entries/approve').set(as(s.coordinator)).send({ ids: [b[3], a[2]] }).then((res) => outcome('approve', res)),
    api.post(`/api/time-entries/${b[3]}/reject`).set(as(s.coordinator)).send({ reason: 'Doppelt erfasst' }).then((res) => outcome('reject', res)),
    api.patch(`/api/time-entries/${a[3]}`).set(as(s.advisorA)).send({ minutes: 90 }).then((res) => outcome('patch', res)),
    api.delete(`/api/time-entries/${a[2]}`).set(as(s.advisorA)).then((res) => outcome('delete', res)),
    api.post(`/api/grants/${g1.id}/top-ups`).set(as(s.coordinator)).send({ minutes: 60, reason: 'Mehr Bedarf' }).then((res) => outcome('topUp', res)),
    api.post(`/api/grants/${g2.id}/top-ups`).set(as(coordinator2)).send({ minutes: 30, reason: 'Mehr Bedarf' }).then((res) => outcome('topUp', res)),
    api.post(`/api/grants/${g3.id}/top-ups`).set(as(coordinator2)).send({ minutes: 15, reason: 'Nachtrag' }).then((res) => outcome('topUp', res)),
    api.post(`/api/grants/${g3.id}/close`).set(as(s.coordinator)).then((res) => outcome('close', res)),
    api.post(`/api/contracts/${contract.id}/statements/${month}/finalize`).set(as(coordinator2)).then((res) => outcome('finalize', res)),
    ...[0, 1].map(() =>
      api
        .post(`/api/grants/${g2.id}/time-entries`)
        .set(as(s.advisorA))
        .set('idempotency-key', key)
        .send({ date: day(20), minutes: 15, activity: 'correspondence' })
        .then((res) => outcome('log', res)),
    ),
  ]
  keys.push(key)
  return Promise.all(storm)
}

/** Rows that break an invariant; each query returns nothing when the totals add up. */
const INVARIANTS: Record<string, string> = {
  grantMinutesEqualTheirEntries: `
    SELECT g.id, g.submitted_minutes, g.approved_minutes, e.submitted, e.approved
      FROM grants g
      LEFT JOIN LATERAL (
        SELECT coalesce(sum(minutes) FILTER (WHERE status = 'submitted'), 0)::int AS submitted,
               coalesce(sum(minutes) FILTER (WHERE status = 'approved'), 0)::int AS approved
          FROM time_entries WHERE grant_id = g.id) e ON true
     WHERE g.submitted_minutes <> e.submitted OR g.approved_minutes <> e.approved`,
  // Net cents are rounded once on the total, half up: floor((2·minutes·rate + 60) / 120).
  grantSpentIsItsApprovedMinutesAtTheRate: `
    SELECT g.id, g.spent_cents FROM grants g JOIN contracts c ON c.id = g.contract_id
     WHERE g.spent_cents <> (2 * g.approved_minutes::bigint * c.hourly_rate_cents + 60) / 120`,
  grantCommitsItsGrantedMinutesOrWhatItSpent: `
    SELECT g.id, g.status, g.committed_cents FROM grants g JOIN contracts c ON c.id = g.contract_id
     WHERE g.committed_cents <> CASE WHEN g.status = 'closed' THEN g.spent_cents
                                     ELSE (2 * g.granted_minutes::bigint * c.hourly_rate_cents + 60) / 120 END`,
  grantedMinutesAreTheGrantPlusItsTopUps: `
    SELECT g.id, g.granted_minutes, a.after->>'grantedMinutes' AS initial, u.minutes AS top_ups
      FROM grants g
      JOIN audit_log a ON a.entity = 'grant' AND a.entity_id = g.id AND a.action = 'grant.create'
      LEFT JOIN LATERAL (SELECT coalesce(sum(minutes), 0)::int AS minutes FROM grant_top_ups WHERE grant_id = g.id) u ON true
     WHERE g.granted_minutes <> (a.after->>'grantedMinutes')::int + u.minutes`,
  contractVolumeEqualsItsGrants: `
    SELECT c.id, c.granted_minutes, x.minutes
      FROM contracts c
      LEFT JOIN LATERAL (
        SELECT coalesce(sum(CASE WHEN status = 'closed' THEN approved_minutes ELSE granted_minutes END), 0)::int AS minutes
          FROM grants WHERE contract_id = c.id) x ON true
     WHERE c.granted_minutes <> x.minutes`,
  budgetEqualsItsGrants: `
    SELECT b.year, b.committed_cents, b.spent_cents, x.committed, x.spent
      FROM advisor_budgets b
      LEFT JOIN LATERAL (
        SELECT coalesce(sum(committed_cents), 0)::bigint AS committed, coalesce(sum(spent_cents), 0)::bigint AS spent
          FROM grants WHERE year = b.year) x ON true
     WHERE b.committed_cents <> x.committed OR b.spent_cents <> x.spent`,
  statementTotalsEqualTheirBilledEntries: `
    SELECT st.id, st.month, st.total_minutes, x.minutes
      FROM statements st
      JOIN contracts c ON c.id = st.contract_id
      LEFT JOIN LATERAL (SELECT coalesce(sum(minutes), 0)::int AS minutes FROM time_entries WHERE statement_id = st.id) x ON true
     WHERE st.total_minutes <> x.minutes
        OR st.net_cents <> (2 * x.minutes::bigint * c.hourly_rate_cents + 60) / 120
        OR st.vat_cents <> (2 * st.net_cents * c.vat_rate_percent + 100) / 200
        OR st.gross_cents <> st.net_cents + st.vat_cents`,
  billedEntriesAreApprovedAndInTheirMonth: `
    SELECT e.id FROM time_entries e JOIN statements st ON st.id = e.statement_id
     WHERE e.status <> 'approved' OR to_char(e.date, 'YYYY-MM') > st.month`,
}

/**
 * Deadlocks PostgreSQL detected in this file's database. Each server process reports its count when it next goes
 * idle, within about a second, hence the pause: the lock order should leave the retry nothing to do.
 */
async function deadlocksSoFar(): Promise<number> {
  await sleep(1_500)
  const { rows } = await t.sql.query('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()')
  return rows[0].n
}

describe('simultaneous Fachberatung writes on one contract', () => {
  it(
    'never answer 500 and leave every total equal to the rows it sums',
    async () => {
      const deadlocksBefore = await deadlocksSoFar()
      const outcomes: Outcome[] = []
      for (let r = 0; r < ROUNDS; r++) outcomes.push(...(await round(r)))

      const unexpected = outcomes.filter((o) => !ALLOWED[o.what]?.[o.status]?.includes(o.code))
      expect(unexpected).toEqual([])
      // The storm did real work: batches went through, statements billed entries, grants were closed.
      expect(outcomes.filter((o) => o.what === 'approve' && o.status === 200).length).toBeGreaterThanOrEqual(ROUNDS)
      expect(outcomes.filter((o) => o.what === 'close' && o.status === 200).length).toBeGreaterThan(0)
      const billed = await t.sql.query('SELECT count(*)::int AS n FROM time_entries WHERE statement_id IS NOT NULL')
      expect(billed.rows[0].n).toBeGreaterThan(0)

      // Each key sent twice at once made one entry, not two.
      const perKey = await t.sql.query('SELECT count(*)::int AS n FROM time_entries WHERE idempotency_key = ANY($1) GROUP BY idempotency_key', [keys])
      expect(perKey.rows.map((row) => row.n)).toEqual(keys.map(() => 1))
      for (const [name, query] of Object.entries(INVARIANTS)) {
        const { rows } = await t.sql.query(query)
        expect({ [name]: rows }).toEqual({ [name]: [] })
      }
      const statements = await t.sql.query('SELECT count(*)::int AS n FROM statements WHERE contract_id = $1', [contract.id])
      expect(statements.rows[0].n).toBe(ROUNDS)
      expect(await deadlocksSoFar()).toBe(deadlocksBefore)
    },
    180_000,
  )
})

describe('runTransaction', () => {
  /** Resolves once `parties` callers have arrived; later callers pass straight through. */
  function barrier(parties: number) {
    let arrived = 0
    let open!: () => void
    const opened = new Promise<void>((resolve) => (open = resolve))
    return () => {
      arrived += 1
      if (arrived >= parties) open()
      return opened
    }
  }

  it(
    'runs a transaction PostgreSQL aborted for a deadlock again, and both writers succeed once',
    async () => {
      const [a, b] = [`lock-test-${randomUUID()}`, `lock-test-${randomUUID()}`]
      await t.sql.query('INSERT INTO settings (key, value) VALUES ($1, 0), ($2, 0)', [a, b])
      const bothHoldOne = barrier(2)
      let attempts = 0
      // Opposite order on purpose: each holds one row and waits for the other's, a cycle PostgreSQL must break.
      const crosswise = (first: string, second: string) =>
        runTransaction(t.app.db, async (tx) => {
          attempts += 1
          await tx.execute(sql`SELECT 1 FROM settings WHERE key = ${first} FOR UPDATE`)
          await bothHoldOne()
          await tx.execute(sql`UPDATE settings SET value = value + 1 WHERE key IN (${first}, ${second})`)
        })
      await Promise.all([crosswise(a, b), crosswise(b, a)])
      // Two first attempts and at least one retry. On a loaded machine the retry can meet the other writer's
      // lock in the same cycle once more and be aborted again (seen: 4 attempts); what must hold is that the
      // retries end with both writers done exactly once.
      expect(attempts).toBeGreaterThanOrEqual(3)
      expect(attempts).toBeLessThanOrEqual(2 * MAX_ATTEMPTS)
      const { rows } = await t.sql.query('SELECT key, value FROM settings WHERE key IN ($1, $2) ORDER BY key', [a, b])
      expect(rows.map((r) => r.value)).toEqual([2, 2])
    },
    30_000,
  )

  it('gives up after a bounded number of attempts with 409 CONCURRENT_UPDATE', async () => {
    let attempts = 0
    const err = await runTransaction(t.app.db, async (tx) => {
      attempts += 1
      await tx.execute(sql`DO $$ BEGIN RAISE EXCEPTION 'simulated conflict' USING ERRCODE = 'serialization_failure'; END $$`)
    }).catch((e: unknown) => e)
    expect(attempts).toBe(MAX_ATTEMPTS)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'CONCURRENT_UPDATE', statusCode: 409 })
  })

  it('passes any other failure through at once', async () => {
    let attempts = 0
    const err = await runTransaction(t.app.db, async (tx) => {
      attempts += 1
      await tx.execute(sql`DO $$ BEGIN RAISE EXCEPTION 'simulated rule' USING ERRCODE = 'check_violation'; END $$`)
    }).catch((e: unknown) => e)
    expect(attempts).toBe(1)
    expect(err).not.toBeInstanceOf(AppError)
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('23514')
  })
})
