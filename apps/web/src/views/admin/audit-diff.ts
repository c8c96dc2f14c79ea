/**
 * What an audit entry changed: the fields whose values differ between `before` and `after`, each value as compact
 * JSON. A create has no `before`, a delete no `after`; a field missing on one side is `null` there.
 */

export interface DiffRow {
  key: string
  /** Compact JSON of the old value; null when the field was not there. */
  before: string | null
  after: string | null
}

type Snapshot = Record<string, unknown> | null

/** The API strips these already (audit-repository.ts); the screen does not rely on it. */
const SECRET_KEY = /password|hash|token|secret/i

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}

/** `"Jana"`, `12`, `true`, `null`, `["de","en"]`, `{"a":1}`: one line, no spaces. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value)
}

/** Changed fields in the order of `before`, then fields only `after` has; secrets never. */
export function auditDiff(before: Snapshot, after: Snapshot): DiffRow[] {
  const old = before ?? {}
  const now = after ?? {}
  const keys = [...Object.keys(old), ...Object.keys(now).filter((k) => !Object.hasOwn(old, k))]
  const rows: DiffRow[] = []
  for (const key of keys) {
    if (SECRET_KEY.test(key)) continue
    const had = Object.hasOwn(old, key)
    const has = Object.hasOwn(now, key)
    if (had && has && canonical(old[key]) === canonical(now[key])) continue
    rows.push({ key, before: had ? compactJson(old[key]) : null, after: has ? compactJson(now[key]) : null })
  }
  return rows
}

/** A name to show beside the action ("Konto angelegt · Erika Muster"), if the entry's data has one. */
export function auditSubject(before: Snapshot, after: Snapshot): string | null {
  for (const snapshot of [after, before]) {
    const name = snapshot?.name
    if (typeof name === 'string' && name.trim()) return name
  }
  return null
}
