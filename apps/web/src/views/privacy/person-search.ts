import type { LocationQuery } from 'vue-router'

/** Two characters at least: one letter would list half the office's contacts. */
export const MIN_QUERY_LENGTH = 2

/** The search as the address holds it (`?q=`), trimmed; '' when there is none. */
export function queryFromRoute(query: LocationQuery): string {
  const value = Array.isArray(query.q) ? query.q[0] : query.q
  return typeof value === 'string' ? value.trim().slice(0, 200) : ''
}
