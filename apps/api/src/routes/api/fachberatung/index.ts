import type { FastifyPluginAsync } from 'fastify'
import contracts from './contracts.ts'
import budgets from './budgets.ts'
import grants from './grants.ts'
import timeEntries from './time-entries.ts'
import statements from './statements.ts'

/** Fachberatung routes: contracts, advisor budgets, settings, grants, time entries, statements. */
const fachberatung: FastifyPluginAsync = async (fastify) => {
  await fastify.register(contracts, { prefix: '/contracts' })
  await fastify.register(statements)
  await fastify.register(budgets)
  await fastify.register(grants)
  await fastify.register(timeEntries, { prefix: '/time-entries' })
}

export default fachberatung
