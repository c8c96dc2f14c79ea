import { EventEmitter } from 'node:events'
import type { Role } from '@wohnlotse/shared'

/** What `request.user` needs from the session check, without the session id (that is the cache key). */
export interface SessionUser {
  id: string
  email: string
  name: string
  role: Role
}

interface Entry {
  user: SessionUser
  /** Epoch milliseconds after which the entry is not used: the backstop TTL or the session's own expiry. */
  until: number
}

export interface SessionCacheOptions {
  /** How long an entry is trusted at most, even if no notification arrives (a backstop, not the mechanism). */
  ttlMs: number
  /** Sessions kept at most; the oldest entry goes first. */
  maxEntries: number
}

export const SESSION_CACHE_DEFAULTS: SessionCacheOptions = { ttlMs: 5_000, maxEntries: 10_000 }

/**
 * The answers of the per-request session check ("is this session live, and who is its user?"), kept per
 * (user id, session id). The database tells when one may have changed (migration 0024: NOTIFY on every change
 * of a users or sessions row, see session-listener.ts) and the process that changes something evicts at once.
 *
 * Holds only while `live`, i.e. while the LISTEN connection is up: going down clears everything and no answer
 * is kept until it is up again, so a notification lost with the connection cannot keep a revoked session alive.
 *
 * A check that read the database before an invalidation but answers after it must not be kept: `ticket()` is
 * taken before the read and `store` keeps the answer only if no invalidation happened since (any user's, which is
 * coarse but safe; invalidations are rare next to reads).
 *
 * Emits 'invalidate' with the payload (a user id or '*') after every invalidation and 'live' when the listener
 * comes up or goes down, so tests can wait for them.
 */
export class SessionCache extends EventEmitter {
  private readonly entries = new Map<string, Map<string, Entry>>()
  private size = 0
  private epoch = 0
  private isLive = false
  private readonly options: SessionCacheOptions

  constructor(options: Partial<SessionCacheOptions> = {}) {
    super()
    this.options = { ...SESSION_CACHE_DEFAULTS, ...options }
  }

  get live(): boolean {
    return this.isLive
  }

  /** How many sessions are held now. */
  get count(): number {
    return this.size
  }

  /** The LISTEN connection came up (true) or went down (false); either way nothing held so far is trusted. */
  setLive(live: boolean): void {
    const changed = live !== this.isLive
    this.isLive = live
    this.clear()
    if (changed) this.emit('live', live)
  }

  /** A notification from the database (the listener calls this; a test may hold it back). */
  notified(payload: string): void {
    this.invalidate(payload)
  }

  get(userId: string, sessionId: string, now = Date.now()): SessionUser | undefined {
    const sessions = this.entries.get(userId)
    const entry = sessions?.get(sessionId)
    if (!entry) return undefined
    if (entry.until > now) return entry.user
    sessions!.delete(sessionId)
    this.size--
    if (sessions!.size === 0) this.entries.delete(userId)
    return undefined
  }

  /** Taken before reading the database; undefined while nothing may be kept. */
  ticket(): number | undefined {
    return this.isLive ? this.epoch : undefined
  }

  /** Keeps a live session's answer, if nothing was invalidated since `ticket` was taken. */
  store(ticket: number | undefined, sessionId: string, user: SessionUser, sessionExpiresAt: Date, now = Date.now()): void {
    if (ticket === undefined || ticket !== this.epoch || !this.isLive) return
    const until = Math.min(now + this.options.ttlMs, sessionExpiresAt.getTime())
    if (until <= now) return
    let sessions = this.entries.get(user.id)
    if (!sessions) this.entries.set(user.id, (sessions = new Map()))
    if (!sessions.has(sessionId)) {
      if (this.size >= this.options.maxEntries) this.evictOldest()
      this.size++
    }
    sessions.set(sessionId, { user, until })
  }

  /** Forgets a user's sessions (`'*'`: everyone's). Called on a notification and right after an own change. */
  invalidate(userId: string): void {
    this.epoch++
    if (userId === '*') this.clear()
    else {
      const sessions = this.entries.get(userId)
      if (sessions) {
        this.size -= sessions.size
        this.entries.delete(userId)
      }
    }
    this.emit('invalidate', userId)
  }

  private clear(): void {
    this.epoch++
    this.entries.clear()
    this.size = 0
  }

  private evictOldest(): void {
    const [userId, sessions] = this.entries.entries().next().value as [string, Map<string, Entry>]
    this.size -= sessions.size
    this.entries.delete(userId)
  }
}
