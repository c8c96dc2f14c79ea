import { sql, type AnyColumn } from 'drizzle-orm'

/** A timestamp column as UTC ISO text rendered by PostgreSQL, to milliseconds (MS) or microseconds (US). */
export const utcTimestampText = (column: AnyColumn, fraction: 'MS' | 'US') =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', ${sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.${fraction}"Z"'`)})`

/**
 * A timestamp column exactly as `Date.prototype.toISOString` renders it (milliseconds, truncated like pg's own
 * parse). Long lists read it as text: parsing a timestamp into a Date and printing it again cost the group list
 * about a fifth of its CPU per page (issue 13).
 */
export const isoTimestamp = (column: AnyColumn) => utcTimestampText(column, 'MS')
