import type { AuditList, AuditQuery } from '@wohnlotse/shared'
import { request } from './http.ts'

/**
 * The audit trail, newest first (admin and coordinator). Contract: packages/shared/src/audit.ts; route:
 * apps/api/src/routes/api/audit. The API strips password-like keys from before/after already.
 */
export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditList> {
  return request<AuditList>('/api/audit', { query: { ...query }, signal })
}
