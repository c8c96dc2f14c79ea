import { sql, type AnyColumn } from 'drizzle-orm'
import { appError } from '../errors.ts'

/** Opaque keyset cursors: the sort key of the last row seen, as base64url JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor<T extends readonly (string | number)[]>(cursor: string, shape: readonly ('string' | 'number')[]): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => typeof v === shape[i])) return value as unknown as T
  } catch {
    // fall through to the error below
  }
  throw appError('VALIDATION_FAILED', 'The cursor is not valid', [{ path: '/cursor', message: 'invalid cursor' }])
}

/**
 * A timestamp column rendered with full microsecond precision for a cursor: a JS Date would round to
 * milliseconds and make keyset pages skip or repeat rows.
 */
export const cursorTimestamp = (column: AnyColumn) => sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
