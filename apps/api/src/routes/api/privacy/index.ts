import type { FastifyPluginAsync } from 'fastify'
import people from './people.ts'
import retention from './retention.ts'
import record from './record.ts'

/** Data protection (DSGVO): /api/privacy/people, /api/privacy/retention, /api/privacy/record. Coordinators' work. */
const privacy: FastifyPluginAsync = async (fastify) => {
  await fastify.register(people, { prefix: '/people' })
  await fastify.register(retention, { prefix: '/retention' })
  await fastify.register(record, { prefix: '/record' })
}

export default privacy
