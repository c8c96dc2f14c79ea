/**
 * `pnpm bench`: the performance figures of issue 13, each beside its reference measured in the same run
 * (see docs/benchmarks.md). Options: --quick (small data, 1 round, short runs), --rounds N, --seconds S,
 * --cpu-prof DIR (the API processes write V8 CPU profiles there), --only logging (just the hour-logging figures),
 * --only reads (just the three hot reads), --only list (just the stage counts and the group list at 100,000 groups),
 * --node-flags "…" (V8 flags for the API instead of the Dockerfile's).
 * Any request that does not succeed fails the run (exit code 1).
 */
import { mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { plannerOptions } from '../../apps/api/src/db/client.ts'
import {
  addBase, addGroups, addInquiries, addLoggingGrants, benchId, isExpertGroup, overdrawn, reconcile, USERS,
} from './generate.ts'
import { getJson, load, percentile, reference, timeSerially, type LoadRequest, type Sample } from './measure.ts'
import type { ReferenceSpec } from './reference.ts'
import { CpuBudget } from './cpu-budget.ts'
import { machine, printTable, writeDoc, type Figure } from './report.ts'
import { accessToken, productionNodeFlags, startApp, startDatabase, startHttpFloor, type App } from './setup.ts'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    'cpu-prof': { type: 'string' },
    only: { type: 'string' },
    'node-flags': { type: 'string' },
  },
})
const quick = args.quick!
/** `--only logging`: just the hour-logging figures (one and two processes, the cap), on the small data set. */
const loggingOnly = args.only === 'logging'
/** `--only reads`: just the three hot reads, on the small data set (primary-key reads do not depend on its size). */
const readsOnly = args.only === 'reads'
/** `--only list`: just the stage counts and the group list, on the big data set without the enquiries (the list reads groups only). */
const listOnly = args.only === 'list'
if (args.only !== undefined && !loggingOnly && !readsOnly && !listOnly) throw new Error(`--only knows 'logging', 'reads' and 'list', not '${args.only}'`)
const only = loggingOnly || readsOnly || listOnly
const size = quick
  ? { small: 2_000, big: 10_000, inquiries: 10_000, timeEntries: 100_000 }
  : { small: 10_000, big: 100_000, inquiries: 100_000, timeEntries: 1_000_000 }
const ROUNDS = Number(args.rounds ?? (quick ? 1 : 3))
const SECONDS = Number(args.seconds ?? (quick ? 3 : 8))
const CONNECTIONS = 50
/** The app's pool (apps/api/src/db/client.ts): the reference gets as many connections. */
const APP_POOL = 10
/** The cursor's timestamp as the API renders it (apps/api/src/lib/cursor.ts, cursorTimestamp). */
const CURSOR_AT = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
/**
 * Requests per list cell and round. The p95 of 20 was a cell's second-slowest request, so one scheduling hiccup
 * among the 1,280 list requests of a round set the worst cell; of 60 it is the fourth-slowest.
 */
const LIST_SAMPLES = quick ? 5 : 60
const COUNT_SAMPLES = quick ? 10 : 30
/** `--node-flags "…"`: other V8 flags for the API processes than the production start's (to compare them). */
const nodeFlags = args['node-flags'] === undefined ? productionNodeFlags() : args['node-flags'].split(' ').filter(Boolean)
const cpuProfDir = args['cpu-prof'] ? path.resolve(args['cpu-prof']) : undefined
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true })

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`)
const loadAtStart = os.loadavg()
const started = Date.now()
console.log(machine().join('\n'))

const db = await startDatabase()
// The list's and the counts' references run here: with the app's planner settings, so both sides plan alike.
const owner = new pg.Client({ connectionString: db.ownerUrl, options: plannerOptions })
await owner.connect()
const apps: App[] = []
const figures: Figure[] = []
const details: string[] = []
/** Requests that failed where success was expected; any fails the run. */
const failures: string[] = []

/** A warm-up whose requests fail stops the run at once: the figures after it would measure refusals. */
function warmedUp(name: string, result: Sample & { ok: number }): void {
  if (result.errors) throw new Error(`${name}: ${result.errors} of ${result.ok + result.errors} warm-up requests failed (non-2xx or socket errors)`)
}

const coordinator = () => accessToken(USERS.coordinator, 'coordinator')
const randomGroup = (n: number, expertOnly = false) => {
  for (;;) {
    const i = 1 + Math.floor(Math.random() * n)
    if (!expertOnly || isExpertGroup(i)) return i
  }
}

/** Rounds alternate which side goes first, so neither always meets the warmer (or busier) machine. */
async function rounds(appSide: () => Promise<Sample>, refSide: () => Promise<Sample>): Promise<{ app: Sample[]; ref: Sample[] }> {
  const app: Sample[] = []
  const ref: Sample[] = []
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      app.push(await appSide())
      ref.push(await refSide())
    } else {
      ref.push(await refSide())
      app.push(await appSide())
    }
  }
  return { app, ref }
}

/** Samples an app's RSS while `work` runs; returns the highest value in MB. */
async function peakRss(app: App, work: () => Promise<unknown>): Promise<number> {
  let peak = app.rss()
  const timer = setInterval(() => (peak = Math.max(peak, app.rss())), 200)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  return peak / 2 ** 20
}

try {
  // ── data at 10,000 groups ────────────────────────────────────────────────────────────────────────────
  let t = Date.now()
  await owner.query('SET synchronous_commit = off')
  await addBase(owner)
  await addGroups(owner, 1, size.small, 5)
  await reconcile(owner)
  log(`${size.small} groups loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`)

  // ── stage counts and list at 10,000: how they grow with the table ────────────────────────────────────
  let app = await startApp(db.url, { cpuProfDir, nodeFlags })
  apps.push(app)
  const countsAt = async (n: number) => {
    for (const [label, query] of [['plain', ''], ['with search', '?q=garten']] as const) {
      const token = coordinator()
      const url = `${app.url}/api/groups/stage-counts${query}`
      await timeSerially(5, () => getJson(url, token))
      const appTimes: number[][] = []
      const refTimes: number[][] = []
      const refSql = {
        name: `counts-${label}`,
        text: `SELECT stage, count(*)::int FROM groups ${query ? "WHERE (name || ' ' || coalesce(description, '')) ILIKE '%garten%'" : ''} GROUP BY stage`,
      }
      const r = await rounds(
        async () => {
          const times = await timeSerially(COUNT_SAMPLES, () => getJson(url, token))
          appTimes.push(times)
          return { value: percentile(times, 95), p50: percentile(times, 50), p99: percentile(times, 99) }
        },
        async () => {
          const times = await timeSerially(COUNT_SAMPLES, () => owner.query(refSql))
          refTimes.push(times)
          return { value: percentile(times, 95), p50: percentile(times, 50), p99: percentile(times, 99) }
        },
      )
      const limit = query ? 50 : 20
      figures.push({
        name: `stage counts ${label}, ${n.toLocaleString('en-GB')} groups (p95, 1 client)`,
        unit: 'ms',
        higherIsBetter: false,
        ...r,
        target: n === size.big ? `≤ ${limit} ms` : 'growth only',
        holds: n === size.big ? (a) => a <= limit : undefined,
        note: label === 'plain' && n === size.small ? 'reference: the plain GROUP BY count over the table' : undefined,
      })
    }
  }
  if (!only || listOnly) await countsAt(size.small)
  await app.stop()
  apps.pop()

  // ── data at 100,000 groups, 100,000 enquiries, 1,000,000 time entries ─────────────────────────────────
  t = Date.now()
  const newGrants = Array.from({ length: size.big - size.small }, (_, k) => size.small + 1 + k).filter(isExpertGroup).length
  const existing = Number((await owner.query('SELECT count(*) FROM time_entries')).rows[0].count)
  const perGrant = Math.ceil((size.timeEntries - existing) / newGrants)
  // The list and the counts read groups only: --only list leaves out the time entries of the new grants (minutes to load).
  if (!only || listOnly) await addGroups(owner, size.small + 1, size.big, listOnly ? 0 : perGrant)
  if (!only) await addInquiries(owner, size.inquiries)
  // Room for every entry the logging figures can accept; the cap grant holds exactly 40 quarter hours.
  const spread100 = await addLoggingGrants(owner, 'spread', 100, 1_000_000)
  const [hot] = await addLoggingGrants(owner, 'hot', 1, 10_000_000)
  const [capGrant] = await addLoggingGrants(owner, 'cap', 1, 600)
  await reconcile(owner)
  const counts = (await owner.query(`SELECT (SELECT count(*) FROM groups) AS groups, (SELECT count(*) FROM time_entries) AS entries,
    (SELECT count(*) FROM grants) AS grants, (SELECT count(*) FROM inquiries) AS inquiries, (SELECT count(*) FROM group_contacts) AS contacts,
    (SELECT count(*) FROM consultations) AS consultations`)).rows[0]
  log(`big data set loaded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`)
  const setup = [
    `data: ${Object.entries(counts).map(([k, v]) => `${Number(v).toLocaleString('en-GB')} ${k}`).join(', ')} (scripts/bench/generate.ts)`,
    `${CONNECTIONS} connections for throughput, one client for latencies; app pool and reference pool ${APP_POOL} connections; ${ROUNDS} rounds of ${SECONDS} s, app and reference alternating`,
    `app: \`node ${nodeFlags.join(' ')} apps/api/dist/server.js\`${args['node-flags'] === undefined ? '' : ' (not the production flags)'}, NODE_ENV=production, LOG_LEVEL=info (logs discarded), embedded PostgreSQL 18 in a temporary DATA_DIR`,
  ]

  app = await startApp(db.url, { cpuProfDir, nodeFlags })
  apps.push(app)
  if (!only || listOnly) await countsAt(size.big)
  /** Groups the reads pick from: all of them (the small set only with --only). */
  const readGroups = only ? size.small : size.big

  /**
   * A primary-key read once more with a bare node:http server in place of the app (scripts/bench/http-floor.ts),
   * alternating with the reference again: what any Node API reaches here, so the app's ratio can be read against it.
   */
  async function httpFloor(name: string, request: LoadRequest, refSide: () => ReturnType<typeof reference>) {
    const floor = await startHttpFloor(db.url, APP_POOL)
    try {
      warmedUp('HTTP floor', await load(floor.url, request, { connections: CONNECTIONS, seconds: 2 }))
      const budget = new CpuBudget(db, floor.pid)
      const r = await rounds(
        () => budget.appRound(() => load(floor.url, request, { connections: CONNECTIONS, seconds: SECONDS })),
        () => budget.refRound(refSide),
      )
      cpuLines.push(budget.line(`HTTP floor of ${name}`, { label: 'bare server', subject: 'the bare server' }))
      figures.push({
        name: `HTTP floor: ${name} from a bare node:http server, no token, no log (${CONNECTIONS} connections)`,
        unit: 'req/s',
        higherIsBetter: true,
        ...r,
        target: 'none: the ceiling for the app',
        note: 'the same prepared select and pool as the reference, behind node:http and JSON.stringify only (scripts/bench/http-floor.ts)',
      })
      log(`HTTP floor of ${name} done`)
    } finally {
      await floor.stop()
    }
  }

  // ── hot reads ───────────────────────────────────────────────────────────────────────────────────────
  const refSpec = (scenario: ReferenceSpec['scenario'], extra: Partial<ReferenceSpec> = {}): ReferenceSpec => ({
    scenario, url: db.url, pool: APP_POOL, concurrency: CONNECTIONS, durationMs: SECONDS * 1000, groups: readGroups, ...extra,
  })
  let readRss = 0
  /** Each read's CPU per request on both sides (see cpu-budget.ts). */
  const cpuLines: string[] = []
  if (!loggingOnly && !listOnly) {
    const reads: [string, ReferenceSpec['scenario'], () => string][] = [
      ['GET /api/groups/:id', 'group', () => `/api/groups/${benchId('group', randomGroup(readGroups))}`],
      ['GET /api/me', 'me', () => '/api/me'],
      ['GET /api/grants/:id', 'grant', () => `/api/grants/${benchId('grant', randomGroup(readGroups, true))}`],
    ]
    for (const [name, scenario, nextPath] of reads) {
      const token = coordinator()
      const request: LoadRequest = { method: 'GET', next: () => ({ path: nextPath(), token }) }
      warmedUp(name, await load(app.url, request, { connections: CONNECTIONS, seconds: 2 }))
      let r!: Awaited<ReturnType<typeof rounds>>
      const budget = new CpuBudget(db, app.pid)
      readRss = Math.max(readRss, await peakRss(app, async () => {
        r = await rounds(
          () => budget.appRound(() => load(app.url, request, { connections: CONNECTIONS, seconds: SECONDS })),
          () => budget.refRound(() => reference(refSpec(scenario))),
        )
      }))
      cpuLines.push(budget.line(name))
      figures.push({
        name: `${name} (${CONNECTIONS} connections)`,
        unit: 'req/s',
        higherIsBetter: true,
        ...r,
        target: '≥ 0.5× ref, p99 ≤ 2× ref p99',
        holds: (a, ref, ap99, rp99) => a >= 0.5 * ref && ap99 <= 2 * rp99,
        note: name === 'GET /api/groups/:id' ? 'reference: the prepared primary-key select, no HTTP' : undefined,
      })
      log(`${name} done`)
      if (scenario !== 'me') await httpFloor(name, request, () => reference(refSpec(scenario)))
    }
    details.push(
      'CPU per request of the hot reads, all rounds (user + system time of each process; the two cores also serve the load generator):',
      '',
      ...cpuLines.map((l) => `- ${l}`),
      '',
    )
  }

  // ── hour logging ────────────────────────────────────────────────────────────────────────────────────
  const entryBody = JSON.stringify({ date: '2026-11-02', minutes: 15, activity: 'consultation', description: 'Lasttest' })
  const tokens = new Map<string, string>()
  const tokenFor = (advisorId: string) => {
    if (!tokens.has(advisorId)) tokens.set(advisorId, accessToken(advisorId, 'advisor'))
    return tokens.get(advisorId)!
  }
  const logging = (grants: { id: string; advisorId: string }[]): LoadRequest => ({
    method: 'POST',
    next: () => {
      const g = grants[Math.floor(Math.random() * grants.length)]!
      return { path: `/api/grants/${g.id}/time-entries`, token: tokenFor(g.advisorId), body: entryBody }
    },
  })
  let logRss = 0
  for (const [name, grants, target] of [['hour logging over 100 grants', spread100, 1000], ['hour logging on one hot grant', [hot!], 400]] as const) {
    if (readsOnly || listOnly) break
    tokens.clear()
    warmedUp(name, await load(app.url, logging([...grants]), { connections: CONNECTIONS, seconds: 2 }))
    let r!: Awaited<ReturnType<typeof rounds>>
    logRss = Math.max(logRss, await peakRss(app, async () => {
      r = await rounds(() => load(app.url, logging([...grants]), { connections: CONNECTIONS, seconds: SECONDS }), () => reference(refSpec('log', { grants: [...grants] })))
    }))
    figures.push({
      name: `${name} (${CONNECTIONS} connections, accepted entries)`,
      unit: 'entries/s',
      higherIsBetter: true,
      ...r,
      target: `≥ ${target}/s`,
      holds: (a) => a >= target,
      note: name.includes('100') ? 'reference: BEGIN, conditional UPDATE of the grant, INSERT entry, INSERT audit row, COMMIT (prepared)' : undefined,
    })
    log(`${name} done`)
  }

  // ── group list at 100,000: every filter combination, first and deep pages ────────────────────────────
  const token = coordinator()
  if (!only || listOnly) {
    const filterValues = { q: 'garten', stage: 'concept', status: 'active', district: 'neustadt', targetGroup: 'families' } as const
    const keys = Object.keys(filterValues) as (keyof typeof filterValues)[]
    const combos = Array.from({ length: 1 << keys.length }, (_, mask) => keys.filter((_, b) => mask & (1 << b)))
    const whereOf = (combo: readonly string[]) => {
      const parts: string[] = []
      for (const k of combo) {
        if (k === 'q') parts.push(`(name || ' ' || coalesce(description, '')) ILIKE '%garten%'`)
        if (k === 'stage') parts.push(`stage = 'concept'`)
        if (k === 'status') parts.push(`status = 'active'`)
        if (k === 'district') parts.push(`district = 'neustadt'`)
        if (k === 'targetGroup') parts.push(`target_groups @> ARRAY['families']`)
      }
      return parts
    }
    const listRows: string[] = []
    const firstP95: { app: number[][]; ref: number[][] } = { app: [], ref: [] }
    const deepP95: { app: number[][]; ref: number[][] } = { app: [], ref: [] }
    const listCases: { combo: string[]; query: URLSearchParams; cursor: { at: string; id: string } | undefined; refText(deep: boolean): string; total: number }[] = []
    for (const combo of combos) {
      const where = whereOf(combo)
      const query = new URLSearchParams(Object.fromEntries(combo.map((k) => [k, filterValues[k]])))
      // Page 21 (rows 1,001…1,050), or the last full page of a shorter list.
      const total = Number((await owner.query(`SELECT count(*) FROM groups ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`)).rows[0].count)
      const deepOffset = Math.min(1000, Math.max(0, Math.floor((total - 1) / 50) * 50))
      let cursor: { at: string; id: string } | undefined
      if (deepOffset > 0) {
        const row = (await owner.query(
          `SELECT ${CURSOR_AT} AS at, id FROM groups ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
           ORDER BY updated_at DESC, id DESC OFFSET ${deepOffset - 1} LIMIT 1`,
        )).rows[0]
        cursor = { at: row.at, id: row.id }
      }
      // The columns the app's list reads (GroupListItem and the cursor's timestamp text).
      const refText = (deep: boolean) =>
        `SELECT id, name, district, stage, stage_since, status, updated_at, ${CURSOR_AT} AS cursor_at FROM groups WHERE ${[...where, deep ? '(updated_at, id) < ($1::timestamptz, $2::uuid)' : 'true'].join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT 51`
      listCases.push({ combo, query, cursor, refText, total })
    }
    const runList = async (side: 'app' | 'ref') => {
      const first: number[] = []
      const deep: number[] = []
      for (const [n, c] of listCases.entries()) {
        const firstUrl = `${app.url}/api/groups?${c.query}`
        const deepUrl = c.cursor ? `${app.url}/api/groups?${new URLSearchParams([...c.query, ['cursor', Buffer.from(JSON.stringify([c.cursor.at, c.cursor.id])).toString('base64url')]])}` : undefined
        const f =
          side === 'app'
            ? await timeSerially(LIST_SAMPLES, () => getJson(firstUrl, token))
            : await timeSerially(LIST_SAMPLES, () => owner.query({ name: `list-${n}`, text: c.refText(false) }))
        const d = c.cursor
          ? side === 'app'
            ? await timeSerially(LIST_SAMPLES, () => getJson(deepUrl!, token))
            : await timeSerially(LIST_SAMPLES, () => owner.query({ name: `deep-${n}`, text: c.refText(true), values: [c.cursor!.at, c.cursor!.id] }))
          : []
        first.push(percentile(f, 95))
        deep.push(d.length ? percentile(d, 95) : NaN)
      }
      ;(side === 'app' ? firstP95.app : firstP95.ref).push(first)
      ;(side === 'app' ? deepP95.app : deepP95.ref).push(deep)
      const worst = (xs: number[]) => Math.max(...xs.filter((x) => !Number.isNaN(x)))
      return { first: worst(first), deep: worst(deep) }
    }
    // Warm both sides (JIT, plans, caches) once.
    await runList('app')
    await runList('ref')
    firstP95.app.length = firstP95.ref.length = deepP95.app.length = deepP95.ref.length = 0
    const listFirst: { app: Sample[]; ref: Sample[] } = { app: [], ref: [] }
    const listDeep: { app: Sample[]; ref: Sample[] } = { app: [], ref: [] }
    const listRounds = await rounds(
      async () => {
        const r = await runList('app')
        listFirst.app.push({ value: r.first })
        listDeep.app.push({ value: r.deep })
        return { value: r.first }
      },
      async () => {
        const r = await runList('ref')
        listFirst.ref.push({ value: r.first })
        listDeep.ref.push({ value: r.deep })
        return { value: r.first }
      },
    )
    void listRounds
    figures.push({ name: `group list, first page, worst of ${combos.length} filter combinations (p95, 1 client)`, unit: 'ms', higherIsBetter: false, ...listFirst, target: '≤ 10 ms', holds: (a) => a <= 10 })
    figures.push({ name: 'group list, page 21 by cursor, worst filter combination (p95, 1 client)', unit: 'ms', higherIsBetter: false, ...listDeep, target: '≤ 10 ms', holds: (a) => a <= 10 })
    const medianOf = (runs: number[][], i: number) => {
      const xs = runs.map((r) => r[i]!).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b)
      return xs.length ? xs[Math.floor(xs.length / 2)]! : NaN
    }
    listRows.push('| filters | rows | first page app / ref p95 ms | page 21 app / ref p95 ms |', '| --- | --- | --- | --- |')
    for (const [i, c] of listCases.entries()) {
      const f2 = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(2))
      listRows.push(`| ${c.combo.join(' + ') || '(none)'} | ${c.total.toLocaleString('en-GB')} | ${f2(medianOf(firstP95.app, i))} / ${f2(medianOf(firstP95.ref, i))} | ${f2(medianOf(deepP95.app, i))} / ${f2(medianOf(deepP95.ref, i))} |`)
    }
    details.push(`### Group list at ${size.big.toLocaleString('en-GB')} groups, per filter combination (median of the rounds' p95)`, '', ...listRows, '')
    log('group list done')
  }

  // ── two API processes on one PostgreSQL ─────────────────────────────────────────────────────────────
  let capAccepted = 40
  if (!readsOnly && !listOnly) {
    const second = await startApp(db.url, { cpuProfDir, nodeFlags })
    apps.push(second)
    const readRequest: LoadRequest = { method: 'GET', next: () => ({ path: `/api/groups/${benchId('group', randomGroup(size.big))}`, token }) }
    const both = async (request: LoadRequest) => {
      const [a, b] = await Promise.all([
        load(app.url, request, { connections: CONNECTIONS / 2, seconds: SECONDS }),
        load(second.url, request, { connections: CONNECTIONS / 2, seconds: SECONDS }),
      ])
      return { value: a.value + b.value, p50: Math.max(a.p50!, b.p50!), p99: Math.max(a.p99!, b.p99!), errors: a.errors! + b.errors! }
    }
    warmedUp('second process', await load(second.url, loggingOnly ? logging(spread100) : readRequest, { connections: CONNECTIONS, seconds: 2 }))
    const twoProcessFigures = [['GET /api/groups/:id', readRequest], ['hour logging over 100 grants', logging(spread100)]] as const
    for (const [name, request] of twoProcessFigures.filter(([n]) => !loggingOnly || n.startsWith('hour'))) {
      const r = await rounds(() => both(request), () => load(app.url, request, { connections: CONNECTIONS, seconds: SECONDS }))
      figures.push({
        name: `two API processes vs one: ${name}`,
        unit: '/s',
        higherIsBetter: true,
        ...r,
        target: '≥ 1.7× one process',
        holds: (a, ref) => a >= 1.7 * ref,
        note: name.startsWith('GET') ? 'reference: one process with all 50 connections; app: two processes with 25 each' : undefined,
      })
    }
    // The cap under fire from both processes at once: 200 quarter hours against a grant of 40.
    const cap = await Promise.all([app, second].map((a) => load(a.url, logging([capGrant!]), { connections: CONNECTIONS / 2, amount: 100, refusalsExpected: true })))
    capAccepted = cap.reduce((n, r) => n + r.ok, 0)
    const capErrors = cap.reduce((n, r) => n + r.errors!, 0)
    if (capErrors) failures.push(`the cap grant: ${capErrors} requests failed other than by a refusal`)
    log('two processes done')
    await second.stop()
    apps.pop()
  }

  // ── memory ──────────────────────────────────────────────────────────────────────────────────────────
  if (!loggingOnly && !listOnly) figures.push({ name: 'API process RSS, peak under the read load', unit: 'MB', higherIsBetter: false, app: [{ value: readRss }], ref: [], target: '≤ 200 MB', holds: (a) => a <= 200 })
  if (!readsOnly && !listOnly) figures.push({ name: 'API process RSS, peak under hour logging', unit: 'MB', higherIsBetter: false, app: [{ value: logRss }], ref: [], target: '≤ 200 MB', holds: (a) => a <= 200 })

  // ── council report (when the route exists) ───────────────────────────────────────────────────────────
  if (!only) {
    const councilUrl = `${app.url}/api/reports/council?from=2026-01-01&to=2026-12-31`
    const probe = await fetch(councilUrl, { headers: { authorization: `Bearer ${token}` } })
    if (probe.status === 200) {
      const times = await timeSerially(quick ? 3 : 10, () => getJson(councilUrl, token))
      // Ten times the groups of issue 11's target volume: shown for scale; `pnpm bench:report` checks the target itself.
      figures.push({ name: `GET /api/reports/council, one year (${Number(counts.groups).toLocaleString('en-GB')} groups, ${Number(counts.entries).toLocaleString('en-GB')} time entries, 1 client)`, unit: 'ms', higherIsBetter: false, app: [{ value: percentile(times, 50), p50: percentile(times, 50), p99: percentile(times, 99) }], ref: [], target: 'scale only (≤ 500 ms at 10,000 groups: bench:report)', note: 'at 100,000 groups; `pnpm bench:report` times it at the issue-11 volume (10,000 groups, 100,000 enquiries, 1,000,000 time entries)' })
    } else {
      details.push(`GET /api/reports/council: skipped (answered ${probe.status}; the route is not on this branch yet, or the bench coordinator may not read it).`, '')
    }
  }

  // ── caps ────────────────────────────────────────────────────────────────────────────────────────────
  const problems = await overdrawn(owner)
  const capRow = (await owner.query('SELECT submitted_minutes FROM grants WHERE id = $1', [capGrant!.id])).rows[0]
  if (!readsOnly && !listOnly && (capAccepted !== 40 || capRow.submitted_minutes !== 600)) problems.push(`the cap grant accepted ${capAccepted} entries (${capRow.submitted_minutes} minutes) instead of 40 (600)`)
  details.push(
    `Caps after the run: ${problems.length ? `**${problems.join('; ')}**` : 'no grant, contract or budget overdrawn; every sum equals its rows'}; ` +
      (readsOnly || listOnly ? '(no entries fired at the cap grant in this run).' : `the 40-quarter-hour grant fired at with 200 entries from two processes accepted ${capAccepted}.`),
    '',
  )

  const elapsed = (Date.now() - started) / 1000
  setup.push(`whole run ${Math.round(elapsed)} s${quick ? ' (--quick: smaller data, fewer rounds; not the issue\'s setup)' : ''}`)
  console.log('')
  printTable(figures)
  console.log('')
  console.log(details.join('\n'))
  for (const f of figures) {
    const appErrors = f.app.reduce((n, x) => n + (x.errors ?? 0), 0)
    const refErrors = f.ref.reduce((n, x) => n + (x.errors ?? 0), 0)
    if (appErrors || refErrors) failures.push(`${f.name}: ${appErrors} failed app requests, ${refErrors} failed reference operations`)
  }
  if (failures.length) {
    // A figure with failed requests measures the wrong thing (refusals are fast): it is not written anywhere.
    console.error(`\nBENCH FAILED: requests did not succeed\n${failures.map((f) => `  - ${f}`).join('\n')}`)
    process.exitCode = 1
  } else if (!quick && !only) console.log(`written to ${writeDoc(figures, setup, details, loadAtStart, os.loadavg())}`)
  if (problems.length) process.exitCode = 1
} finally {
  for (const a of apps) await a.stop()
  await owner.end()
  await db.stop()
  if (cpuProfDir) console.log(`CPU profiles of the API processes: ${cpuProfDir}`)
}
