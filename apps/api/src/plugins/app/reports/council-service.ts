import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { CouncilReport, Period, ReportSettings, SessionUser, Snapshot, SnapshotChange } from '@wohnlotse/shared'
import { notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import { sectionsOf, totalsSection, type PeriodAggregates } from './council-sections.ts'
import { withoutSuppressedValues } from './report-table.ts'
import { checkPeriod, yearBefore } from './period.ts'

declare module 'fastify' {
  interface FastifyInstance {
    councilService: ReturnType<typeof createCouncilService>
  }
}

/** JSON with keys in a fixed order, so the same report always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export const reportHash = (report: CouncilReport) => createHash('sha256').update(canonicalJson(report)).digest('hex')

/** The city sees, and every export carries, suppressed figures only. */
export const mustSuppress = (user: SessionUser) => user.role !== 'coordinator'

export function suppressedView(report: CouncilReport): CouncilReport {
  if (report.suppressed) return report
  return { ...report, suppressed: true, sections: report.sections.map((s) => ({ ...s, tables: s.tables.map(withoutSuppressedValues) })) }
}

/** Figures that differ between two reports of the same period, cell by cell (a missing row counts as 0). */
export function diffReports(stored: CouncilReport, current: CouncilReport): SnapshotChange[] {
  const cells = (r: CouncilReport) => {
    const map = new Map<string, Omit<SnapshotChange, 'stored' | 'current'> & { value: number | null }>()
    for (const t of r.sections.flatMap((s) => s.tables)) {
      for (const row of t.rows) {
        row.cells.forEach((c, j) => {
          const column = t.columns[j]!
          map.set(`${t.id}|${row.key}|${column.key}`, { value: c.value, table: t.title, row: row.label, column: column.label, unit: column.unit, tableId: t.id })
        })
      }
    }
    return map
  }
  const before = cells(stored)
  const after = cells(current)
  const changes: SnapshotChange[] = []
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key)
    const b = after.get(key)
    const meta = (a ?? b)!
    // A row that is gone holds zeros now (lists drop empty rows); a withheld figure stays withheld (null).
    const stored = a ? a.value : 0
    const now = b ? b.value : 0
    if (stored !== now) changes.push({ tableId: meta.tableId, table: meta.table, row: meta.row, column: meta.column, unit: meta.unit, stored, current: now })
  }
  return changes
}

function createCouncilService(fastify: FastifyInstance) {
  const { db, councilRepository: repo, snapshotsRepository: snapshots, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  async function aggregates(p: Period): Promise<PeriodAggregates> {
    const [frontdesk, groups, consultations, expert] = await Promise.all([repo.frontdesk(p), repo.groups(p), repo.consultations(p), repo.expert(p)])
    return { frontdesk, groups, consultations, expert }
  }

  /** The full report with every figure and the would-be-suppressed cells flagged (what a coordinator sees). */
  async function generate(period: Period, k?: number): Promise<CouncilReport> {
    const minCellSize = k ?? (await repo.minCellSize())
    const previousPeriod = yearBefore(period)
    const [now, before] = await Promise.all([aggregates(period), aggregates(previousPeriod)])
    const current = sectionsOf(now, minCellSize)
    const previous = sectionsOf(before, minCellSize)
    return {
      period,
      previousPeriod,
      generatedAt: new Date().toISOString(),
      minCellSize,
      suppressed: false,
      sections: [...current, totalsSection(current, previous)],
    }
  }

  return {
    generate,

    /** The report as this user may see it; `forExport` always suppresses. */
    async report(user: SessionUser, from: string, to: string, forExport = false): Promise<CouncilReport> {
      const report = await generate(checkPeriod(from, to))
      return forExport || mustSuppress(user) ? suppressedView(report) : report
    },

    async createSnapshot(user: SessionUser, from: string, to: string): Promise<Snapshot> {
      const report = await generate(checkPeriod(from, to))
      const hash = reportHash(report)
      const id = await transaction(async (tx) => {
        const id = await snapshots.insert(tx, { report, hash, createdBy: user.id })
        // The figures are in the snapshot itself; the audit names what was stored and its digest (under a key
        // the audit's secret filter leaves alone: it drops anything named "hash").
        await audit.record(tx, { actorId: user.id, action: 'report.snapshot', entity: 'council_report_snapshot', entityId: id, after: { period: report.period, sha256: hash, minCellSize: report.minCellSize } })
        return id
      })
      return (await this.snapshot(user, id))!
    },

    /** A stored report, whether it still matches its hash, and what the same period gives today. */
    async snapshot(user: SessionUser, id: string): Promise<Snapshot> {
      const stored = await snapshots.find(id)
      if (!stored) throw notFound('Snapshot')
      const intact = reportHash(stored.report) === stored.hash
      const fresh = await generate(stored.report.period, stored.report.minCellSize)
      const [report, current] = mustSuppress(user) ? [suppressedView(stored.report), suppressedView(fresh)] : [stored.report, fresh]
      return { id: stored.id, period: stored.period, hash: stored.hash, createdAt: stored.createdAt, createdBy: stored.createdBy, report, intact, changes: diffReports(report, current) }
    },

    async getSettings(): Promise<ReportSettings> {
      return { minCellSize: await repo.minCellSize() }
    },

    async putSettings(user: SessionUser, minCellSize: number): Promise<ReportSettings> {
      return transaction(async (tx) => {
        const before = { minCellSize: await repo.minCellSize(tx) }
        await repo.setMinCellSize(tx, minCellSize)
        await audit.record(tx, { actorId: user.id, action: 'settings.update', entity: 'settings', entityId: null, before, after: { minCellSize } })
        return { minCellSize }
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('councilService', createCouncilService(fastify))
  },
  { name: 'council-service', dependencies: ['db', 'audit-repository', 'council-repository', 'snapshots-repository'] },
)
