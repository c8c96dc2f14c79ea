import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { BillingMonth, BillingOverview, BillingOverviewQuery, Contract, SessionUser, Statement, StatementStatus, TimeEntry } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import type { Executor } from '../../../db/client.ts'
import { todayInBerlin } from '../../../lib/dates.ts'
import { netCentsFor, vatCentsFor } from './money.ts'
import { monthOf } from './statements-months.ts'
import type { BillingMonthRow } from './statements-repository.ts'

declare module 'fastify' {
  interface FastifyInstance {
    statementsService: ReturnType<typeof createStatementsService>
  }
}

type Totals = { totalMinutes: number; netCents: number; vatCents: number; grossCents: number }

function totalsOf(minutes: number, hourlyRateCents: number, vatRatePercent: number): Totals {
  // Rounded once on the total, not per entry: the invoice equals minutes × rate.
  const netCents = netCentsFor(minutes, hourlyRateCents)
  const vatCents = vatCentsFor(netCents, vatRatePercent)
  return { totalMinutes: minutes, netCents, vatCents, grossCents: netCents + vatCents }
}

/** Where a month stands, seen from Berlin's today: only a month that has ended can be finalised. */
function statusOf(month: string, finalised: boolean, currentMonth = monthOf(todayInBerlin())): StatementStatus {
  if (finalised) return 'finalized'
  return month < currentMonth ? 'draft' : 'open'
}

function toBillingMonth(row: BillingMonthRow): BillingMonth {
  const { hourlyRateCents, vatRatePercent, stored, ...rest } = row
  // A finalised month shows what was invoiced, as stored; a draft what finalising now would store.
  const money = stored ?? totalsOf(row.totalMinutes, hourlyRateCents, vatRatePercent)
  return { ...rest, totalMinutes: money.totalMinutes, netCents: money.netCents, vatCents: money.vatCents, grossCents: money.grossCents }
}

/**
 * A statement per contract and month bills exactly the approved entries whose billing month it is (fixed on
 * approval, see statements-months.ts): the month's own entries, and as "Nachträge" entries of earlier months
 * approved after those were finalised. Finalising stores the totals and marks the entries billed; from then on
 * the database refuses any change to them. Finalising locks the contract, then the entries it bills (LOCKING.md);
 * approving locks the contract too, so an approval and a finalisation of the same contract never interleave.
 */
function createStatementsService(fastify: FastifyInstance) {
  const { db, contractsRepository: contracts, statementsRepository: statements, timeEntriesRepository: entries, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  const statementOf = (contract: Contract, month: string, list: TimeEntry[], finalizedAt: Date | null, stored?: Totals): Statement => {
    const totals = stored ?? totalsOf(list.reduce((sum, e) => sum + e.minutes, 0), contract.hourlyRateCents, contract.vatRatePercent)
    return {
      contractId: contract.id,
      contractNumber: contract.number,
      advisorName: contract.advisorName,
      month,
      status: statusOf(month, finalizedAt !== null),
      hourlyRateCents: contract.hourlyRateCents,
      vatRatePercent: contract.vatRatePercent,
      entries: list.filter((e) => monthOf(e.date) === month),
      lateEntries: list.filter((e) => monthOf(e.date) < month),
      ...totals,
      finalizedAt: finalizedAt?.toISOString() ?? null,
    }
  }

  async function contractFor(user: SessionUser, id: string, ex: Executor = db): Promise<Contract> {
    const contract = await contracts.findView(id, user.role === 'advisor' ? user.id : undefined, ex)
    if (!contract) throw notFound('Contract')
    return contract
  }

  return {
    async get(user: SessionUser, contractId: string, month: string): Promise<Statement> {
      const contract = await contractFor(user, contractId)
      const stored = await statements.find(contractId, month)
      const list = await entries.ofStatement(db, contractId, month, false)
      if (!stored) return statementOf(contract, month, list, null)
      const { totalMinutes, netCents, vatCents, grossCents } = stored
      return statementOf(contract, month, list, stored.finalizedAt, { totalMinutes, netCents, vatCents, grossCents })
    },

    /** Months of the caller's contracts (all for a coordinator), newest first; see `statementsRepository.overview`. */
    async overview(user: SessionUser, query: BillingOverviewQuery): Promise<BillingOverview> {
      const today = todayInBerlin()
      const page = await statements.overview(query, monthOf(today), today, user.role === 'advisor' ? user.id : undefined)
      return { items: page.rows.map(toBillingMonth), nextCursor: page.nextCursor }
    },

    async finalize(user: SessionUser, contractId: string, month: string): Promise<Statement> {
      // Berlin's calendar decides: on 1 December at 00:30 in Dresden, November has ended even though UTC says otherwise.
      if (month >= monthOf(todayInBerlin())) throw appError('MONTH_NOT_ENDED', `The month ${month} has not ended yet; it can be finalised from the first day of the next month`)
      return transaction(async (tx) => {
        // The contract row lock serialises finalisations and approvals of the same contract.
        if (!(await contracts.lock(tx, contractId))) throw notFound('Contract')
        const contract = await contractFor(user, contractId, tx)
        if (await statements.find(contractId, month, tx)) throw appError('STATEMENT_FINALIZED', `The statement for ${month} is finalised already`)
        const list = await entries.ofStatement(tx, contractId, month, true)
        const sums = totalsOf(list.reduce((sum, e) => sum + e.minutes, 0), contract.hourlyRateCents, contract.vatRatePercent)
        const row = await statements.insert(tx, { contractId, month, ...sums, finalizedBy: user.id })
        if (!row) throw appError('STATEMENT_FINALIZED', `The statement for ${month} is finalised already`)
        await entries.markBilled(tx, list.map((e) => e.id), row.id)
        const statement = statementOf(contract, month, list.map((e) => ({ ...e, billed: true })), row.finalizedAt, sums)
        await audit.record(tx, {
          actorId: user.id,
          action: 'statement.finalize',
          entity: 'statement',
          entityId: row.id,
          after: { contractId, month, ...sums, entryIds: list.map((e) => e.id), lateEntryIds: statement.lateEntries.map((e) => e.id) },
        })
        return statement
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('statementsService', createStatementsService(fastify))
  },
  { name: 'statements-service', dependencies: ['db', 'contracts-repository', 'statements-repository', 'time-entries-repository', 'audit-repository'] },
)
