import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Offer, OfferCreate, OfferList, OfferListQuery, OfferPatch, SessionUser } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import { isOfferNameTaken, toOffer, type OfferInsert } from './offers-repository.ts'
import { criteriaOf, rankOffers } from './ranking.ts'

declare module 'fastify' {
  interface FastifyInstance {
    offersService: ReturnType<typeof createOffersService>
  }
}

const byName = new Intl.Collator('de', { sensitivity: 'base' })
const nameTaken = () => appError('OFFER_NAME_TAKEN', 'An offer with this name exists already')

function createOffersService(fastify: FastifyInstance) {
  const { db, offersRepository: offers, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  return {
    /** Without criteria: by name, no score. With topics, target groups or a language: ranked and scored. */
    async list(user: SessionUser, query: OfferListQuery): Promise<OfferList> {
      // Switched-off offers are catalogue maintenance, not something to refer to.
      if (query.includeInactive && user.role !== 'coordinator' && user.role !== 'admin') {
        throw appError('FORBIDDEN', 'Only coordinators and admins see inactive offers')
      }
      const items = (await offers.list(query)).map(toOffer)
      const criteria = criteriaOf(query)
      return { items: criteria ? rankOffers(items, criteria) : items.sort((a, b) => byName.compare(a.name, b.name)) }
    },

    async get(id: string): Promise<Offer> {
      const row = await offers.findById(id)
      if (!row) throw notFound('Offer')
      return toOffer(row)
    },

    async create(user: SessionUser, body: OfferCreate): Promise<Offer> {
      return transaction(async (tx) => {
        const row = await offers.insert(tx, {
          name: body.name.trim(),
          organisation: body.organisation?.trim() || null,
          description: body.description?.trim() || null,
          topics: body.topics ?? [],
          targetGroups: body.targetGroups ?? [],
          languages: body.languages ?? [],
          contactPhone: body.contact?.phone ?? null,
          contactEmail: body.contact?.email ?? null,
          contactUrl: body.contact?.url ?? null,
          contactAddress: body.contact?.address?.trim() || null,
          contactOpeningHours: body.contact?.openingHours?.trim() || null,
          active: body.active ?? true,
          createdBy: user.id,
        })
        if (!row) throw nameTaken()
        const offer = toOffer(row)
        await audit.record(tx, { actorId: user.id, action: 'offer.create', entity: 'offer', entityId: offer.id, after: offer })
        return offer
      })
    },

    async update(user: SessionUser, id: string, patch: OfferPatch): Promise<Offer> {
      return transaction(async (tx) => {
        const current = await offers.lock(tx, id)
        if (!current) throw notFound('Offer')
        const { contact, ...fields } = patch
        const changes: Partial<OfferInsert> = {
          ...fields,
          ...(fields.name !== undefined ? { name: fields.name.trim() } : {}),
          ...(fields.organisation !== undefined ? { organisation: fields.organisation?.trim() || null } : {}),
          ...(fields.description !== undefined ? { description: fields.description?.trim() || null } : {}),
          ...(contact?.phone !== undefined ? { contactPhone: contact.phone } : {}),
          ...(contact?.email !== undefined ? { contactEmail: contact.email } : {}),
          ...(contact?.url !== undefined ? { contactUrl: contact.url } : {}),
          ...(contact?.address !== undefined ? { contactAddress: contact.address?.trim() || null } : {}),
          ...(contact?.openingHours !== undefined ? { contactOpeningHours: contact.openingHours?.trim() || null } : {}),
        }
        let updated
        try {
          updated = await offers.update(tx, id, changes)
        } catch (err) {
          // The transaction is lost either way; only the answer differs.
          if (isOfferNameTaken(err)) throw nameTaken()
          throw err
        }
        const before = toOffer(current)
        const after = toOffer(updated)
        await audit.record(tx, { actorId: user.id, action: 'offer.update', entity: 'offer', entityId: id, before, after })
        return after
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('offersService', createOffersService(fastify))
  },
  { name: 'offers-service', dependencies: ['db', 'offers-repository', 'audit-repository'] },
)
