import type { AuditList, AuditQuery, AuditVerification } from '@wohnlotse/shared'
import { request } from './http.ts'

/**
 * The audit trail, newest first (admin and coordinator). Contract: packages/shared/src/audit.ts; route:
 * apps/api/src/routes/api/audit. The API strips password-like keys from before/after already.
 */
export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditList> {
  return request<AuditList>('/api/audit', { query: { ...query }, signal })
}

/** Recomputes the audit's hash chain on the server (admin and coordinator): intact, or the first broken entry. */
export function verifyAudit(signal?: AbortSignal): Promise<AuditVerification> {
  return request<AuditVerification>('/api/audit/verify', { signal })
}
