import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Budget, Contract, ContractCreate, ContractPatch, SessionUser, Settings } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'

declare module 'fastify' {
  interface FastifyInstance {
    contractsService: ReturnType<typeof createContractsService>
  }
}

/** Contract and budget writes each lock one row: the contract, or the year's budget (LOCKING.md). */
function createContractsService(fastify: FastifyInstance) {
  const { db, contractsRepository: contracts, budgetsRepository: budgets, usersRepository: users, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  function checkValidity(validFrom: string, validUntil: string) {
    if (validUntil < validFrom) throw appError('INVALID_DATE_RANGE', 'validUntil must not be before validFrom', [{ path: '/validUntil', message: 'before validFrom' }])
  }

  return {
    async create(user: SessionUser, body: ContractCreate): Promise<Contract> {
      checkValidity(body.validFrom, body.validUntil)
      const advisor = await users.findById(body.advisorId)
      if (!advisor || advisor.role !== 'advisor') throw appError('NOT_AN_ADVISOR', 'advisorId must be an account with the role advisor')
      return transaction(async (tx) => {
        const row = await contracts.insert(tx, { ...body, maxMinutes: body.maxMinutes ?? null })
        if (!row) throw appError('CONTRACT_NUMBER_TAKEN', `A contract with the number ${body.number} exists already`)
        const contract = (await contracts.findView(row.id, undefined, tx))!
        await audit.record(tx, { actorId: user.id, action: 'contract.create', entity: 'contract', entityId: row.id, after: contract })
        return contract
      })
    },

    async update(user: SessionUser, id: string, patch: ContractPatch): Promise<Contract> {
      return transaction(async (tx) => {
        const current = await contracts.lock(tx, id)
        if (!current) throw notFound('Contract')
        checkValidity(patch.validFrom ?? current.validFrom, patch.validUntil ?? current.validUntil)
        // Grants hold money computed with the rate: changing it later would make the budget wrong.
        if (current.grantedMinutes > 0 && patch.hourlyRateCents !== undefined && patch.hourlyRateCents !== current.hourlyRateCents) {
          throw appError('CONTRACT_IN_USE', 'The hourly rate cannot change once hours are granted under the contract')
        }
        if (patch.maxMinutes != null && patch.maxMinutes < current.grantedMinutes) {
          throw appError('CONTRACT_VOLUME_EXCEEDED', `${current.grantedMinutes} minutes are granted already; the cap cannot be lower`)
        }
        const before = (await contracts.findView(id, undefined, tx))!
        try {
          await contracts.update(tx, id, patch)
        } catch (err) {
          if ((err as { cause?: { code?: string } }).cause?.code === '23505' || (err as { code?: string }).code === '23505') {
            throw appError('CONTRACT_NUMBER_TAKEN', `A contract with the number ${patch.number} exists already`)
          }
          throw err
        }
        const after = (await contracts.findView(id, undefined, tx))!
        await audit.record(tx, { actorId: user.id, action: 'contract.update', entity: 'contract', entityId: id, before, after })
        return after
      })
    },

    async putBudget(user: SessionUser, year: number, amountCents: number): Promise<Budget> {
      return transaction(async (tx) => {
        const before = await budgets.get(year, tx)
        const row = await budgets.put(tx, year, amountCents)
        if (!row) throw appError('BUDGET_BELOW_COMMITTED', `${before.committedCents} cents are committed in ${year} already; the budget cannot be lower`)
        const after = await budgets.get(year, tx)
        await audit.record(tx, { actorId: user.id, action: 'budget.put', entity: 'advisor_budget', entityId: null, before: { ...before }, after: { ...after } })
        return after
      })
    },

    async getSettings(): Promise<Settings> {
      return { defaultGrantMinutes: await budgets.defaultGrantMinutes() }
    },

    async patchSettings(user: SessionUser, patch: Settings): Promise<Settings> {
      return transaction(async (tx) => {
        const before = { defaultGrantMinutes: await budgets.defaultGrantMinutes(tx) }
        await budgets.setDefaultGrantMinutes(tx, patch.defaultGrantMinutes)
        await audit.record(tx, { actorId: user.id, action: 'settings.update', entity: 'settings', entityId: null, before, after: patch })
        return patch
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('contractsService', createContractsService(fastify))
  },
  { name: 'contracts-service', dependencies: ['db', 'contracts-repository', 'budgets-repository', 'users-repository', 'audit-repository'] },
)
