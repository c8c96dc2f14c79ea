import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { SessionUser, TimeEntry, TimeEntryCreate, TimeEntryPatch } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import type { Executor } from '../../../db/client.ts'
import { MAX_ATTEMPTS, RETRYABLE, transactionRunner } from '../../../db/transaction.ts'
import { constraintOf, sqlStateOf } from '../../../lib/database-errors.ts'
import { auditValues } from '../audit/audit-repository.ts'
import { todayInBerlin } from '../../../lib/dates.ts'
import { requestHash } from '../../../lib/request-hash.ts'
import type { GrantRow } from './grants-repository.ts'
import type { Logged, TimeEntryRow } from './time-entries-repository.ts'
import { netCentsFor } from './money.ts'
import { billingMonthFor, monthOf } from './statements-months.ts'

declare module 'fastify' {
  interface FastifyInstance {
    timeEntriesService: ReturnType<typeof createTimeEntriesService>
  }
}

const remainingOf = (g: GrantRow) => g.grantedMinutes - g.submittedMinutes - g.approvedMinutes

/** Writes take their locks in the order of LOCKING.md (grant, contract, entry, budget). */
function createTimeEntriesService(fastify: FastifyInstance) {
  const {
    db,
    grantsRepository: grants,
    contractsRepository: contracts,
    budgetsRepository: budgets,
    timeEntriesRepository: entries,
    statementsRepository: statements,
    auditRepository: audit,
  } = fastify

  const transaction = transactionRunner(db, fastify.log)
  const view = async (ex: Executor, id: string) => (await entries.findView(id, undefined, ex))!

  function exceeded(left: number, minutes: number) {
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

  /** Throws the error that explains why `logAgainstGrant` refused the entry; returns when nothing does (a race). */
  async function whyNotLogged(user: SessionUser, grantId: string, body: TimeEntryCreate) {
    const grant = await grants.findView(grantId, user.id)
    if (!grant) throw notFound('Grant')
    if (grant.status !== 'active') throw appError('GRANT_CLOSED', 'The grant is closed; no more hours can be logged')
    await checkDate(db, grant.contractId, body.date)
    if (grant.remainingMinutes < body.minutes) throw exceeded(grant.remainingMinutes, body.minutes)
  }

  /**
   * An advisor's own submitted entry, locked after its grant (LOCKING.md: grant, then entry). It is read
   * unlocked first to learn the grant; anything not the caller's answers 404 as if it did not exist.
   */
  async function lockOwn(tx: Executor, user: SessionUser, id: string): Promise<{ entry: TimeEntryRow; grant: GrantRow }> {
    const seen = (await entries.findRows([id], tx))[0]
    if (!seen || seen.advisorId !== user.id) throw notFound('Time entry')
    const grant = (await grants.lock(tx, seen.grantId))!
    const entry = await entries.lock(tx, id)
    if (!entry) throw notFound('Time entry')
    if (entry.status !== 'submitted') throw appError('ENTRY_LOCKED', `The entry is ${entry.status} and can no longer change`)
    return { entry, grant }
  }

  const unique = (values: string[]) => [...new Set(values)]

  /**
   * Locks a review batch in the order of LOCKING.md — its grants, their contracts, then the entries — and checks
   * that every entry still exists and awaits review. All or none: one entry that does not is the whole batch's 404/409.
   */
  async function lockForReview(tx: Executor, ids: string[]) {
    // Unlocked: only to learn the grants, which an entry never changes. Checked again once locked.
    const seen = await entries.findRows(ids, tx)
    if (seen.length !== ids.length) throw notFound('Time entry')
    const lockedGrants = await grants.lockMany(tx, unique(seen.map((e) => e.grantId)))
    const lockedContracts = await contracts.lockMany(tx, unique(lockedGrants.map((g) => g.contractId)))
    const locked = await entries.lockMany(tx, ids)
    // Withdrawn by its advisor between the read and the lock.
    if (locked.length !== ids.length) throw notFound('Time entry')
    const reviewed = locked.find((e) => e.status !== 'submitted')
    if (reviewed) throw appError('ENTRY_LOCKED', `The entry ${reviewed.id} is ${reviewed.status}; only submitted entries can be reviewed`)
    return { lockedGrants, lockedContracts, locked }
  }

  /**
   * Which statement bills each entry (statements-months.ts): read while the batch's contracts are locked, which
   * finalising takes first too, so no month can be finalised between this read and the approval's commit.
   */
  async function billingMonthsOf(tx: Executor, locked: TimeEntryRow[], grantOf: Map<string, GrantRow>) {
    const contractIds = unique(locked.map((e) => grantOf.get(e.grantId)!.contractId))
    const earliest = locked.map((e) => monthOf(e.date)).sort()[0]!
    const finalised = await statements.finalisedMonths(tx, contractIds, earliest)
    const byMonth = new Map<string, string[]>()
    for (const entry of locked) {
      const month = billingMonthFor(monthOf(entry.date), finalised.get(grantOf.get(entry.grantId)!.contractId)!)
      byMonth.set(month, [...(byMonth.get(month) ?? []), entry.id])
    }
    return byMonth
  }

  return {
    /**
     * Logs hours against the advisor's own grant: one statement does the checks, the grant's update, the entry and
     * its audit row (`timeEntriesRepository.logAgainstGrant`), so the grant's row is locked for that statement and
     * its commit only. A key already used is looked up only when the statement refused (it refuses a used key
     * without taking the lock), so an entry is one round trip. When a condition did not hold, an unlocked read finds
     * which one, in the order the API answers them: the key's first request, not the advisor's grant (404), closed, a
     * future date, outside the contract, then the cap.
     */
    async create(user: SessionUser, grantId: string, body: TimeEntryCreate, idempotencyKey?: string): Promise<{ entry: TimeEntry; replay: boolean }> {
      const hash = idempotencyKey ? requestHash(grantId, body) : null
      /** The first entry made with this key, if it was made by the very same request; a different request is refused. */
      const replayOf = async (earlier: TimeEntryRow) => {
        // Entries from before the hash was kept can only be told apart by their grant.
        const same = earlier.idempotencyRequestHash ? earlier.idempotencyRequestHash === hash : earlier.grantId === grantId
        if (!same) {
          throw appError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; send a new key for a new entry')
        }
        return { entry: await view(db, earlier.id), replay: true }
      }
      const id = randomUUID()
      // The answer as far as it is known before the statement; the database fills in the placeholders (group,
      // grant figures, status, createdAt), in the answer from what it returns and in the audit row where the redaction kept the key.
      const known: TimeEntry = {
        id,
        grantId,
        groupId: '',
        groupName: '',
        advisorId: user.id,
        advisorName: user.name,
        date: body.date,
        minutes: body.minutes,
        activity: body.activity,
        description: body.description?.trim() || null,
        status: 'submitted',
        rejectionReason: null,
        billed: false,
        billingMonth: null,
        grant: { purpose: '', grantedMinutes: 0, approvedMinutes: 0, submittedMinutes: 0 },
        createdAt: '',
      }
      const { after } = auditValues({ actorId: user.id, action: 'time_entry.create', entity: 'time_entry', entityId: id, after: known })
      for (let attempt = 1; ; attempt++) {
        let logged: Logged | undefined
        try {
          logged = await entries.logAgainstGrant({
            id,
            grantId,
            advisorId: user.id,
            date: body.date,
            minutes: body.minutes,
            activity: body.activity,
            description: known.description,
            idempotencyKey: idempotencyKey ?? null,
            idempotencyRequestHash: hash,
            today: todayInBerlin(),
            auditAfter: after!,
          })
        } catch (err) {
          // A simultaneous request with the same key won; this one changed nothing.
          if (idempotencyKey && constraintOf(err) === 'time_entries_idempotency_key') {
            return replayOf((await entries.findByIdempotencyKey(user.id, idempotencyKey))!)
          }
          // Aborted by PostgreSQL to break a lock cycle (none is known for this statement): it changed nothing.
          if (attempt < MAX_ATTEMPTS && RETRYABLE.has(sqlStateOf(err) ?? '')) continue
          throw err
        }
        if (logged) return { entry: { ...known, ...logged }, replay: false }
        // A used key is the first thing the statement's refusal may mean: a retry answers what its first request did.
        const earlier = idempotencyKey && (await entries.findByIdempotencyKey(user.id, idempotencyKey))
        if (earlier) return replayOf(earlier)
        await whyNotLogged(user, grantId, body)
        // Every condition holds now: an approval, rejection or top-up changed the grant meanwhile. Try again.
        if (attempt >= MAX_ATTEMPTS) throw appError('CONCURRENT_UPDATE', 'Someone else changed the same records at the same moment; try again')
      }
    },

    async update(user: SessionUser, id: string, patch: TimeEntryPatch): Promise<TimeEntry> {
      return transaction(async (tx) => {
        const { entry: current, grant: locked } = await lockOwn(tx, user, id)
        const delta = (patch.minutes ?? current.minutes) - current.minutes
        let grant = locked
        if (grant.status !== 'active') throw appError('GRANT_CLOSED', 'The grant is closed')
        if (delta !== 0) {
          const row = await grants.addSubmitted(tx, grant.id, delta)
          if (!row) throw exceeded(remainingOf(grant), patch.minutes!)
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
      await transaction(async (tx) => {
        const { entry: current } = await lockOwn(tx, user, id)
        const before = await view(tx, id)
        await grants.addSubmitted(tx, current.grantId, -current.minutes)
        await entries.remove(tx, id)
        await audit.record(tx, { actorId: user.id, action: 'time_entry.delete', entity: 'time_entry', entityId: id, before })
      })
    },

    /**
     * Approves submitted entries, all or none: their minutes move from submitted to approved and their money is
     * booked as spent. Locks every grant of the batch (by id), then their contracts (by id), then the entries,
     * then the budget, and changes each grant and each year's budget once with the batch's sum (LOCKING.md).
     */
    async approve(user: SessionUser, ids: string[]): Promise<TimeEntry[]> {
      return transaction(async (tx) => {
        const { lockedGrants, lockedContracts, locked } = await lockForReview(tx, ids)
        const rateOf = new Map(lockedContracts.map((c) => [c.id, c.hourlyRateCents]))
        const spentByYear = new Map<number, number>()
        for (const grant of lockedGrants) {
          const minutes = locked.filter((e) => e.grantId === grant.id).reduce((sum, e) => sum + e.minutes, 0)
          const approvedMinutes = grant.approvedMinutes + minutes
          // The money of all approved minutes, rounded once: no drift however the hours were batched.
          const spentCents = netCentsFor(approvedMinutes, rateOf.get(grant.contractId)!)
          await grants.update(tx, grant.id, { submittedMinutes: grant.submittedMinutes - minutes, approvedMinutes, spentCents })
          spentByYear.set(grant.year, (spentByYear.get(grant.year) ?? 0) + spentCents - grant.spentCents)
        }
        const billingMonths = await billingMonthsOf(tx, locked, new Map(lockedGrants.map((g) => [g.id, g])))
        await entries.markApproved(tx, billingMonths, user.id)
        for (const year of [...spentByYear.keys()].sort((a, b) => a - b)) await budgets.spend(tx, year, spentByYear.get(year)!)
        for (const entry of locked) {
          await audit.record(tx, {
            actorId: user.id,
            action: 'time_entry.approve',
            entity: 'time_entry',
            entityId: entry.id,
            before: { status: 'submitted' },
            after: { status: 'approved', billingMonth: [...billingMonths].find(([, list]) => list.includes(entry.id))![0] },
          })
        }
        return entries.findViews(ids, tx)
      })
    },

    /**
     * Rejects submitted entries with one reason, all or none; their minutes go back to their grants (each grant
     * updated once with the batch's sum). Locks like approval (LOCKING.md); audited per entry.
     */
    async reject(user: SessionUser, ids: string[], reason: string): Promise<TimeEntry[]> {
      const why = reason.trim()
      if (!why) throw appError('REASON_REQUIRED', 'A rejection needs a reason the advisor can act on', [{ path: '/reason', message: 'must not be blank' }])
      return transaction(async (tx) => {
        const { lockedGrants, locked } = await lockForReview(tx, ids)
        for (const grant of lockedGrants) {
          const minutes = locked.filter((e) => e.grantId === grant.id).reduce((sum, e) => sum + e.minutes, 0)
          await grants.update(tx, grant.id, { submittedMinutes: grant.submittedMinutes - minutes })
        }
        await entries.markRejected(tx, ids, why, user.id)
        for (const entry of locked) {
          await audit.record(tx, {
            actorId: user.id,
            action: 'time_entry.reject',
            entity: 'time_entry',
            entityId: entry.id,
            before: { status: 'submitted' },
            after: { status: 'rejected', rejectionReason: why },
          })
        }
        return entries.findViews(ids, tx)
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
    dependencies: ['db', 'grants-repository', 'contracts-repository', 'budgets-repository', 'time-entries-repository', 'statements-repository', 'audit-repository'],
  },
)
