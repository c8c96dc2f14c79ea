import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Contract, SessionUser, Statement, TimeEntry } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import type { Executor } from '../../../db/client.ts'
import { todayInBerlin } from '../../../lib/dates.ts'
import { netCentsFor, vatCentsFor } from './money.ts'

declare module 'fastify' {
  interface FastifyInstance {
    statementsService: ReturnType<typeof createStatementsService>
  }
}

/** Last calendar day of a `YYYY-MM` month. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${month}-${String(days).padStart(2, '0')}`
}

function totals(contract: Contract, entries: TimeEntry[]) {
  const totalMinutes = entries.reduce((sum, e) => sum + e.minutes, 0)
  // Rounded once on the total, not per entry: the invoice equals minutes × rate.
  const netCents = netCentsFor(totalMinutes, contract.hourlyRateCents)
  const vatCents = vatCentsFor(netCents, contract.vatRatePercent)
  return { totalMinutes, netCents, vatCents, grossCents: netCents + vatCents }
}

/**
 * A statement per contract and month lists the approved entries that no earlier statement billed,
 * dated in that month or before (late approvals are not lost). Finalising stores the totals and marks
 * the entries billed; from then on the database refuses any change to them. Finalising locks the contract,
 * then the entries it bills (LOCKING.md).
 */
function createStatementsService(fastify: FastifyInstance) {
  const { db, contractsRepository: contracts, statementsRepository: statements, timeEntriesRepository: entries, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  const statementOf = (contract: Contract, month: string, list: TimeEntry[], finalizedAt: Date | null, stored?: ReturnType<typeof totals>): Statement => ({
    contractId: contract.id,
    contractNumber: contract.number,
    advisorName: contract.advisorName,
    month,
    hourlyRateCents: contract.hourlyRateCents,
    vatRatePercent: contract.vatRatePercent,
    entries: list,
    ...(stored ?? totals(contract, list)),
    finalizedAt: finalizedAt?.toISOString() ?? null,
  })

  async function contractFor(user: SessionUser, id: string, ex: Executor = db): Promise<Contract> {
    const contract = await contracts.findView(id, user.role === 'advisor' ? user.id : undefined, ex)
    if (!contract) throw notFound('Contract')
    return contract
  }

  return {
    async get(user: SessionUser, contractId: string, month: string): Promise<Statement> {
      const contract = await contractFor(user, contractId)
      const stored = await statements.find(contractId, month)
      if (stored) {
        const { totalMinutes, netCents, vatCents, grossCents } = stored
        return statementOf(contract, month, await entries.billedBy(stored.id), stored.finalizedAt, { totalMinutes, netCents, vatCents, grossCents })
      }
      return statementOf(contract, month, await entries.billable(db, contractId, lastDayOf(month), false), null)
    },

    async finalize(user: SessionUser, contractId: string, month: string): Promise<Statement> {
      if (month > todayInBerlin().slice(0, 7)) throw appError('MONTH_IN_FUTURE', 'A month can be finalised once it has begun')
      return transaction(async (tx) => {
        // The contract row lock serialises finalisations of the same contract.
        if (!(await contracts.lock(tx, contractId))) throw notFound('Contract')
        const contract = await contractFor(user, contractId, tx)
        if (await statements.find(contractId, month, tx)) throw appError('STATEMENT_FINALIZED', `The statement for ${month} is finalised already`)
        const list = await entries.billable(tx, contractId, lastDayOf(month), true)
        const sums = totals(contract, list)
        const row = await statements.insert(tx, { contractId, month, ...sums, finalizedBy: user.id })
        if (!row) throw appError('STATEMENT_FINALIZED', `The statement for ${month} is finalised already`)
        await entries.markBilled(tx, list.map((e) => e.id), row.id)
        const billed = list.map((e) => ({ ...e, billed: true }))
        const statement = statementOf(contract, month, billed, row.finalizedAt, sums)
        await audit.record(tx, {
          actorId: user.id,
          action: 'statement.finalize',
          entity: 'statement',
          entityId: row.id,
          after: { contractId, month, ...sums, entryIds: list.map((e) => e.id) },
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
