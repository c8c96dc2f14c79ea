import type { AnyColumn } from 'drizzle-orm'
import { isIsoDate } from '@wohnlotse/shared'
import { appError } from '../errors.ts'
import { utcTimestampText } from './iso-timestamp.ts'

/**
 * What one position of a cursor may hold. Checked strictly before the value reaches SQL: a crafted cursor
 * (valid base64 of wrong values) must answer 400, never a cast error from PostgreSQL.
 */
export type CursorPart = 'string' | 'integer' | 'uuid' | 'timestamp' | 'date'

type PartValue<P extends CursorPart> = P extends 'integer' ? number : string
type CursorValues<S extends readonly CursorPart[]> = { -readonly [K in keyof S]: PartValue<S[K]> }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** The exact text `cursorTimestamp` renders. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/
/** Longer than any sort key we hand out (names are at most 200 characters). */
const MAX_STRING = 1_000

function fits(value: unknown, part: CursorPart): boolean {
  switch (part) {
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    case 'uuid':
      return typeof value === 'string' && UUID.test(value)
    case 'timestamp': {
      const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null
      return !!m && isIsoDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60
    }
    case 'date':
      return isIsoDate(value)
    case 'string':
      return typeof value === 'string' && value.length <= MAX_STRING && !value.includes('\u0000')
  }
}

/** Opaque keyset cursors: the sort key of the last row seen, as base64url JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** Decodes a cursor made by `encodeCursor` for a list sorted by `shape`; anything else is 400 INVALID_CURSOR. */
export function decodeCursor<const S extends readonly CursorPart[]>(cursor: string, shape: S): CursorValues<S> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }
  if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => fits(v, shape[i]!))) return value as CursorValues<S>
  throw appError('INVALID_CURSOR', 'The cursor is not valid for this list; start again from the first page', [{ path: '/cursor', message: 'invalid cursor' }])
}

/**
 * A timestamp column rendered with full microsecond precision for a cursor: a JS Date would round to
 * milliseconds and make keyset pages skip or repeat rows.
 */
export const cursorTimestamp = (column: AnyColumn) => utcTimestampText(column, 'US')
