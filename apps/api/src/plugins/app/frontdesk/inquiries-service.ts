import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import {
  PHONE_PATTERN_SOURCE,
  type ConvertedGroup,
  type GroupCreate,
  type Inquiry,
  type InquiryClose,
  type InquiryCreate,
  type InquiryList,
  type InquiryListQuery,
  type InquiryPatch,
  type SessionUser,
} from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import type { Executor } from '../../../db/client.ts'
import { isAfter, todayInBerlin } from '../../../lib/dates.ts'
import { toGroup } from '../groups/groups-repository.ts'
import { toContact } from '../groups/contacts-repository.ts'
import type { InquiryRow } from './inquiries-repository.ts'
import { hidesRestricted } from '../privacy/restriction-filter.ts'

declare module 'fastify' {
  interface FastifyInstance {
    inquiriesService: ReturnType<typeof createInquiriesService>
  }
}

const invalid = (path: string, message: string) => appError('VALIDATION_FAILED', 'The body is not valid', [{ path, message }])

/** Clocks drift: a receipt time a few minutes ahead of the server is still "now". */
const CLOCK_SKEW_MS = 5 * 60_000

function checkReceivedAt(receivedAt: string | undefined) {
  if (receivedAt && Date.parse(receivedAt) > Date.now() + CLOCK_SKEW_MS) throw invalid('/receivedAt', 'must not be in the future')
}

/** Empty or blank text is stored as null, so "anonymous" has one spelling. */
const textOrNull = (value: string | null | undefined) => value?.trim() || null
const optionalText = (value: string | null | undefined) => (value === undefined ? undefined : textOrNull(value))

// What the inquirer gave as "contact" is free text; it becomes the group contact's e-mail or phone
// only when it clearly is one: the phone rule is the shared one of every phone field, so a number the
// contact form accepts ("(0351) 000000") is also carried over from an inquiry.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = new RegExp(PHONE_PATTERN_SOURCE)

function createInquiriesService(fastify: FastifyInstance) {
  const { db, inquiriesRepository: inquiries, groupsRepository: groups, contactsRepository: contacts, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  async function lockExisting(tx: Executor, id: string): Promise<InquiryRow> {
    const row = await inquiries.lock(tx, id)
    if (!row) throw notFound('Inquiry')
    return row
  }

  async function read(tx: Executor, id: string): Promise<Inquiry> {
    return (await inquiries.findById(id, tx))!
  }

  return {
    async list(user: SessionUser, query: InquiryListQuery): Promise<InquiryList> {
      if (query.from && query.to && isAfter(query.from, query.to)) {
        throw appError('VALIDATION_FAILED', 'The querystring is not valid', [{ path: '/to', message: 'must not be before from' }])
      }
      return inquiries.list(query, hidesRestricted(user))
    },

    async get(user: SessionUser, id: string): Promise<Inquiry> {
      const inquiry = await inquiries.findById(id, undefined, hidesRestricted(user))
      if (!inquiry) throw notFound('Inquiry')
      return inquiry
    },

    async create(user: SessionUser, body: InquiryCreate): Promise<Inquiry> {
      checkReceivedAt(body.receivedAt)
      return transaction(async (tx) => {
        const row = await inquiries.insert(tx, {
          ...(body.receivedAt ? { receivedAt: new Date(body.receivedAt) } : {}),
          channel: body.channel,
          name: textOrNull(body.name),
          contact: textOrNull(body.contact),
          topics: body.topics,
          targetGroups: body.targetGroups ?? [],
          language: body.language ?? null,
          notes: textOrNull(body.notes),
          createdBy: user.id,
        })
        const inquiry = await read(tx, row.id)
        // Name and contact reach the audit trail too; erasing a person's data there is a later issue.
        await audit.record(tx, { actorId: user.id, action: 'inquiry.create', entity: 'inquiry', entityId: row.id, after: inquiry })
        return inquiry
      })
    },

    /** Corrections are allowed in every status: what was said does not change with what followed. */
    async update(user: SessionUser, id: string, patch: InquiryPatch): Promise<Inquiry> {
      checkReceivedAt(patch.receivedAt)
      return transaction(async (tx) => {
        await lockExisting(tx, id)
        const before = await read(tx, id)
        await inquiries.update(tx, id, {
          ...(patch.receivedAt !== undefined ? { receivedAt: new Date(patch.receivedAt) } : {}),
          channel: patch.channel,
          name: optionalText(patch.name),
          contact: optionalText(patch.contact),
          topics: patch.topics,
          targetGroups: patch.targetGroups,
          language: patch.language,
          notes: optionalText(patch.notes),
        })
        const after = await read(tx, id)
        await audit.record(tx, { actorId: user.id, action: 'inquiry.update', entity: 'inquiry', entityId: id, before, after })
        return after
      })
    },

    /** Ends an open or referred inquiry; its referrals are still followed up. */
    async close(user: SessionUser, id: string, { reason }: InquiryClose): Promise<Inquiry> {
      const why = reason.trim()
      if (!why) throw appError('REASON_REQUIRED', 'Closing an inquiry needs a reason')
      return transaction(async (tx) => {
        const current = await lockExisting(tx, id)
        if (current.status === 'closed') throw appError('INQUIRY_ALREADY_CLOSED', 'The inquiry is closed already')
        if (current.status === 'converted') throw appError('INQUIRY_CONVERTED', 'The inquiry has become a group; continue with the group')
        await inquiries.update(tx, id, { status: 'closed', closeReason: why, closedAt: new Date() })
        await audit.record(tx, {
          actorId: user.id,
          action: 'inquiry.close',
          entity: 'inquiry',
          entityId: id,
          before: { status: current.status },
          after: { status: 'closed', reason: why },
        })
        return read(tx, id)
      })
    },

    /**
     * Opens a group case from the inquiry, all in one transaction: the group (Stufe I) with its first
     * stage-history entry, the inquirer as first contact when they gave a name, and the inquiry's
     * change to `converted`. Target groups and language carry over unless the body names them.
     */
    async convert(user: SessionUser, id: string, body: GroupCreate): Promise<ConvertedGroup> {
      return transaction(async (tx) => {
        const inquiry = await lockExisting(tx, id)
        if (inquiry.status === 'converted') throw appError('INQUIRY_ALREADY_CONVERTED', 'A group was opened from this inquiry already')
        if (inquiry.status === 'closed') throw appError('INQUIRY_CLOSED', 'The inquiry is closed')

        const row = await groups.insert(tx, {
          ...body,
          targetGroups: body.targetGroups ?? inquiry.targetGroups,
          languages: body.languages ?? (inquiry.language ? [inquiry.language] : []),
          createdBy: user.id,
        })
        await groups.recordStageChange(tx, { groupId: row.id, fromStage: null, toStage: row.stage, byId: user.id, reason: null })
        const group = toGroup(row)
        await audit.record(tx, { actorId: user.id, action: 'group.create', entity: 'group', entityId: row.id, after: { ...group, inquiryId: id } })

        if (inquiry.name) {
          const given = inquiry.contact ?? ''
          const contact = toContact(
            await contacts.insert(tx, row.id, {
              name: inquiry.name,
              email: EMAIL.test(given) ? given : null,
              phone: !EMAIL.test(given) && PHONE.test(given) ? given : null,
              since: todayInBerlin(),
            }),
          )
          await audit.record(tx, { actorId: user.id, action: 'contact.create', entity: 'contact', entityId: contact.id, after: contact })
        }

        await inquiries.update(tx, id, { status: 'converted', groupId: row.id, convertedAt: new Date() })
        await audit.record(tx, {
          actorId: user.id,
          action: 'inquiry.convert',
          entity: 'inquiry',
          entityId: id,
          before: { status: inquiry.status },
          after: { status: 'converted', groupId: row.id },
        })
        return { ...group, inquiryId: id }
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('inquiriesService', createInquiriesService(fastify))
  },
  {
    name: 'inquiries-service',
    dependencies: ['db', 'inquiries-repository', 'groups-repository', 'contacts-repository', 'audit-repository'],
  },
)
