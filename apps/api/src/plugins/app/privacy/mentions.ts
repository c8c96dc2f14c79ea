import { sql, type SQL } from 'drizzle-orm'
import type { DataClass } from '@wohnlotse/shared'
import { PERSONAL_COLUMNS } from '../../../db/schema/data-classes.ts'
import type { Executor } from '../../../db/client.ts'
import { literalRegex } from './text-match.ts'

/** Written where a text stood that named an erased person; names nobody. */
export const ERASED_TEXT = '[gelöscht]'

/**
 * Free text of a group's records in which staff may have written a person's name, e-mail or phone: the
 * information export shows the passages that name the person, erasure removes them. Each source's column
 * must be classified as personal in the data classes (checked at start-up below).
 */
interface MentionSource {
  table: string
  column: string
  title: string
  /** Rows of the group `g` (a uuid parameter). */
  scope: (g: SQL) => SQL
  /** Billed time entries may only have their free text cleared, not edited (migration 0017). */
  clearWhenBilled?: boolean
}

const grantsOf = (g: SQL) => sql`grant_id IN (SELECT id FROM grants WHERE group_id = ${g})`

export const MENTION_SOURCES: readonly MentionSource[] = [
  { table: 'groups', column: 'description', title: 'Gruppenbeschreibung', scope: (g) => sql`id = ${g}` },
  { table: 'consultations', column: 'notes', title: 'Notiz eines Beratungsgesprächs', scope: (g) => sql`group_id = ${g}` },
  { table: 'group_stage_changes', column: 'reason', title: 'Begründung eines Stufenwechsels', scope: (g) => sql`group_id = ${g}` },
  { table: 'group_status_changes', column: 'reason', title: 'Begründung eines Statuswechsels', scope: (g) => sql`group_id = ${g}` },
  { table: 'referrals', column: 'reason', title: 'Begründung eines Verweises', scope: (g) => sql`group_id = ${g}` },
  { table: 'referrals', column: 'outcome_note', title: 'Notiz zum Ergebnis eines Verweises', scope: (g) => sql`group_id = ${g}` },
  { table: 'grants', column: 'purpose', title: 'Zweck eines Fachberatungskontingents', scope: (g) => sql`group_id = ${g}` },
  { table: 'grant_top_ups', column: 'reason', title: 'Begründung einer Aufstockung', scope: grantsOf },
  { table: 'time_entries', column: 'description', title: 'Beschreibung eines Stundeneintrags', scope: grantsOf, clearWhenBilled: true },
  { table: 'time_entries', column: 'rejection_reason', title: 'Ablehnungsgrund eines Stundeneintrags', scope: grantsOf, clearWhenBilled: true },
]

for (const s of MENTION_SOURCES) {
  if (!PERSONAL_COLUMNS[s.table]?.[s.column]) throw new Error(`${s.table}.${s.column} is searched for mentions but not classified as personal`)
}

export const classOf = (table: string, column: string): DataClass => PERSONAL_COLUMNS[table]![column]!

export interface Mention {
  source: MentionSource
  id: string
  text: string
}

const pattern = (needles: string[]) => `(${needles.map(literalRegex).join('|')})`

/** Passages in the group's free text that name one of `needles` (case-insensitive). */
export async function findMentions(tx: Executor, groupId: string, needles: string[]): Promise<Mention[]> {
  if (needles.length === 0) return []
  const found: Mention[] = []
  for (const source of MENTION_SOURCES) {
    const column = sql.identifier(source.column)
    const { rows } = await tx.execute<{ id: string; text: string }>(sql`SELECT id::text AS id, ${column} AS text FROM ${sql.identifier(source.table)}
      WHERE ${source.scope(sql`${groupId}::uuid`)} AND ${column} ~* ${pattern(needles)} ORDER BY id`)
    found.push(...rows.map((r) => ({ source, id: r.id, text: r.text })))
  }
  return found
}

/**
 * A free text that names the person is replaced as a whole by "[gelöscht]" (a billed time entry's is cleared to
 * NULL): the rest of a note that names someone is likely about them too (health, income), so cutting out only the
 * name would leave them identifiable. Returns rows changed per table.
 */
export async function eraseMentions(tx: Executor, groupId: string, needles: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  if (needles.length === 0) return counts
  for (const source of MENTION_SOURCES) {
    const column = sql.identifier(source.column)
    const value = source.clearWhenBilled ? sql`CASE WHEN statement_id IS NOT NULL THEN NULL ELSE ${ERASED_TEXT} END` : sql`${ERASED_TEXT}`
    const { rowCount } = await tx.execute(sql`UPDATE ${sql.identifier(source.table)} SET ${column} = ${value}
      WHERE ${source.scope(sql`${groupId}::uuid`)} AND ${column} ~* ${pattern(needles)}`)
    counts[source.table] = (counts[source.table] ?? 0) + (rowCount ?? 0)
  }
  return counts
}
