import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { SessionUser, TimeEntry, TimeEntryCreate, TimeEntryPatch } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import type { Executor } from '../../../db/client.ts'
import { todayInBerlin } from '../../../lib/dates.ts'
import type { GrantRow } from './grants-repository.ts'
import type { TimeEntryRow } from './time-entries-repository.ts'
import { netCentsFor } from './money.ts'

declare module 'fastify' {
  interface FastifyInstance {
    timeEntriesService: ReturnType<typeof createTimeEntriesService>
  }
}

/** Thrown inside a transaction to roll it back when a simultaneous retry already stored the entry. */
class IdempotentReplay extends Error {}

const remainingOf = (g: GrantRow) => g.grantedMinutes - g.submittedMinutes - g.approvedMinutes

function createTimeEntriesService(fastify: FastifyInstance) {
  const { db, grantsRepository: grants, contractsRepository: contracts, budgetsRepository: budgets, timeEntriesRepository: entries, auditRepository: audit } =
    fastify

  const view = async (ex: Executor, id: string) => (await entries.findView(id, undefined, ex))!

  function exceeded(grant: GrantRow | undefined, minutes: number) {
    const left = grant ? remainingOf(grant) : 0
    return appError('GRANT_EXCEEDED', `Only ${left} minutes are left on this grant; ${minutes} minutes do not fit`, [
      { path: '/minutes', message: `remainingMinutes=${left}` },
    ])
  }

  /** The date must be a working day that happened, within the contract the grant is under. */
  async function checkDate(tx: Executor, contractId: string, date: string) {
    if (date > todayInBerlin()) throw appError('VALIDATION_FAILED', 'The body is not valid', [{ path: '/date', message: 'must not be in the future' }])
    const contract = (await contracts.findView(contractId, undefined, tx))!
    if (date < contract.validFrom || date > contract.validUntil) {
      throw appError('DATE_OUTSIDE_CONTRACT', `The date lies outside the framework contract (${contract.validFrom} to ${contract.validUntil})`)
    }
  }

  /** An advisor's own entry, locked; anything else answers 404 as if it did not exist. */
  async function lockOwn(tx: Executor, user: SessionUser, id: string): Promise<TimeEntryRow> {
    const entry = await entries.lock(tx, id)
    if (!entry || entry.advisorId !== user.id) throw notFound('Time entry')
    if (entry.status !== 'submitted') throw appError('ENTRY_LOCKED', `The entry is ${entry.status} and can no longer change`)
    return entry
  }

  /** Moves an entry's minutes from submitted to approved and books their money as spent. */
  async function approveLocked(tx: Executor, user: SessionUser, entry: TimeEntryRow) {
    if (entry.status !== 'submitted') throw appError('ENTRY_LOCKED', `The entry ${entry.id} is ${entry.status}; only submitted entries can be reviewed`)
    const grant = (await grants.lock(tx, entry.grantId))!
    const contract = (await contracts.lock(tx, grant.contractId))!
    const approvedMinutes = grant.approvedMinutes + entry.minutes
    const spentCents = netCentsFor(approvedMinutes, contract.hourlyRateCents)
    await grants.update(tx, grant.id, { submittedMinutes: grant.submittedMinutes - entry.minutes, approvedMinutes, spentCents })
    await budgets.spend(tx, grant.year, spentCents - grant.spentCents)
    await entries.update(tx, entry.id, { status: 'approved', reviewedBy: user.id, reviewedAt: new Date() })
    await audit.record(tx, { actorId: user.id, action: 'time_entry.approve', entity: 'time_entry', entityId: entry.id, before: { status: 'submitted' }, after: { status: 'approved' } })
  }

  return {
    /**
     * Logs hours against the advisor's own grant. The cap is enforced by the database, not by reading
     * first: see `grantsRepository.addSubmitted`.
     */
    async create(user: SessionUser, grantId: string, body: TimeEntryCreate, idempotencyKey?: string): Promise<{ entry: TimeEntry; replay: boolean }> {
      if (idempotencyKey) {
        const earlier = await entries.findByIdempotencyKey(user.id, idempotencyKey)
        if (earlier) return { entry: await view(db, earlier.id), replay: true }
      }
      try {
        const entry = await db.transaction(async (tx) => {
          const grant = await grants.findView(grantId, user.id, tx)
          if (!grant) throw notFound('Grant')
          if (grant.status !== 'active') throw appError('GRANT_CLOSED', 'The grant is closed; no more hours can be logged')
          await checkDate(tx, grant.contractId, body.date)
          const row = await grants.addSubmitted(tx, grantId, body.minutes)
          if (!row) throw exceeded(await grants.lock(tx, grantId), body.minutes)
          const inserted = await entries.insert(tx, {
            grantId,
            advisorId: user.id,
            date: body.date,
            minutes: body.minutes,
            activity: body.activity,
            description: body.description?.trim() || null,
            idempotencyKey: idempotencyKey ?? null,
          })
          if (!inserted) throw new IdempotentReplay()
          const entry = await view(tx, inserted.id)
          await audit.record(tx, { actorId: user.id, action: 'time_entry.create', entity: 'time_entry', entityId: inserted.id, after: entry })
          return entry
        })
        return { entry, replay: false }
      } catch (err) {
        if (!(err instanceof IdempotentReplay) || !idempotencyKey) throw err
        const earlier = (await entries.findByIdempotencyKey(user.id, idempotencyKey))!
        return { entry: await view(db, earlier.id), replay: true }
      }
    },

    async update(user: SessionUser, id: string, patch: TimeEntryPatch): Promise<TimeEntry> {
      return db.transaction(async (tx) => {
        const current = await lockOwn(tx, user, id)
        const delta = (patch.minutes ?? current.minutes) - current.minutes
        let grant = (await grants.lock(tx, current.grantId))!
        if (grant.status !== 'active') throw appError('GRANT_CLOSED', 'The grant is closed')
        if (delta !== 0) {
          const row = await grants.addSubmitted(tx, grant.id, delta)
          if (!row) throw exceeded(grant, patch.minutes!)
          grant = row
        }
        if (patch.date) await checkDate(tx, grant.contractId, patch.date)
        const before = await view(tx, id)
        await entries.update(tx, id, {
          ...patch,
          ...(patch.description !== undefined ? { description: patch.description?.trim() || null } : {}),
        })
        const after = await view(tx, id)
        await audit.record(tx, { actorId: user.id, action: 'time_entry.update', entity: 'time_entry', entityId: id, before, after })
        return after
      })
    },

    async remove(user: SessionUser, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await lockOwn(tx, user, id)
        const before = await view(tx, id)
        await grants.addSubmitted(tx, current.grantId, -current.minutes)
        await entries.remove(tx, id)
        await audit.record(tx, { actorId: user.id, action: 'time_entry.delete', entity: 'time_entry', entityId: id, before })
      })
    },

    async approve(user: SessionUser, ids: string[]): Promise<TimeEntry[]> {
      return db.transaction(async (tx) => {
        const locked = await entries.lockMany(tx, ids)
        if (locked.length !== ids.length) throw notFound('Time entry')
        for (const entry of locked) await approveLocked(tx, user, entry)
        return entries.findViews(ids, tx)
      })
    },

    /** A rejection gives the minutes back to the grant. */
    async reject(user: SessionUser, id: string, reason: string): Promise<TimeEntry> {
      return db.transaction(async (tx) => {
        const entry = await entries.lock(tx, id)
        if (!entry) throw notFound('Time entry')
        if (entry.status !== 'submitted') throw appError('ENTRY_LOCKED', `The entry is ${entry.status}; only submitted entries can be reviewed`)
        await grants.lock(tx, entry.grantId)
        await grants.addSubmitted(tx, entry.grantId, -entry.minutes)
        await entries.update(tx, id, { status: 'rejected', rejectionReason: reason.trim(), reviewedBy: user.id, reviewedAt: new Date() })
        await audit.record(tx, {
          actorId: user.id,
          action: 'time_entry.reject',
          entity: 'time_entry',
          entityId: id,
          before: { status: 'submitted' },
          after: { status: 'rejected', rejectionReason: reason.trim() },
        })
        return view(tx, id)
      })
    },
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('timeEntriesService', createTimeEntriesService(fastify))
  },
  {
    name: 'time-entries-service',
    dependencies: ['db', 'grants-repository', 'contracts-repository', 'budgets-repository', 'time-entries-repository', 'audit-repository'],
  },
)
