import { isNestedAuditEntity, NESTED_PERSON_KEYS, personalAuditKeys } from '../../../db/schema/data-classes.ts'

type Snapshot = Record<string, unknown> | null

/** The key under which an audit row names the personal fields that changed, without their values. */
export const CHANGED_PERSONAL_FIELDS = 'changedPersonalFields'

/**
 * Nested objects: one that refers to someone by id (`createdBy: {id, name}`) loses the person's name, e-mail and
 * phone; one under the key of an audit entity (a time entry's `grant: {purpose, …}`) loses that entity's
 * personal fields, as it would at the top level of its own entry.
 */
function dropNestedPeople(value: unknown, entity?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => dropNestedPeople(v, entity))
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  const refersToSomeone = 'id' in value
  const entityKeys = entity && isNestedAuditEntity(entity) ? personalAuditKeys(entity) : undefined
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !(refersToSomeone && NESTED_PERSON_KEYS.has(key)) && !entityKeys?.has(key))
      .map(([key, v]) => [key, dropNestedPeople(v, key)]),
  )
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * The audit keeps ids and non-personal fields only. Personal fields (from the data classes in
 * db/schema/data-classes.ts) are removed from both snapshots; the names of those that changed — or were set on
 * a create, or held on a delete — are listed under `changedPersonalFields`. So erasure never has to touch the
 * append-only, hash-chained trail, and every writer, present and future, is covered here.
 */
export function redactPersonalData(entity: string, before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot } {
  const personal = personalAuditKeys(entity)
  const changed = [...personal].filter((key) => {
    const inBefore = before !== null && key in before
    const inAfter = after !== null && key in after
    if (!inBefore && !inAfter) return false
    if (before === null || after === null) return (inBefore ? before![key] : after![key]) != null
    return !same(before[key], after[key])
  })
  const clean = (snapshot: Snapshot): Snapshot => {
    if (snapshot === null) return null
    const kept = Object.entries(snapshot).filter(([key]) => !personal.has(key))
    return Object.fromEntries(kept.map(([key, v]) => [key, dropNestedPeople(v, key)]))
  }
  const cleanBefore = clean(before)
  const cleanAfter = clean(after)
  if (changed.length === 0) return { before: cleanBefore, after: cleanAfter }
  changed.sort()
  if (cleanAfter !== null) return { before: cleanBefore, after: { ...cleanAfter, [CHANGED_PERSONAL_FIELDS]: changed } }
  return { before: { ...(cleanBefore ?? {}), [CHANGED_PERSONAL_FIELDS]: changed }, after: null }
}
