import type { FastifyPluginAsync } from 'fastify'
import offers from './offers.ts'
import inquiries from './inquiries.ts'
import referrals from './referrals.ts'

/** Front desk routes: /api/offers, /api/inquiries, /api/referrals. */
const frontdesk: FastifyPluginAsync = async (fastify) => {
  await fastify.register(offers, { prefix: '/offers' })
  await fastify.register(inquiries, { prefix: '/inquiries' })
  await fastify.register(referrals, { prefix: '/referrals' })
}

export default frontdesk
