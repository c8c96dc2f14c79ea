import type pg from 'pg'

/**
 * A text dump of every row of every table in every schema (public, drizzle, pg-boss's; the audit included),
 * each row as PostgreSQL prints it (`SELECT t::text`). Not pg_dump: the embedded PostgreSQL package ships no
 * pg_dump, no npm package offers one for PostgreSQL 18, and Debian's pg_dump 15 refuses an 18 server. Every
 * stored value of a row is in its text form, so searching this finds whatever pg_dump's data section would.
 */
export async function dumpEveryRowOfEveryTable(sql: pg.Pool): Promise<string> {
  const { rows } = await sql.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY 1, 2`,
  )
  const parts: string[] = []
  for (const { schema, name } of rows) {
    const table = `"${schema.replaceAll('"', '""')}"."${name.replaceAll('"', '""')}"`
    const { rows: data } = await sql.query<{ line: string }>(`SELECT t::text AS line FROM ${table} t`)
    parts.push(`-- ${table}\n${data.map((d) => d.line).join('\n')}`)
  }
  return parts.join('\n')
}

/** The tables a dump covered, to show it reached every schema. */
export const tablesIn = (dump: string) => [...dump.matchAll(/^-- (.+)$/gm)].map((m) => m[1]!)
