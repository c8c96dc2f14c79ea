import type { AuditQuery } from '@wohnlotse/shared'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { isAuditEntity, type AuditEntity } from './audit-actions.ts'

/** The audit trail's filters, kept in the address (`/audit?entity=user&entityId=…`), so a link can open a history. */
export interface AuditFilters {
  entity: AuditEntity | null
  entityId: string | null
}

export const NO_AUDIT_FILTERS: AuditFilters = { entity: null, entityId: null }

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function single(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v.trim() : null
}

/** Values the API would refuse (400) are ignored. */
export function auditFiltersFromRoute(query: LocationQuery): AuditFilters {
  const entity = single(query.entity)
  const entityId = single(query.entityId)
  return {
    entity: isAuditEntity(entity) ? entity : null,
    entityId: entityId && UUID_PATTERN.test(entityId) ? entityId.toLowerCase() : null,
  }
}

export function auditRouteQuery(filters: AuditFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (filters.entity) query.entity = filters.entity
  if (filters.entityId) query.entityId = filters.entityId
  return query
}

export function auditListQuery(filters: AuditFilters): AuditQuery {
  const query: AuditQuery = {}
  if (filters.entity) query.entity = filters.entity
  if (filters.entityId) query.entityId = filters.entityId
  return query
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return filters.entity !== null || filters.entityId !== null
}
