/**
 * Counts failed logins per client address and per (address, e-mail) in a sliding window.
 * Kept in memory: one API process serves the office; a restart only forgives early.
 */
export interface ThrottleOptions {
  windowMs: number
  /** Failures allowed per address and e-mail before further attempts get 429. */
  maxPerAccount: number
  /** Failures allowed per address across all e-mails (guards against spraying). */
  maxPerAddress: number
}

export const defaultThrottle: ThrottleOptions = { windowMs: 15 * 60_000, maxPerAccount: 5, maxPerAddress: 30 }

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()
  constructor(private readonly opts: ThrottleOptions = defaultThrottle) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.opts.windowMs)
    if (list.length === 0) this.failures.delete(key)
    else this.failures.set(key, list)
    return list
  }

  /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
  retryAfter(ip: string, email: string, now = Date.now()): number {
    const checks: [string, number][] = [
      [`a:${ip}`, this.opts.maxPerAddress],
      [`e:${ip}:${email}`, this.opts.maxPerAccount],
    ]
    let wait = 0
    for (const [key, max] of checks) {
      const list = this.recent(key, now)
      if (list.length >= max) wait = Math.max(wait, Math.ceil((list[list.length - max]! + this.opts.windowMs - now) / 1000))
    }
    return wait
  }

  fail(ip: string, email: string, now = Date.now()): void {
    for (const key of [`a:${ip}`, `e:${ip}:${email}`]) this.failures.set(key, [...this.recent(key, now), now])
  }

  succeed(ip: string, email: string): void {
    this.failures.delete(`e:${ip}:${email}`)
  }
}
