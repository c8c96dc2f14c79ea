import fp from 'fastify-plugin'
import type { LoginResponse } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts'
import { LoginThrottle, type ThrottleOptions } from './login-throttle.ts'
import { normaliseEmail } from '../users/users-repository.ts'

export interface SessionGrant extends LoginResponse {
  refreshToken: string
}

declare module 'fastify' {
  interface FastifyInstance {
    authService: {
      login(email: string, password: string, ip: string): Promise<SessionGrant>
      refresh(refreshToken: string | undefined): Promise<SessionGrant>
      logout(refreshToken: string | undefined): Promise<void>
      changePassword(userId: string, currentPassword: string, newPassword: string, refreshToken: string | undefined): Promise<void>
    }
  }
}

export default fp<{ throttle?: ThrottleOptions }>(
  async (fastify, opts) => {
    const throttle = new LoginThrottle(opts.throttle)
    const { db, usersRepository: usersRepo, sessionsRepository: sessionsRepo, auditRepository: audit } = fastify
    const transaction = transactionRunner(db, fastify.log)

    const grant = (user: { id: string; email: string; name: string; role: LoginResponse['user']['role'] }, refreshToken: string): SessionGrant => ({
      accessToken: fastify.jwt.sign({ sub: user.id, role: user.role }),
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      refreshToken,
    })

    fastify.decorate('authService', {
      async login(emailInput, password, ip) {
        const email = normaliseEmail(emailInput)
        const wait = throttle.retryAfter(ip, email)
        if (wait > 0) {
          throw appError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${wait} s`).withHeaders({
            'retry-after': String(wait),
          })
        }
        const user = await usersRepo.findByEmail(email)
        const ok = user ? user.active && (await verifyPassword(user.passwordHash, password)) : (await burnPasswordCheck(password), false)
        if (!user || !ok) {
          throttle.fail(ip, email)
          // The same answer for an unknown e-mail, a wrong password and a deactivated account.
          throw appError('INVALID_CREDENTIALS', 'E-mail or password is wrong')
        }
        throttle.succeed(ip, email)
        const refreshToken = await transaction(async (tx) => {
          const token = await sessionsRepo.issue(tx, user.id)
          await audit.record(tx, { actorId: user.id, action: 'auth.login', entity: 'user', entityId: user.id })
          return token
        })
        return grant(user, refreshToken)
      },

      async refresh(refreshToken) {
        if (!refreshToken) throw appError('SESSION_EXPIRED', 'No session to refresh')
        // Returns the failure instead of throwing it, so that revoking a stolen family still commits.
        const result = await transaction(async (tx): Promise<SessionGrant | string> => {
          const session = await sessionsRepo.findForUpdate(tx, refreshToken)
          if (!session) return 'The session is not valid'
          if (session.revokedAt) {
            // A rotated token used again means it was copied: end every session of that login.
            await sessionsRepo.revokeFamily(tx, session.familyId)
            return 'The session has ended'
          }
          if (session.expiresAt.getTime() <= Date.now()) return 'The session has expired'
          const user = await usersRepo.findById(session.userId)
          if (!user || !user.active) return 'The account is not active'
          await sessionsRepo.revoke(tx, session.id)
          return grant(user, await sessionsRepo.issue(tx, user.id, session.familyId))
        })
        if (typeof result === 'string') throw appError('SESSION_EXPIRED', result)
        return result
      },

      /** Other devices are signed out; the session in use stays, so nobody is thrown out mid-task. */
      async changePassword(userId, currentPassword, newPassword, refreshToken) {
        const user = await usersRepo.findById(userId)
        if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
          throw appError('CURRENT_PASSWORD_WRONG', 'The current password is not correct', [{ path: '/currentPassword', message: 'wrong password' }])
        }
        const passwordHash = await hashPassword(newPassword)
        await transaction(async (tx) => {
          const current = refreshToken ? await sessionsRepo.findForUpdate(tx, refreshToken) : undefined
          await usersRepo.setPassword(tx, userId, passwordHash)
          await sessionsRepo.revokeOthers(tx, userId, current?.userId === userId ? current.familyId : undefined)
          await audit.record(tx, { actorId: userId, action: 'user.password', entity: 'user', entityId: userId })
        })
      },

      async logout(refreshToken) {
        if (!refreshToken) return
        await transaction(async (tx) => {
          const session = await sessionsRepo.findForUpdate(tx, refreshToken)
          if (!session || session.revokedAt) return
          await sessionsRepo.revokeFamily(tx, session.familyId)
          await audit.record(tx, { actorId: session.userId, action: 'auth.logout', entity: 'user', entityId: session.userId })
        })
      },
    })
  },
  { name: 'auth-service', dependencies: ['db', 'jwt', 'users-repository', 'sessions-repository', 'audit-repository'] },
)
