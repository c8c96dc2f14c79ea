import { AppError } from '../errors.ts'

/** The fields of a pg DatabaseError that are safe to log: no values, no parameters. */
export interface DatabaseErrorFacts {
  code?: string
  constraint?: string
  table?: string
  column?: string
  routine?: string
}

/** What a failed query is safe to log: pg's facts, drizzle's SQL text, never its parameters. */
export interface SafeDatabaseLog {
  db: DatabaseErrorFacts & { message?: string }
  query?: string
}

type Chain = { message?: unknown; code?: unknown; cause?: unknown; query?: unknown } & DatabaseErrorFacts

/** drizzle wraps pg's error in `cause` (DrizzleQueryError); transactions may throw pg's own. Both count. */
function* chain(err: unknown): Generator<Chain> {
  let current = err
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    yield current as Chain
    current = (current as Chain).cause
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/

/** The pg error (with a SQLSTATE) inside `err`, if there is one. */
function sqlState(err: unknown): Chain | undefined {
  for (const e of chain(err)) if (typeof e.code === 'string' && SQLSTATE.test(e.code) && !e.code.startsWith('E')) return e
  return undefined
}

/** The SQLSTATE of the pg error inside `err` (e.g. `40P01`), wherever drizzle or a transaction put it. */
export const sqlStateOf = (err: unknown): string | undefined => sqlState(err)?.code as string | undefined

/** The constraint the pg error inside `err` names (a unique violation's index, say), if any. */
export const constraintOf = (err: unknown): string | undefined => sqlState(err)?.constraint

/** Network failures on the way to PostgreSQL, as Node reports them. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

/**
 * What pg and pg-pool throw, without a code, when the server is gone or silent: a dropped connection,
 * the connect timeout (`connectionTimeoutMillis`), the client-side `query_timeout`, a client that already
 * lost its connection, and a pool that is shutting down.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /is not queryable/,
  /^Cannot use a pool after calling end/,
]

/**
 * SQLSTATEs that mean "the database cannot serve this now", not "this request is wrong": connection
 * exceptions (class 08), admin/crash shutdown and "cannot connect now" (57P01–57P03), too many connections
 * (53300), and `statement_timeout` (57014).
 */
function isUnavailableState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code === '57014'
}

/** Whether `err` means the database (or the way to it) is down, frozen or overloaded, rather than this request being wrong. */
export function isUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || (SQLSTATE.test(e.code) && isUnavailableState(e.code)))) return true
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string))) return true
  }
  return false
}

/**
 * Maps what PostgreSQL (or the way to it) refused onto the error codes. The messages are our own: pg's
 * message and detail can quote the offending values (`Key (email)=(…) already exists`), and drizzle's
 * quotes the SQL and every parameter, so none of it reaches the caller.
 */
export function databaseErrorToAppError(err: unknown): AppError | undefined {
  if (isUnavailable(err)) {
    return new AppError('DATABASE_UNAVAILABLE', 'The database is not available; try again in a moment').withHeaders({ 'retry-after': '5' })
  }
  const code = sqlState(err)?.code as string | undefined
  switch (code) {
    case '23505':
      return new AppError('DUPLICATE', 'A record with these values already exists')
    case '23P01':
      // An exclusion constraint is a uniqueness rule over ranges: the same answer as a duplicate.
      return new AppError('DUPLICATE', 'This conflicts with an existing record')
    case '23503':
      return new AppError('REFERENCE_CONFLICT', 'The change refers to a record that does not exist, or one that is still in use')
    case '23514':
    case '23502':
      return new AppError('RULE_VIOLATED', 'The change breaks a rule of the data')
    case '40P01':
    case '40001':
      return new AppError('CONCURRENT_UPDATE', 'Someone else changed the same records at the same moment; try again')
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return new AppError('VALIDATION_FAILED', 'A value is not valid for its field')
    case '22021':
    case '22P05':
      // Normally caught by the NUL check before validation; this is the safety net for anything that slips by.
      return new AppError('INVALID_CHARACTERS', 'The request contains characters that cannot be stored')
  }
  return undefined
}

/** Whether `err` came from the database or the way to it (a SQLSTATE, a failed drizzle query, a lost connection). */
export function isDatabaseError(err: unknown): boolean {
  for (const e of chain(err)) if (typeof e.query === 'string') return true
  return sqlState(err) !== undefined || isUnavailable(err)
}

/**
 * The loggable part of a database error. The error objects themselves must not be logged: drizzle's
 * message lists every query parameter (password hashes, personal data), pg's `detail` quotes row values,
 * and so do its messages for data exceptions (class 22: `invalid input syntax for type uuid: "…"`).
 */
export function safeDatabaseLog(err: unknown): SafeDatabaseLog {
  const pgError = sqlState(err)
  const facts: DatabaseErrorFacts & { message?: string } = {}
  let query: string | undefined
  for (const e of chain(err)) {
    if (typeof e.query === 'string') query ??= e.query
    else if (typeof e.message === 'string' && !facts.message) facts.message = e.message
    if (typeof e.code === 'string') facts.code ??= e.code
  }
  if (pgError) {
    Object.assign(facts, { code: pgError.code, constraint: pgError.constraint, table: pgError.table, column: pgError.column, routine: pgError.routine })
    if ((pgError.code as string).startsWith('22')) delete facts.message
  }
  return { db: facts, ...(query ? { query } : {}) }
}
