import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Grant, GrantCreate, SessionUser, TopUpCreate } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import type { Executor } from '../../../db/client.ts'
import { todayInBerlin } from '../../../lib/dates.ts'
import { netCentsFor } from './money.ts'

declare module 'fastify' {
  interface FastifyInstance {
    grantsService: ReturnType<typeof createGrantsService>
  }
}

/**
 * Grants commit money against the yearly budget. Every write takes its locks in the one order of
 * LOCKING.md — group, grant, contract, budget — so concurrent grants, top-ups, closings and approvals
 * cannot deadlock.
 */
function createGrantsService(fastify: FastifyInstance) {
  const { db, grantsRepository: grants, contractsRepository: contracts, budgetsRepository: budgets, groupsRepository: groups, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  /** Takes minutes from the contract's volume and their money from the year's budget, or refuses. */
  async function reserve(tx: Executor, contractId: string, year: number, minutes: number, deltaCents: number) {
    if (!(await contracts.addGrantedMinutes(tx, contractId, minutes))) {
      throw appError('CONTRACT_VOLUME_EXCEEDED', 'The framework contract has not enough volume left for these hours')
    }
    if (!(await budgets.commit(tx, year, deltaCents))) {
      const budget = await budgets.get(year, tx)
      throw appError(
        'BUDGET_EXCEEDED',
        `The advisor budget ${year} cannot cover ${deltaCents} cents; ${budget.availableCents} cents are available`,
      )
    }
  }

  const view = async (tx: Executor, id: string) => (await grants.findView(id, undefined, tx))!

  return {
    async create(user: SessionUser, groupId: string, body: GrantCreate): Promise<Grant> {
      const today = todayInBerlin()
      const year = Number(today.slice(0, 4))
      return transaction(async (tx) => {
        const group = await groups.findById(groupId, { kind: 'all' }, tx)
        if (!group) throw notFound('Group')
        if (group.status !== 'active') throw appError('GROUP_NOT_ACTIVE', 'Only active groups receive hour grants')
        if (group.stage !== 'expert') throw appError('GROUP_NOT_IN_EXPERT_STAGE', 'Hour grants are for groups in Stufe III (Fachberatung)')
        const contract = await contracts.lock(tx, body.contractId)
        if (!contract) throw appError('CONTRACT_NOT_VALID', 'The framework contract does not exist')
        if (contract.validFrom > today || contract.validUntil < today) throw appError('CONTRACT_NOT_VALID', 'The framework contract is not valid today')
        const minutes = body.minutes ?? (await budgets.defaultGrantMinutes(tx))
        const committedCents = netCentsFor(minutes, contract.hourlyRateCents)
        await reserve(tx, contract.id, year, minutes, committedCents)
        const row = await grants.insert(tx, {
          groupId,
          contractId: contract.id,
          advisorId: contract.advisorId,
          year,
          purpose: body.purpose,
          grantedMinutes: minutes,
          committedCents,
          createdBy: user.id,
        })
        const grant = await view(tx, row.id)
        await audit.record(tx, { actorId: user.id, action: 'grant.create', entity: 'grant', entityId: row.id, after: grant })
        return grant
      })
    },

    async topUp(user: SessionUser, id: string, body: TopUpCreate): Promise<Grant> {
      return transaction(async (tx) => {
        const current = await grants.lock(tx, id)
        if (!current) throw notFound('Grant')
        if (current.status !== 'active') throw appError('GRANT_CLOSED', 'The grant is closed')
        const contract = (await contracts.lock(tx, current.contractId))!
        // The money of the whole grant is recomputed and only the difference committed: no rounding drift.
        const committedCents = netCentsFor(current.grantedMinutes + body.minutes, contract.hourlyRateCents)
        await reserve(tx, contract.id, current.year, body.minutes, committedCents - current.committedCents)
        const before = await view(tx, id)
        await grants.update(tx, id, { grantedMinutes: current.grantedMinutes + body.minutes, committedCents })
        await grants.recordTopUp(tx, { grantId: id, minutes: body.minutes, reason: body.reason, byId: user.id })
        const after = await view(tx, id)
        await audit.record(tx, { actorId: user.id, action: 'grant.top_up', entity: 'grant', entityId: id, before, after: { ...after, reason: body.reason } })
        return after
      })
    },

    /** Ends a grant: what was not used goes back to the contract's volume and the year's budget. */
    async close(user: SessionUser, id: string): Promise<Grant> {
      return transaction(async (tx) => {
        const current = await grants.lock(tx, id)
        if (!current) throw notFound('Grant')
        if (current.status !== 'active') throw appError('GRANT_CLOSED', 'The grant is closed already')
        if (current.submittedMinutes > 0) throw appError('GRANT_HAS_PENDING_ENTRIES', 'Approve or reject the submitted hours before closing the grant')
        await contracts.lock(tx, current.contractId)
        const unusedMinutes = current.grantedMinutes - current.approvedMinutes
        await contracts.addGrantedMinutes(tx, current.contractId, -unusedMinutes)
        await budgets.commit(tx, current.year, current.spentCents - current.committedCents)
        const before = await view(tx, id)
        await grants.update(tx, id, { status: 'closed', committedCents: current.spentCents, closedAt: new Date() })
        const after = await view(tx, id)
        await audit.record(tx, { actorId: user.id, action: 'grant.close', entity: 'grant', entityId: id, before, after })
        return after
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('grantsService', createGrantsService(fastify))
  },
  {
    name: 'grants-service',
    dependencies: ['db', 'grants-repository', 'contracts-repository', 'budgets-repository', 'groups-repository', 'audit-repository'],
  },
)
