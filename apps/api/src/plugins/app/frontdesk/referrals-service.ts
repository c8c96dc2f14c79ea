import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import {
  DEFAULT_FOLLOW_UP_DAYS,
  type Referral,
  type ReferralCreate,
  type ReferralList,
  type ReferralListQuery,
  type ReferralOutcomeChange,
  type ReferralPatch,
  type SessionUser,
} from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import type { Executor } from '../../../db/client.ts'
import { isAfter, todayInBerlin } from '../../../lib/dates.ts'
import { scopeOf } from '../groups/group-scope.ts'
import { addDays } from '@wohnlotse/shared'

declare module 'fastify' {
  interface FastifyInstance {
    referralsService: ReturnType<typeof createReferralsService>
  }
}

const invalid = (path: string, message: string) => appError('VALIDATION_FAILED', 'The body is not valid', [{ path, message }])

function checkFollowUp(followUpOn: string | undefined, today: string) {
  if (followUpOn && isAfter(today, followUpOn)) throw invalid('/followUpOn', 'must not be in the past')
}

function createReferralsService(fastify: FastifyInstance) {
  const { db, referralsRepository: referrals, offersRepository: offers, inquiriesRepository: inquiries, groupsRepository: groups, auditRepository: audit } =
    fastify
  const transaction = transactionRunner(db, fastify.log)

  async function read(tx: Executor, id: string): Promise<Referral> {
    return (await referrals.findById(id, tx))!
  }

  return {
    async get(id: string): Promise<Referral> {
      const referral = await referrals.findById(id)
      if (!referral) throw notFound('Referral')
      return referral
    },

    async list(query: ReferralListQuery): Promise<ReferralList> {
      if (query.followUpFrom && query.followUpTo && isAfter(query.followUpFrom, query.followUpTo)) {
        throw appError('VALIDATION_FAILED', 'The querystring is not valid', [{ path: '/followUpTo', message: 'must not be before followUpFrom' }])
      }
      return referrals.list(query, todayInBerlin())
    },

    /**
     * Refers an inquiry or a group to an offer. The subject is locked while its pending referrals are
     * checked, so a double click cannot refer the same person to the same offer twice. An open
     * inquiry becomes `referred`.
     */
    async create(user: SessionUser, body: ReferralCreate): Promise<Referral> {
      if ((body.inquiryId === undefined) === (body.groupId === undefined)) {
        throw invalid(body.inquiryId ? '/groupId' : '/inquiryId', 'give exactly one of inquiryId and groupId')
      }
      const today = todayInBerlin()
      checkFollowUp(body.followUpOn, today)
      return transaction(async (tx) => {
        const offer = await offers.findById(body.offerId, tx)
        if (!offer) throw appError('UNKNOWN_OFFER', 'There is no offer with this id')
        if (!offer.active) throw appError('OFFER_INACTIVE', 'The offer is switched off; refer to another one')

        let inquiryStatus: string | undefined
        if (body.inquiryId) {
          const inquiry = await inquiries.lock(tx, body.inquiryId)
          if (!inquiry) throw appError('UNKNOWN_INQUIRY', 'There is no inquiry with this id')
          if (inquiry.status === 'closed') throw appError('INQUIRY_CLOSED', 'The inquiry is closed')
          if (inquiry.status === 'converted') throw appError('INQUIRY_CONVERTED', 'The inquiry has become a group; refer the group instead')
          inquiryStatus = inquiry.status
        } else {
          const group = await groups.findById(body.groupId!, scopeOf(user), tx)
          if (!group) throw appError('UNKNOWN_GROUP', 'There is no group with this id')
          if (group.status === 'closed') throw appError('GROUP_CLOSED', 'The group is closed')
          // A referral is activity on the group: recently worked-on groups list first.
          await groups.touch(tx, group.id)
        }
        const subject = body.inquiryId ? { inquiryId: body.inquiryId } : { groupId: body.groupId! }
        if (await referrals.hasPending(tx, subject, offer.id)) {
          throw appError('REFERRAL_PENDING', 'A referral to this offer is still waiting for its follow-up')
        }

        const row = await referrals.insert(tx, {
          inquiryId: body.inquiryId ?? null,
          groupId: body.groupId ?? null,
          offerId: offer.id,
          reason: body.reason?.trim() || null,
          consentToShare: body.consentToShare,
          followUpOn: body.followUpOn ?? addDays(today, DEFAULT_FOLLOW_UP_DAYS),
          createdBy: user.id,
        })
        const referral = await read(tx, row.id)
        await audit.record(tx, { actorId: user.id, action: 'referral.create', entity: 'referral', entityId: row.id, after: referral })

        if (body.inquiryId && inquiryStatus === 'open') {
          await inquiries.update(tx, body.inquiryId, { status: 'referred' })
          await audit.record(tx, {
            actorId: user.id,
            action: 'inquiry.refer',
            entity: 'inquiry',
            entityId: body.inquiryId,
            before: { status: 'open' },
            after: { status: 'referred', referralId: row.id },
          })
        }
        return referral
      })
    },

    /** Postpones the follow-up or corrects reason and consent. */
    async update(user: SessionUser, id: string, patch: ReferralPatch): Promise<Referral> {
      checkFollowUp(patch.followUpOn, todayInBerlin())
      return transaction(async (tx) => {
        if (!(await referrals.lock(tx, id))) throw notFound('Referral')
        const before = await read(tx, id)
        await referrals.update(tx, id, {
          reason: patch.reason === undefined ? undefined : patch.reason?.trim() || null,
          consentToShare: patch.consentToShare,
          followUpOn: patch.followUpOn,
        })
        const after = await read(tx, id)
        await audit.record(tx, { actorId: user.id, action: 'referral.update', entity: 'referral', entityId: id, before, after })
        return after
      })
    },

    /**
     * Records what the follow-up found. A later follow-up may record a newer outcome ("contacted",
     * then "helped"); the audit trail keeps each one.
     */
    async recordOutcome(user: SessionUser, id: string, { outcome, note }: ReferralOutcomeChange): Promise<Referral> {
      return transaction(async (tx) => {
        const current = await referrals.lock(tx, id)
        if (!current) throw notFound('Referral')
        const outcomeNote = note?.trim() || null
        await referrals.update(tx, id, { outcome, outcomeNote, outcomeAt: sql`now()`, outcomeBy: user.id })
        await audit.record(tx, {
          actorId: user.id,
          action: 'referral.outcome',
          entity: 'referral',
          entityId: id,
          before: { outcome: current.outcome, note: current.outcomeNote },
          after: { outcome, note: outcomeNote },
        })
        return read(tx, id)
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('referralsService', createReferralsService(fastify))
  },
  {
    name: 'referrals-service',
    dependencies: ['db', 'referrals-repository', 'offers-repository', 'inquiries-repository', 'groups-repository', 'audit-repository'],
  },
)
