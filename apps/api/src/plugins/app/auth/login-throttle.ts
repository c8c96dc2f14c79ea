import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'

/**
 * Throttles password and second-factor guesses, counted in PostgreSQL (table `login_attempts`) so the
 * limits hold across API processes and restarts.
 *
 * Three limits within a sliding window:
 * - per address and account (`maxPerAccount`): someone mistyping their own password;
 * - per address over all accounts (`maxPerAddress`): one machine spraying many accounts;
 * - per account over all addresses (`maxPerAccountAnyAddress`): a botnet guessing one account. This one
 *   does not apply to an address the account signed in from successfully within `knownAddressDays`: a
 *   stranger can make the account refuse unknown addresses for a while, but can never lock the colleague out
 *   of their usual office or home connection. We chose that over a lockout (which anyone can trigger) and
 *   over a growing delay (which a botnet parallelises away).
 */
export interface ThrottleOptions {
  windowMs: number
  /** Failures allowed per address and account before further attempts get 429. */
  maxPerAccount: number
  /** Failures allowed per address across all accounts (guards against spraying). */
  maxPerAddress: number
  /** Failures allowed per account across all addresses, except from addresses known for that account. */
  maxPerAccountAnyAddress?: number
}

export const defaultThrottle: ThrottleOptions = { windowMs: 15 * 60_000, maxPerAccount: 5, maxPerAddress: 30, maxPerAccountAnyAddress: 10 }

/** A successful sign-in makes its address "known" for the account this long. */
const KNOWN_ADDRESS_DAYS = 30
/** Attempt rows are kept no longer than this (the longest any rule looks back). */
const KEEP_DAYS = KNOWN_ADDRESS_DAYS

export type AttemptKind = 'login' | 'mfa' | 'password'

export class LoginThrottle {
  private readonly opts: Required<ThrottleOptions>
  constructor(
    private readonly db: Db,
    opts: ThrottleOptions = defaultThrottle,
  ) {
    this.opts = { maxPerAccountAnyAddress: defaultThrottle.maxPerAccountAnyAddress!, ...opts }
  }

  /** Seconds until the next attempt is allowed, or 0 when it is allowed now. One query. */
  async retryAfter(address: string, account: string): Promise<number> {
    const { windowMs, maxPerAccount, maxPerAddress, maxPerAccountAnyAddress } = this.opts
    const windowSec = windowMs / 1000
    // For each limit: how many failures in the window, and when the oldest of the last `max` leaves it.
    const result = await this.db.execute<{ wait: number | null }>(sql`
      WITH recent AS (
        SELECT address, account, created_at FROM login_attempts
        WHERE NOT succeeded AND created_at > now() - make_interval(secs => ${windowSec})
          AND (address = ${address} OR account = ${account})
      ),
      known AS (
        SELECT EXISTS (
          SELECT 1 FROM login_attempts
          WHERE succeeded AND kind = 'login' AND address = ${address} AND account = ${account}
            AND created_at > now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})
        ) AS yes
      ),
      limited AS (
        SELECT (SELECT created_at FROM recent WHERE address = ${address} AND account = ${account}
                ORDER BY created_at DESC OFFSET ${maxPerAccount - 1} LIMIT 1) AS pair,
               (SELECT created_at FROM recent WHERE address = ${address}
                ORDER BY created_at DESC OFFSET ${maxPerAddress - 1} LIMIT 1) AS addr,
               (SELECT created_at FROM recent WHERE account = ${account} AND NOT (SELECT yes FROM known)
                ORDER BY created_at DESC OFFSET ${maxPerAccountAnyAddress - 1} LIMIT 1) AS acct
      )
      SELECT ceil(extract(epoch FROM greatest(pair, addr, acct) + make_interval(secs => ${windowSec}) - now()))::int AS wait
      FROM limited`)
    const wait = result.rows[0]?.wait
    return wait && wait > 0 ? wait : 0
  }

  /** Records a failure; old rows go in the same statement, so the table stays bounded without a job. */
  async fail(kind: AttemptKind, address: string, account: string): Promise<void> {
    await this.db.execute(sql`
      WITH purge AS (DELETE FROM login_attempts WHERE created_at < now() - make_interval(days => ${KEEP_DAYS}))
      INSERT INTO login_attempts (kind, address, account, succeeded) VALUES (${kind}, ${address}, ${account}, false)`)
  }

  /** A complete sign-in: the address becomes known for the account and its own failures are forgiven. */
  async succeed(address: string, account: string): Promise<void> {
    await this.db.execute(sql`
      WITH forgive AS (
        DELETE FROM login_attempts WHERE NOT succeeded AND address = ${address} AND account = ${account}
      )
      INSERT INTO login_attempts (kind, address, account, succeeded) VALUES ('login', ${address}, ${account}, true)`)
  }
}
