import fp from 'fastify-plugin'
import { ROLES_MANAGED_BY_COORDINATOR, type Role, type SessionUser, type User, type UserCreate, type UserPatch } from '@wohnlotse/shared'
import { appError, notFound } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import { assertPasswordAllowed, hashPassword } from '../auth/password.ts'
import { mfaRepository } from '../auth/mfa-repository.ts'
import { toUser } from './users-repository.ts'

/** The account as the audit keeps it: the second factor has its own audit actions (user.mfa_*). */
function audited(user: User): Omit<User, 'mfaEnabled'> {
  const { mfaEnabled: _, ...rest } = user
  return rest
}

declare module 'fastify' {
  interface FastifyInstance {
    usersService: {
      create(actor: SessionUser, body: UserCreate): Promise<User>
      update(actor: SessionUser, id: string, patch: UserPatch): Promise<User>
      resetPassword(actor: SessionUser, id: string, password: string): Promise<void>
      resetMfa(actor: SessionUser, id: string): Promise<void>
    }
  }
}

/** A coordinator manages front-desk and advisor accounts only; admins manage everyone. */
function mayManage(actor: SessionUser, role: Role): boolean {
  return actor.role === 'admin' || (ROLES_MANAGED_BY_COORDINATOR as readonly Role[]).includes(role)
}

export default fp(
  async (fastify) => {
    const { db, usersRepository: repo, sessionsRepository: sessions, auditRepository: audit, sessionCache } = fastify
    const transaction = transactionRunner(db, fastify.log)

    fastify.decorate('usersService', {
      /** A new initial password for someone who lost theirs: all their sessions end. */
      async resetPassword(actor, id, password) {
        await assertPasswordAllowed(password)
        const passwordHash = await hashPassword(password)
        await transaction(async (tx) => {
          const current = await repo.findById(id, tx)
          if (!current) throw notFound('User')
          if (!mayManage(actor, current.role)) throw appError('ROLE_NOT_ALLOWED', `A ${actor.role} may not change this account`)
          if (id === actor.id) throw appError('CANNOT_CHANGE_OWN_ACCOUNT', 'Change your own password with your current one')
          await repo.setPassword(tx, id, passwordHash)
          await sessions.revokeAllForUser(tx, id)
          await audit.record(tx, { actorId: actor.id, action: 'user.password_reset', entity: 'user', entityId: id })
        })
        // This process answers the next request without the ended sessions at once (see auth/session-cache.ts).
        sessionCache.invalidate(id)
      },

      /**
       * Someone lost their authenticator and their recovery codes: an admin removes the second factor, so
       * the next sign-in sets up a new one (forced where it is required). Their sessions end as with a
       * password reset, since whoever has the lost phone may be signed in.
       */
      async resetMfa(actor, id) {
        await transaction(async (tx) => {
          const current = await repo.findById(id, tx)
          if (!current) throw notFound('User')
          if (id === actor.id) throw appError('CANNOT_CHANGE_OWN_ACCOUNT', 'Turn off your own two-factor login under Mein Konto')
          if (!current.mfaSecret) throw appError('MFA_NOT_SET_UP', 'This account has no two-factor login to reset')
          await mfaRepository.clear(tx, id)
          await sessions.revokeAllForUser(tx, id)
          await audit.record(tx, { actorId: actor.id, action: 'user.mfa_reset', entity: 'user', entityId: id })
        })
        sessionCache.invalidate(id)
      },

      async create(actor, body) {
        if (!mayManage(actor, body.role)) throw appError('ROLE_NOT_ALLOWED', `A ${actor.role} may not create ${body.role} accounts`)
        await assertPasswordAllowed(body.password)
        const passwordHash = await hashPassword(body.password)
        return transaction(async (tx) => {
          const row = await repo.create(tx, { email: body.email, name: body.name, role: body.role, passwordHash })
          if (!row) throw appError('EMAIL_TAKEN', 'An account with this e-mail exists already')
          const user = toUser(row)
          await audit.record(tx, { actorId: actor.id, action: 'user.create', entity: 'user', entityId: user.id, after: audited(user) })
          return user
        })
      },

      async update(actor, id, patch) {
        const after = await transaction(async (tx) => {
          const current = await repo.findById(id, tx)
          if (!current) throw notFound('User')
          if (!mayManage(actor, current.role) || (patch.role && !mayManage(actor, patch.role))) {
            throw appError('ROLE_NOT_ALLOWED', `A ${actor.role} may not change this account or grant this role`)
          }
          // Nobody locks themselves out: the last admin cannot deactivate or demote themselves by accident.
          if (id === actor.id && (patch.active === false || (patch.role && patch.role !== current.role))) {
            throw appError('CANNOT_CHANGE_OWN_ACCOUNT', 'You cannot deactivate your own account or change your own role')
          }
          const updated = await repo.update(tx, id, patch)
          if (current.active && !updated.active) await sessions.revokeAllForUser(tx, id)
          const before = toUser(current)
          const after = toUser(updated)
          await audit.record(tx, { actorId: actor.id, action: 'user.update', entity: 'user', entityId: id, before: audited(before), after: audited(after) })
          return after
        })
        // A new role, name or deactivation holds for this user's very next request.
        sessionCache.invalidate(id)
        return after
      },
    })
  },
  { name: 'users-service', dependencies: ['db', 'users-repository', 'sessions-repository', 'audit-repository', 'session-listener'] },
)
