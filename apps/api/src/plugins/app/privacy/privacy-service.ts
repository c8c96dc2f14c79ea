import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type {
  Consent,
  ConsentCreate,
  ConsentWithdraw,
  ErasureResult,
  PersonExport,
  PersonPrivacy,
  PersonSummary,
  ProcessingRecord,
  Restriction,
  RestrictionChange,
  RetentionSetting,
  RetentionUpdate,
  SessionUser,
} from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import type { Executor } from '../../../db/client.ts'
import { todayInBerlin } from '../../../lib/dates.ts'
import { parseRef, refOf, type Subject } from './person-ref.ts'
import { createPeopleRepository } from './people-repository.ts'
import { createConsentsRepository } from './consents-repository.ts'
import { collectExport } from './export-service.ts'
import { checkLegalHold, eraseSubject, recordErasure } from './erasure.ts'
import { createRetentionService } from './retention-service.ts'
import { processingRecord } from './processing-record.ts'

declare module 'fastify' {
  interface FastifyInstance {
    privacyService: ReturnType<typeof createPrivacyService>
  }
}

/** What an erasure leaves, for the confirmation and the answer. German. */
const REMAINS: Record<Subject['kind'], string[]> = {
  inquiry: ['Die Anfrage bleibt anonym (Eingang, Kanal, Themen, Zielgruppen, Status) für die Statistik.', 'Ihre Verweise bleiben ohne Freitext (Angebot, Ergebnis, Daten).', 'Eine aus der Anfrage entstandene Gruppe bleibt.'],
  contact: ['Die Gruppe bleibt mit allen Beratungen, Kontingenten und Stunden.', 'Freitexte der Gruppe, die die Person nennen, sind durch „[gelöscht]“ ersetzt.'],
  user: ['Das Konto bleibt als „Gelöschtes Konto“ ohne Name, E-Mail und Zugang, damit Kontingente, Stunden und Abrechnungen ihm zugeordnet bleiben.'],
}

function createPrivacyService(fastify: FastifyInstance) {
  const { db, auditRepository: audit } = fastify
  const transaction = transactionRunner(db, fastify.log)
  const people = createPeopleRepository()
  const consents = createConsentsRepository()
  const retention = createRetentionService(db, audit)

  /** The person behind a ref: 400 for a malformed ref, 409 once erased, 404 when there is no such person. */
  async function resolve(tx: Executor, ref: string, lock = false): Promise<{ subject: Subject; person: PersonSummary }> {
    const subject = parseRef(ref)
    if (await people.isErased(tx, subject)) throw appError('PERSON_ALREADY_ERASED', 'This person has been erased')
    const person = await people.summary(tx, subject, lock)
    if (!person) throw notFound('Person')
    return { subject, person }
  }

  const notForAccounts = (subject: Subject) => {
    if (subject.kind === 'user') throw appError('NOT_FOR_ACCOUNTS', 'Restriction and consents are for enquirers and contact persons')
  }

  return {
    retention,

    search: (q: string) => people.search(db, q),

    async get(ref: string): Promise<PersonPrivacy> {
      const { subject, person } = await resolve(db, ref)
      const personal = subject.kind !== 'user'
      return {
        person,
        restriction: personal ? await people.restriction(db, subject) : { restricted: false, since: null, reason: null, by: null },
        consents: personal ? await consents.list(db, subject) : [],
      }
    },

    async export(user: SessionUser, ref: string): Promise<PersonExport> {
      return transaction(async (tx) => {
        const { subject, person } = await resolve(tx, ref)
        const data = await collectExport(tx, subject, person, retention.settings)
        // Who looked at whose data is itself worth knowing; the ref is an id, no personal value.
        await audit.record(tx, { actorId: user.id, action: 'privacy.export', entity: subject.kind, entityId: subject.id })
        return data
      })
    },

    async erase(user: SessionUser, ref: string, reason: string): Promise<ErasureResult> {
      let account: string | undefined
      const result = await transaction(async (tx) => {
        const { subject, person } = await resolve(tx, ref, true)
        account = subject.kind === 'user' ? subject.id : undefined
        if (subject.kind === 'user' && subject.id === user.id) throw appError('CANNOT_CHANGE_OWN_ACCOUNT', 'You cannot erase your own account')
        await checkLegalHold(tx, subject)
        const counts = await eraseSubject(tx, subject, person)
        const erasure = await recordErasure(tx, subject, user.id, reason)
        // Names nobody: the erasure record's id, the kind and the counts; `reason` is free text and so only named.
        await audit.record(tx, { actorId: user.id, action: 'privacy.erase', entity: 'privacy_erasure', entityId: erasure.id, after: { kind: subject.kind, counts, reason } })
        return { id: erasure.id, ref: refOf(subject), erasedAt: erasure.erasedAt, counts, remains: REMAINS[subject.kind] }
      })
      // An erased account's sessions end with this answer in this process (see auth/session-cache.ts).
      if (account) fastify.sessionCache.invalidate(account)
      return result
    },

    async setRestriction(user: SessionUser, ref: string, change: RestrictionChange): Promise<Restriction> {
      return transaction(async (tx) => {
        const { subject } = await resolve(tx, ref, true)
        notForAccounts(subject)
        const changed = change.restricted ? await people.restrict(tx, subject, user.id, change.reason) : await people.lift(tx, subject)
        if (!changed) throw appError('RESTRICTION_UNCHANGED', change.restricted ? 'The person is restricted already' : 'The person is not restricted')
        await audit.record(tx, {
          actorId: user.id,
          action: change.restricted ? 'privacy.restrict' : 'privacy.restriction_lift',
          entity: 'privacy_restriction',
          entityId: subject.id,
          after: { kind: subject.kind, restricted: change.restricted, reason: change.reason },
        })
        return people.restriction(tx, subject)
      })
    },

    async listConsents(ref: string): Promise<Consent[]> {
      const { subject } = await resolve(db, ref)
      notForAccounts(subject)
      return consents.list(db, subject)
    },

    async addConsent(user: SessionUser, ref: string, body: ConsentCreate): Promise<Consent> {
      const today = todayInBerlin()
      const givenOn = body.givenOn ?? today
      if (givenOn > today) throw appError('INVALID_DATE_RANGE', 'A consent cannot be given in the future', [{ path: '/givenOn', message: 'must not be in the future' }])
      return transaction(async (tx) => {
        const { subject } = await resolve(tx, ref, true)
        notForAccounts(subject)
        const id = await consents.insert(tx, subject, body.purpose, givenOn, user.id)
        await audit.record(tx, { actorId: user.id, action: 'privacy.consent_give', entity: 'privacy_consent', entityId: id, after: { ref: refOf(subject), purpose: body.purpose, givenOn } })
        return consents.get(tx, id)
      })
    },

    async withdrawConsent(user: SessionUser, ref: string, id: string, body: ConsentWithdraw): Promise<Consent> {
      const today = todayInBerlin()
      const withdrawnOn = body.withdrawnOn ?? today
      return transaction(async (tx) => {
        const { subject } = await resolve(tx, ref, true)
        notForAccounts(subject)
        const consent = await consents.find(tx, subject, id)
        if (!consent) throw notFound('Consent')
        if (consent.withdrawnOn) throw appError('CONSENT_ALREADY_WITHDRAWN', 'This consent was withdrawn already')
        if (withdrawnOn > today || withdrawnOn < consent.givenOn) {
          throw appError('INVALID_DATE_RANGE', 'A consent is withdrawn between the day it was given and today', [{ path: '/withdrawnOn', message: 'out of range' }])
        }
        await consents.withdraw(tx, id, withdrawnOn, user.id)
        await audit.record(tx, { actorId: user.id, action: 'privacy.consent_withdraw', entity: 'privacy_consent', entityId: id, after: { ref: refOf(subject), purpose: consent.purpose, withdrawnOn } })
        return consents.get(tx, id)
      })
    },

    async updateRetention(user: SessionUser, body: RetentionUpdate): Promise<RetentionSetting[]> {
      return transaction(async (tx) => {
        const before = await retention.settings.periods(tx)
        for (const item of body.items) await retention.settings.set(tx, item.dataClass, item.period, user.id)
        const after = await retention.settings.periods(tx)
        await audit.record(tx, { actorId: user.id, action: 'privacy.retention_update', entity: 'settings', entityId: null, before, after })
        return retention.settings.list(tx)
      })
    },

    async record(): Promise<ProcessingRecord> {
      return processingRecord(await retention.settings.periods(db))
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('privacyService', createPrivacyService(fastify))
  },
  { name: 'privacy-service', dependencies: ['db', 'audit-repository', 'session-listener'] },
)
