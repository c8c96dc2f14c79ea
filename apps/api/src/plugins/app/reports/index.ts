import fp from 'fastify-plugin'
import councilRepository from './council-repository.ts'
import snapshotsRepository from './snapshots-repository.ts'
import councilService from './council-service.ts'

/** The council report: its aggregates, stored snapshots, and the service that suppresses and compares them. */
export default fp(
  async (fastify) => {
    await fastify.register(councilRepository)
    await fastify.register(snapshotsRepository)
    await fastify.register(councilService)
  },
  { name: 'reports', dependencies: ['db', 'audit-repository'] },
)
