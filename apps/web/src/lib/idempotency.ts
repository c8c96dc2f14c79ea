/**
 * Idempotency keys for creating time entries. One key per attempt: a retry of the same entry (the answer got lost
 * on a phone network, a double tap) sends the same key, so the API creates the entry once. A changed entry is a
 * new attempt with a new key — the API would otherwise answer a changed entry with the earlier one.
 */

/** A random UUID v4; `crypto.randomUUID` exists only in secure contexts, plain HTTP on a LAN falls back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export interface AttemptKeys {
  /** The key for sending `body`: the pending one if `body` is the same as last time, else a new one. */
  keyFor(body: unknown): string
  /** The attempt succeeded: the next entry is a new attempt. */
  done(): void
}

export function attemptKeys(newKey: () => string = newIdempotencyKey): AttemptKeys {
  let pending: { fingerprint: string; key: string } | null = null
  return {
    keyFor(body) {
      const fingerprint = JSON.stringify(body)
      if (pending?.fingerprint !== fingerprint) pending = { fingerprint, key: newKey() }
      return pending.key
    },
    done() {
      pending = null
    },
  }
}
