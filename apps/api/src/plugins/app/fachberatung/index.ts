import fp from 'fastify-plugin'
import contractsRepository from './contracts-repository.ts'
import budgetsRepository from './budgets-repository.ts'
import grantsRepository from './grants-repository.ts'
import timeEntriesRepository from './time-entries-repository.ts'
import statementsRepository from './statements-repository.ts'
import contractsService from './contracts-service.ts'
import grantsService from './grants-service.ts'
import timeEntriesService from './time-entries-service.ts'
import statementsService from './statements-service.ts'

/**
 * Registers the Fachberatung repositories and services (contracts, budgets, grants, time entries, statements).
 *
 * Lock order: every write locks group → grants (by id) → contracts (by id) → time entries (by id) → the year's
 * budget, reading child rows unlocked first where it must find their parents. LOCKING.md in this folder explains
 * it; a new write path must follow it, or two requests can deadlock.
 */
export default fp(
  async (fastify) => {
    await fastify.register(contractsRepository)
    await fastify.register(budgetsRepository)
    await fastify.register(grantsRepository)
    await fastify.register(timeEntriesRepository)
    await fastify.register(statementsRepository)
    await fastify.register(contractsService)
    await fastify.register(grantsService)
    await fastify.register(timeEntriesService)
    await fastify.register(statementsService)
  },
  { name: 'fachberatung', dependencies: ['db', 'audit-repository', 'users-repository', 'groups-repository'] },
)
