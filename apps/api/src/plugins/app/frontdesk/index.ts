import fp from 'fastify-plugin'
import offersRepository from './offers-repository.ts'
import inquiriesRepository from './inquiries-repository.ts'
import referralsRepository from './referrals-repository.ts'
import offersService from './offers-service.ts'
import inquiriesService from './inquiries-service.ts'
import referralsService from './referrals-service.ts'

/** Registers the front desk's repositories and services (offers, inquiries, referrals). */
export default fp(
  async (fastify) => {
    await fastify.register(offersRepository)
    await fastify.register(inquiriesRepository)
    await fastify.register(referralsRepository)
    await fastify.register(offersService)
    await fastify.register(inquiriesService)
    await fastify.register(referralsService)
  },
  { name: 'frontdesk', dependencies: ['db', 'audit-repository', 'groups-repository', 'contacts-repository'] },
)
