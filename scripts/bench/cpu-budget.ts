/**
 * Where a figure's CPU goes, per request: the API process, the load generator (autocannon, in the bench's own
 * process) and PostgreSQL on the app's side; the raw client and PostgreSQL on the reference's. When every core
 * is busy, throughput follows CPU per request, so the two sums bound the ratio the app can reach.
 */
import type { Sample } from './measure.ts'
import { cpuMs, postgresCpuMs, type Database } from './setup.ts'

export class CpuBudget {
  private app = { api: 0, loadGenerator: 0, postgres: 0, requests: 0 }
  private ref = { client: 0, postgres: 0, operations: 0 }

  constructor(
    private readonly db: Database,
    private readonly apiPid: number,
  ) {}

  /** Runs one app round, adding the CPU its processes used to the budget. */
  async appRound<S extends Sample & { ok: number }>(round: () => Promise<S>): Promise<S> {
    const api = cpuMs(this.apiPid)
    const own = process.cpuUsage()
    const pg = postgresCpuMs(this.db)
    const sample = await round()
    const used = process.cpuUsage(own)
    this.app.api += cpuMs(this.apiPid) - api
    this.app.loadGenerator += (used.user + used.system) / 1000
    this.app.postgres += postgresCpuMs(this.db) - pg
    this.app.requests += sample.ok
    return sample
  }

  /** Runs one reference round (its process reports its own CPU), adding PostgreSQL's to the budget. */
  async refRound<S extends Sample & { operations: number; cpuMs: number }>(round: () => Promise<S>): Promise<S> {
    const pg = postgresCpuMs(this.db)
    const sample = await round()
    this.ref.postgres += postgresCpuMs(this.db) - pg
    this.ref.client += sample.cpuMs
    this.ref.operations += sample.operations
    return sample
  }

  /**
   * One line for the report: µs of CPU per request on each side, and the ratio that CPU alone allows. `server`
   * names the process that answered (the API, or the HTTP floor's bare server).
   */
  line(name: string, server: { label: string; subject: string } = { label: 'API', subject: 'the app' }): string {
    const us = (ms: number, n: number) => (n ? Math.round((ms * 1000) / n) : 0)
    const api = us(this.app.api, this.app.requests)
    const gen = us(this.app.loadGenerator, this.app.requests)
    const appPg = us(this.app.postgres, this.app.requests)
    const client = us(this.ref.client, this.ref.operations)
    const refPg = us(this.ref.postgres, this.ref.operations)
    const appSum = api + gen + appPg
    const refSum = client + refPg
    return (
      `${name}: CPU per request ${appSum} µs (${server.label} ${api}, load generator ${gen}, PostgreSQL ${appPg}); ` +
      `reference ${refSum} µs per statement (client ${client}, PostgreSQL ${refPg}); ` +
      `with every core busy, CPU allows ${server.subject} at most ${appSum ? (refSum / appSum).toFixed(2) : '–'}× the reference.`
    )
  }
}
