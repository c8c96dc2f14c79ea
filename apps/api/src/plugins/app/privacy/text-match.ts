/** Helpers to find a person's identifiers in free text, the same way in search, export and erasure. */

/** The digits of a phone number: "+49 (351) 000-111" and "0049351000111" compare by their last digits. */
export const digitsOf = (value: string) => value.replace(/\D/g, '')

/** A LIKE pattern that matches `value` literally anywhere. */
export const containsPattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** A POSIX regular expression that matches `value` literally (for regexp_replace in PostgreSQL). */
export const literalRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * What identifies a person in free text: their name, e-mail and phone, each at least 4 characters (shorter ones,
 * like a first name "Jo", would match unrelated words).
 */
export function needlesOf(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>()
  for (const v of values) {
    const trimmed = v?.trim()
    if (trimmed && trimmed.length >= 4) seen.add(trimmed)
  }
  return [...seen]
}

/**
 * A timestamp from a raw query as ISO 8601. drizzle's driver hands timestamps over as PostgreSQL prints them
 * ("2026-12-01 19:14:36.12+00"), which JavaScript's Date does not read reliably.
 */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  const text = String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`).toISOString()
}
