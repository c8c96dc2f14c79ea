import fp from 'fastify-plugin'
import dashboardRepository from './dashboard-repository.ts'
import dashboardService from './dashboard-service.ts'

/** Registers the Start page's aggregates (read-only; no audit: nothing changes). */
export default fp(
  async (fastify) => {
    await fastify.register(dashboardRepository)
    await fastify.register(dashboardService)
  },
  { name: 'dashboard', dependencies: ['db', 'reports'] },
)
