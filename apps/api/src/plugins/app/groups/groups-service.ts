import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import {
  STAGES,
  stageChangeNeedsReason,
  type Consultation,
  type ConsultationCreate,
  type Contact,
  type ContactCreate,
  type ContactPatch,
  type Group,
  type GroupCreate,
  type GroupPatch,
  type SessionUser,
  type StageChange,
  type StatusChange,
} from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import type { Executor } from '../../../db/client.ts'
import { isAfter, todayInBerlin } from '../../../lib/dates.ts'
import { toGroup, type GroupRow } from './groups-repository.ts'
import { toContact } from './contacts-repository.ts'
import { toConsultation } from './consultations-repository.ts'
import { scopeOf } from './group-scope.ts'
import { hidesRestricted } from '../privacy/restriction-filter.ts'

declare module 'fastify' {
  interface FastifyInstance {
    groupsService: ReturnType<typeof createGroupsService>
  }
}

const invalid = (path: string, message: string) => appError('VALIDATION_FAILED', 'The body is not valid', [{ path, message }])

/**
 * Need-to-know: the front desk reads only the minutes of Orientierungsberatung, external advisors read
 * none of the office's internal minutes.
 */
const notesHiddenFor = (user: SessionUser, stage: Consultation['stage']) =>
  user.role === 'advisor' || (user.role === 'frontdesk' && stage !== 'orientation')

function createGroupsService(fastify: FastifyInstance) {
  const { db, groupsRepository: groups, contactsRepository: contacts, consultationsRepository: consultations, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)

  /** Loads a group the user may see, locked for the transaction; otherwise 404, whether missing or foreign. */
  async function lockVisible(tx: Executor, user: SessionUser, id: string): Promise<GroupRow> {
    const row = await groups.findById(id, scopeOf(user), tx)
    if (!row) throw notFound('Group')
    return row
  }

  async function getVisible(user: SessionUser, id: string): Promise<Group> {
    const row = await groups.findById(id, scopeOf(user))
    if (!row) throw notFound('Group')
    return toGroup(row)
  }

  return {
    get: getVisible,

    async create(user: SessionUser, body: GroupCreate): Promise<Group> {
      return transaction(async (tx) => {
        const row = await groups.insert(tx, { ...body, createdBy: user.id })
        await groups.recordStageChange(tx, { groupId: row.id, fromStage: null, toStage: row.stage, byId: user.id, reason: null })
        const group = toGroup(row)
        await audit.record(tx, { actorId: user.id, action: 'group.create', entity: 'group', entityId: row.id, after: group })
        return group
      })
    },

    async update(user: SessionUser, id: string, patch: GroupPatch): Promise<Group> {
      return transaction(async (tx) => {
        const before = toGroup(await lockVisible(tx, user, id))
        const after = toGroup(await groups.update(tx, id, patch))
        await audit.record(tx, { actorId: user.id, action: 'group.update', entity: 'group', entityId: id, before, after })
        return after
      })
    },

    /** One step forward is routine; skipping a stage or going back must be explained. */
    async changeStage(user: SessionUser, id: string, { to, reason }: StageChange): Promise<Group> {
      return transaction(async (tx) => {
        const current = await lockVisible(tx, user, id)
        if (current.status === 'closed') throw appError('GROUP_CLOSED', 'The group is closed; reopen it before changing its stage')
        if (current.stage === to) throw appError('STAGE_UNCHANGED', `The group is already in stage ${to}`)
        if (stageChangeNeedsReason(current.stage, to) && !reason?.trim()) {
          const forward = STAGES.indexOf(to) > STAGES.indexOf(current.stage)
          throw appError('REASON_REQUIRED', forward ? 'Skipping a stage needs a reason' : 'Moving a group back needs a reason')
        }
        const updated = await groups.update(tx, id, { stage: to, stageSince: sql`now()` })
        await groups.recordStageChange(tx, { groupId: id, fromStage: current.stage, toStage: to, byId: user.id, reason: reason?.trim() || null })
        await audit.record(tx, {
          actorId: user.id,
          action: 'group.stage',
          entity: 'group',
          entityId: id,
          before: { stage: current.stage },
          after: { stage: to, reason: reason?.trim() || null },
        })
        return toGroup(updated)
      })
    },

    async changeStatus(user: SessionUser, id: string, { to, reason, closeReason }: StatusChange): Promise<Group> {
      if (to === 'closed' && !closeReason) throw appError('CLOSE_REASON_REQUIRED', 'Closing a group needs a closeReason code')
      if (to !== 'closed' && closeReason) throw appError('CLOSE_REASON_NOT_CLOSING', 'Only closing a group takes a closeReason')
      return transaction(async (tx) => {
        const current = await lockVisible(tx, user, id)
        if (current.status === to) throw appError('STATUS_UNCHANGED', `The group is already ${to}`)
        if (to === 'closed' && !reason?.trim()) throw appError('REASON_REQUIRED', 'Closing a group needs a reason')
        const updated = await groups.update(tx, id, { status: to })
        const change = { reason: reason?.trim() || null, closeReason: closeReason ?? null }
        await groups.recordStatusChange(tx, { groupId: id, fromStatus: current.status, toStatus: to, byId: user.id, ...change })
        await audit.record(tx, {
          actorId: user.id,
          action: 'group.status',
          entity: 'group',
          entityId: id,
          before: { status: current.status },
          after: { status: to, ...change },
        })
        return toGroup(updated)
      })
    },

    async stageHistory(user: SessionUser, id: string) {
      await getVisible(user, id)
      return { items: await groups.stageHistory(id) }
    },

    async statusHistory(user: SessionUser, id: string) {
      await getVisible(user, id)
      return { items: await groups.statusHistory(id) }
    },

    async listContacts(user: SessionUser, groupId: string): Promise<Contact[]> {
      await getVisible(user, groupId)
      return contacts.list(groupId, hidesRestricted(user))
    },

    async addContact(user: SessionUser, groupId: string, body: ContactCreate): Promise<Contact> {
      if (body.since && body.until && isAfter(body.since, body.until)) throw invalid('/until', 'must not be before since')
      return transaction(async (tx) => {
        await lockVisible(tx, user, groupId)
        const contact = toContact(await contacts.insert(tx, groupId, body))
        await groups.touch(tx, groupId)
        await audit.record(tx, { actorId: user.id, action: 'contact.create', entity: 'contact', entityId: contact.id, after: contact })
        return contact
      })
    },

    async updateContact(user: SessionUser, groupId: string, contactId: string, patch: ContactPatch): Promise<Contact> {
      return transaction(async (tx) => {
        await lockVisible(tx, user, groupId)
        const current = await contacts.find(tx, groupId, contactId)
        if (!current) throw notFound('Contact')
        const since = patch.since === undefined ? current.since : patch.since
        const until = patch.until === undefined ? current.until : patch.until
        if (since && until && isAfter(since, until)) throw invalid('/until', 'must not be before since')
        const before = toContact(current)
        const after = toContact(await contacts.update(tx, contactId, patch))
        await groups.touch(tx, groupId)
        await audit.record(tx, { actorId: user.id, action: 'contact.update', entity: 'contact', entityId: contactId, before, after })
        return after
      })
    },

    async removeContact(user: SessionUser, groupId: string, contactId: string): Promise<void> {
      await transaction(async (tx) => {
        await lockVisible(tx, user, groupId)
        const current = await contacts.find(tx, groupId, contactId)
        if (!current) throw notFound('Contact')
        await contacts.remove(tx, contactId)
        await groups.touch(tx, groupId)
        // Only the fact is kept: the removed person's data does not live on in the audit trail.
        await audit.record(tx, { actorId: user.id, action: 'contact.delete', entity: 'contact', entityId: contactId, before: { groupId } })
      })
    },

    async listConsultations(user: SessionUser, groupId: string): Promise<Consultation[]> {
      await getVisible(user, groupId)
      const rows = await consultations.list(groupId)
      return rows.map(({ row, byName }) => toConsultation(row, byName, notesHiddenFor(user, row.stage)))
    },

    async addConsultation(user: SessionUser, groupId: string, body: ConsultationCreate): Promise<Consultation> {
      if (isAfter(body.date, todayInBerlin())) throw invalid('/date', 'must not be in the future')
      return transaction(async (tx) => {
        const group = await lockVisible(tx, user, groupId)
        if (user.role === 'frontdesk' && group.stage !== 'orientation') {
          throw appError('FORBIDDEN', 'The front desk logs Orientierungsberatung only')
        }
        const row = await consultations.insert(tx, {
          groupId,
          date: body.date,
          minutes: body.minutes,
          channel: body.channel,
          language: body.language ?? null,
          topics: body.topics,
          notes: body.notes?.trim() || null,
          stage: group.stage,
          byId: user.id,
        })
        await groups.touch(tx, groupId)
        const consultation = toConsultation(row, user.name)
        await audit.record(tx, { actorId: user.id, action: 'consultation.create', entity: 'consultation', entityId: row.id, after: consultation })
        return consultation
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('groupsService', createGroupsService(fastify))
  },
  { name: 'groups-service', dependencies: ['db', 'groups-repository', 'contacts-repository', 'consultations-repository', 'audit-repository'] },
)
