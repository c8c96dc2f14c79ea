import fp from 'fastify-plugin'
import type { LoginResponse, MfaChallenge, MfaConfirmResult, MfaSetup, MfaSetupChallenge, MfaStatus, Role, SessionInfo } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'
import { transactionRunner } from '../../../db/transaction.ts'
import { assertPasswordAllowed, burnPasswordCheck, hashPassword, verifyPassword } from './password.ts'
import { LoginThrottle, type AttemptKind, type ThrottleOptions } from './login-throttle.ts'
import { normaliseEmail } from '../users/users-repository.ts'
import { mfaRepository as mfaRepo } from './mfa-repository.ts'
import {
  decryptSecret,
  deviceSummary,
  encryptSecret,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  readTicket,
  signTicket,
  totpSetup,
  totpStep,
  type TicketKind,
} from './mfa.ts'

export interface SessionGrant extends LoginResponse {
  refreshToken: string
}

/** What a sign-in attempt can lead to: a session, or the second step. */
export type LoginOutcome = SessionGrant | MfaChallenge | MfaSetupChallenge

/** Where a request comes from: the throttle counts by address, the sessions list shows the device. */
export interface Client {
  ip: string
  userAgent: string | undefined
}

/** Who does MFA setup/confirm: a signed-in user, or someone holding a forced-setup ticket. */
export type MfaActor = { userId: string } | { ticket: string }

/** Roles that may be required to use two-factor login: the ones that manage accounts and case data. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'coordinator']

declare module 'fastify' {
  interface FastifyInstance {
    authService: {
      login(email: string, password: string, client: Client): Promise<LoginOutcome>
      /** 429 when the address is over its limit, before a public sign-in step parses anything. */
      checkAddress(ip: string): Promise<void>
      refresh(refreshToken: string | undefined, client: Client): Promise<SessionGrant>
      logout(refreshToken: string | undefined, tokenSession?: { userId: string; sessionId: string }): Promise<void>
      changePassword(userId: string, currentPassword: string, newPassword: string, refreshToken: string | undefined, client: Client): Promise<void>
      mfaVerify(ticket: string, code: string, client: Client): Promise<SessionGrant>
      mfaSetup(actor: MfaActor): Promise<MfaSetup>
      mfaConfirm(actor: MfaActor, code: string, client: Client): Promise<MfaConfirmResult & { grant?: SessionGrant }>
      mfaDisable(userId: string, password: string, client: Client): Promise<void>
      mfaStatus(userId: string, role: Role): Promise<MfaStatus>
      mfaRequiredForStaff(): Promise<boolean>
      setMfaRequiredForStaff(actorId: string, required: boolean): Promise<void>
      sessions(userId: string, currentSessionId: string): Promise<SessionInfo[]>
      endSession(userId: string, sessionId: string): Promise<boolean>
    }
  }
}

const tooMany = (wait: number) =>
  appError('TOO_MANY_ATTEMPTS', `Too many failed attempts; try again in ${wait} s`).withHeaders({ 'retry-after': String(wait) })

export default fp<{ throttle?: ThrottleOptions }>(
  async (fastify, opts) => {
    const { db, usersRepository: usersRepo, sessionsRepository: sessionsRepo, auditRepository: audit, sessionCache } = fastify
    // After a commit that ended sessions: this process forgets them at once, before answering, instead of when
    // the database's notification arrives a moment later (the other processes learn from that).
    const forget = (userId: string) => sessionCache.invalidate(userId)
    const throttle = new LoginThrottle(db, opts.throttle)
    const transaction = transactionRunner(db, fastify.log)
    const secretKey = fastify.deriveKey('totp-secret')
    const ticketKey = fastify.deriveKey('sign-in-ticket')
    // Production requires the second factor for staff unless an admin turns it off; the demo leaves it optional.
    const mfaDefault = process.env.NODE_ENV === 'production'

    type UserRow = NonNullable<Awaited<ReturnType<typeof usersRepo.findById>>>

    const grant = (user: UserRow, session: { token: string; familyId: string }): SessionGrant => ({
      accessToken: fastify.jwt.sign({ sub: user.id, role: user.role, sid: session.familyId }),
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      refreshToken: session.token,
    })

    const checkThrottle = async (client: Client, account: string) => {
      const wait = await throttle.retryAfter(client.ip, account)
      if (wait > 0) throw tooMany(wait)
    }

    const mfaRequiredFor = async (role: Role) => STAFF_ROLES.includes(role) && (await mfaRepo.requiredForStaff(db, mfaDefault))

    /** The last step of every sign-in: a new session family, the audit row, the address becomes known. */
    const completeLogin = async (user: UserRow, client: Client, how: string): Promise<SessionGrant> => {
      const session = await transaction(async (tx) => {
        const issued = await sessionsRepo.issue(tx, user.id, { userAgent: client.userAgent })
        await audit.record(tx, { actorId: user.id, action: how === 'recovery_code' ? 'auth.login_recovery_code' : 'auth.login', entity: 'user', entityId: user.id })
        return issued
      })
      await throttle.succeed(client.ip, user.email)
      return grant(user, session)
    }

    const userFromTicket = async (ticket: string, kind: TicketKind): Promise<UserRow> => {
      const id = readTicket(ticketKey, ticket, kind)
      const user = id ? await usersRepo.findById(id) : undefined
      if (!user || !user.active) throw appError('MFA_TICKET_INVALID', 'The sign-in step has expired; sign in again')
      return user
    }

    const resolveActor = async (actor: MfaActor): Promise<{ user: UserRow; viaTicket: boolean }> => {
      if ('ticket' in actor) return { user: await userFromTicket(actor.ticket, 'setup'), viaTicket: true }
      const user = await usersRepo.findById(actor.userId)
      if (!user) throw appError('UNAUTHENTICATED', 'The account is not active')
      return { user, viaTicket: false }
    }

    const failed = async (kind: AttemptKind, client: Client, account: string) => throttle.fail(kind, client.ip, account)

    /** A TOTP code (not replayed) or an unused recovery code; either is used up by this call. */
    const acceptSecondFactor = async (user: UserRow, code: string): Promise<'totp' | 'recovery_code' | undefined> => {
      if (!user.mfaSecret) return undefined
      const trimmed = code.replace(/\s/g, '')
      if (/^\d{6}$/.test(trimmed)) {
        const step = totpStep(decryptSecret(secretKey, user.mfaSecret), trimmed)
        return step !== undefined && (await mfaRepo.advanceStep(db, user.id, step)) ? 'totp' : undefined
      }
      return (await mfaRepo.useRecoveryCode(db, user.id, hashRecoveryCode(code))) ? 'recovery_code' : undefined
    }

    fastify.decorate('authService', {
      async checkAddress(ip) {
        // No account matches the empty name, so only the per-address limit can apply.
        const wait = await throttle.retryAfter(ip, '')
        if (wait > 0) throw tooMany(wait)
      },

      async login(emailInput, password, client) {
        const email = normaliseEmail(emailInput)
        await checkThrottle(client, email)
        const user = await usersRepo.findByEmail(email)
        // The hash is verified for deactivated accounts too (and a dummy one for unknown e-mails), so the
        // answer takes as long in every case and does not tell which accounts exist or are active.
        const ok = user ? (await verifyPassword(user.passwordHash, password)) && user.active : (await burnPasswordCheck(password), false)
        if (!user || !ok) {
          await failed('login', client, email)
          // The same answer for an unknown e-mail, a wrong password and a deactivated account.
          throw appError('INVALID_CREDENTIALS', 'E-mail or password is wrong')
        }
        if (user.mfaSecret) return { mfaRequired: true, ticket: signTicket(ticketKey, user.id, 'mfa') }
        if (await mfaRequiredFor(user.role)) return { mfaSetupRequired: true, ticket: signTicket(ticketKey, user.id, 'setup') }
        return completeLogin(user, client, 'password')
      },

      async mfaVerify(ticket, code, client) {
        const user = await userFromTicket(ticket, 'mfa')
        await checkThrottle(client, user.email)
        const how = await acceptSecondFactor(user, code)
        if (!how) {
          await failed('mfa', client, user.email)
          throw appError('MFA_CODE_WRONG', 'The code is not correct', [{ path: '/code', message: 'wrong code' }])
        }
        return completeLogin(user, client, how)
      },

      async mfaSetup(actor) {
        const { user } = await resolveActor(actor)
        if (user.mfaSecret) throw appError('MFA_ALREADY_ENABLED', 'Two-factor login is set up already; turn it off first')
        const secret = newTotpSecret()
        await mfaRepo.setPending(db, user.id, encryptSecret(secretKey, secret))
        return totpSetup(secret, user.email)
      },

      async mfaConfirm(actor, code, client) {
        const { user, viaTicket } = await resolveActor(actor)
        if (user.mfaSecret) throw appError('MFA_ALREADY_ENABLED', 'Two-factor login is set up already')
        if (!user.mfaPendingSecret) throw appError('MFA_NOT_SET_UP', 'Start the setup first')
        await checkThrottle(client, user.email)
        const step = totpStep(decryptSecret(secretKey, user.mfaPendingSecret), code.replace(/\s/g, ''))
        if (step === undefined) {
          await failed('mfa', client, user.email)
          throw appError('MFA_CODE_WRONG', 'The code is not correct', [{ path: '/code', message: 'wrong code' }])
        }
        const recoveryCodes = newRecoveryCodes()
        await transaction(async (tx) => {
          await mfaRepo.enable(tx, user.id, step)
          await mfaRepo.replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode))
          await audit.record(tx, { actorId: user.id, action: 'user.mfa_enable', entity: 'user', entityId: user.id })
        })
        if (!viaTicket) return { recoveryCodes }
        const session = await completeLogin(user, client, 'totp')
        return { recoveryCodes, accessToken: session.accessToken, user: session.user, grant: session }
      },

      /** Turning the own second factor off needs the current password (throttled like a sign-in). */
      async mfaDisable(userId, password, client) {
        const user = await usersRepo.findById(userId)
        if (!user) throw appError('UNAUTHENTICATED', 'The account is not active')
        await checkThrottle(client, user.email)
        if (!(await verifyPassword(user.passwordHash, password))) {
          await failed('password', client, user.email)
          throw appError('CURRENT_PASSWORD_WRONG', 'The current password is not correct', [{ path: '/password', message: 'wrong password' }])
        }
        if (!user.mfaSecret) throw appError('MFA_NOT_SET_UP', 'Two-factor login is not set up')
        await transaction(async (tx) => {
          await mfaRepo.clear(tx, userId)
          await audit.record(tx, { actorId: userId, action: 'user.mfa_disable', entity: 'user', entityId: userId })
        })
      },

      async mfaStatus(userId, role) {
        const user = await usersRepo.findById(userId)
        return {
          enabled: Boolean(user?.mfaSecret),
          enabledAt: user?.mfaEnabledAt?.toISOString() ?? null,
          recoveryCodesLeft: user?.mfaSecret ? await mfaRepo.unusedRecoveryCodes(db, userId) : 0,
          required: await mfaRequiredFor(role),
        }
      },

      mfaRequiredForStaff: () => mfaRepo.requiredForStaff(db, mfaDefault),

      async setMfaRequiredForStaff(actorId, required) {
        await transaction(async (tx) => {
          const before = await mfaRepo.requiredForStaff(tx, mfaDefault)
          await mfaRepo.setRequiredForStaff(tx, required)
          await audit.record(tx, {
            actorId,
            action: 'settings.update',
            entity: 'settings',
            entityId: null,
            before: { mfaRequiredForStaff: before },
            after: { mfaRequiredForStaff: required },
          })
        })
      },

      async sessions(userId, currentSessionId) {
        const rows = await sessionsRepo.listForUser(db, userId)
        return rows.map((r) => ({
          id: r.familyId,
          device: deviceSummary(r.userAgent),
          createdAt: r.createdAt.toISOString(),
          lastUsedAt: r.lastUsedAt.toISOString(),
          current: r.familyId === currentSessionId,
        }))
      },

      async endSession(userId, sessionId) {
        const ended = await transaction(async (tx) => {
          const ended = await sessionsRepo.revokeOwnFamily(tx, userId, sessionId)
          if (ended) await audit.record(tx, { actorId: userId, action: 'auth.session_end', entity: 'session', entityId: sessionId })
          return ended
        })
        forget(userId)
        return ended
      },

      async refresh(refreshToken, client) {
        if (!refreshToken) throw appError('SESSION_EXPIRED', 'No session to refresh')
        // Returns the failure instead of throwing it, so that revoking a stolen family still commits.
        const result = await transaction(async (tx): Promise<SessionGrant | string | { ended: string }> => {
          const session = await sessionsRepo.findForUpdate(tx, refreshToken)
          if (!session) return 'The session is not valid'
          if (session.revokedAt) {
            // A rotated token used again means it was copied: end every session of that login, and with it
            // the access tokens carrying its id.
            await sessionsRepo.revokeFamily(tx, session.familyId)
            return { ended: session.userId }
          }
          if (session.expiresAt.getTime() <= Date.now()) return 'The session has expired'
          const user = await usersRepo.findById(session.userId)
          if (!user || !user.active) return 'The account is not active'
          await sessionsRepo.revoke(tx, session.id)
          return grant(user, await sessionsRepo.issue(tx, user.id, { familyId: session.familyId, userAgent: client.userAgent ?? session.userAgent ?? undefined }))
        })
        if (typeof result === 'string') throw appError('SESSION_EXPIRED', result)
        if ('ended' in result) {
          forget(result.ended)
          throw appError('SESSION_EXPIRED', 'The session has ended')
        }
        return result
      },

      /** Other devices are signed out; the session in use stays, so nobody is thrown out mid-task. */
      async changePassword(userId, currentPassword, newPassword, refreshToken, client) {
        const user = await usersRepo.findById(userId)
        if (!user) throw appError('UNAUTHENTICATED', 'The account is not active')
        // A stolen access token must not become a way to guess the password: same limits as a sign-in.
        await checkThrottle(client, user.email)
        if (!(await verifyPassword(user.passwordHash, currentPassword))) {
          await failed('password', client, user.email)
          throw appError('CURRENT_PASSWORD_WRONG', 'The current password is not correct', [{ path: '/currentPassword', message: 'wrong password' }])
        }
        await assertPasswordAllowed(newPassword, '/newPassword')
        const passwordHash = await hashPassword(newPassword)
        await transaction(async (tx) => {
          const current = refreshToken ? await sessionsRepo.findForUpdate(tx, refreshToken) : undefined
          await usersRepo.setPassword(tx, userId, passwordHash)
          await sessionsRepo.revokeOthers(tx, userId, current?.userId === userId ? current.familyId : undefined)
          await audit.record(tx, { actorId: userId, action: 'user.password', entity: 'user', entityId: userId })
        })
        forget(userId)
      },

      /**
       * Ends the session of the refresh cookie (the SPA) and the one the access token names (a script client
       * sends no cookie); both when they differ. Each ended session is audited once; the cache forgets at once.
       */
      async logout(refreshToken, tokenSession) {
        if (!refreshToken && !tokenSession) return
        const ended = await transaction(async (tx) => {
          const users: string[] = []
          const session = refreshToken ? await sessionsRepo.findForUpdate(tx, refreshToken) : undefined
          if (session && !session.revokedAt) {
            await sessionsRepo.revokeFamily(tx, session.familyId)
            await audit.record(tx, { actorId: session.userId, action: 'auth.logout', entity: 'user', entityId: session.userId })
            users.push(session.userId)
          }
          if (tokenSession && (await sessionsRepo.revokeOwnFamily(tx, tokenSession.userId, tokenSession.sessionId))) {
            await audit.record(tx, { actorId: tokenSession.userId, action: 'auth.logout', entity: 'user', entityId: tokenSession.userId })
            users.push(tokenSession.userId)
          }
          return users
        })
        for (const userId of ended) forget(userId)
      },
    })
  },
  { name: 'auth-service', dependencies: ['db', 'jwt', 'users-repository', 'sessions-repository', 'audit-repository', 'session-listener'] },
)
