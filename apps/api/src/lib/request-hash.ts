import { createHash } from 'node:crypto'

/** JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * A fingerprint of a request for an Idempotency-Key: the resource it goes to and its canonical body.
 * SHA-256 so the stored value says nothing about the body (a description may hold personal notes).
 */
export function requestHash(target: string, body: unknown): string {
  return createHash('sha256').update(`${target}\n${canonicalJson(body)}`).digest('hex')
}
