import {
  DISTRICTS,
  GROUP_STATUSES,
  STAGES,
  TARGET_GROUPS,
  type District,
  type GroupStatus,
  type Stage,
  type StageCountsQuery,
  type TargetGroup,
  GroupListQuery,
} from '@wohnlotse/shared'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { limitsOf } from '../../lib/schema-limits.ts'

/**
 * The group list's filters live in the address (`/groups?stage=concept&district=neustadt`), so a filtered list
 * survives a reload, the back button and a shared link. These functions translate between the address, the
 * filters the page works with, and the API's query.
 */

export interface GroupFilters {
  /** Free text over name and description, as typed (trimmed only when sent). */
  q: string
  stage: Stage | null
  status: GroupStatus | null
  district: District | null
  targetGroup: TargetGroup | null
}

export type GroupView = 'list' | 'board'

/** The API rejects longer searches. */
export const SEARCH_MAX_LENGTH = limitsOf(GroupListQuery, 'q').maxlength!

export const NO_FILTERS: Readonly<GroupFilters> = { q: '', stage: null, status: null, district: null, targetGroup: null }

function first(value: LocationQuery[string] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : undefined
}

/** A value from the address if it is one of `allowed`; anything else (typos, old links) means "no filter". */
function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | null {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : null
}

export function filtersFromRoute(query: LocationQuery): GroupFilters {
  return {
    q: (first(query.q) ?? '').slice(0, SEARCH_MAX_LENGTH),
    stage: oneOf(STAGES, first(query.stage)),
    status: oneOf(GROUP_STATUSES, first(query.status)),
    district: oneOf(DISTRICTS, first(query.district)),
    targetGroup: oneOf(TARGET_GROUPS, first(query.targetGroup)),
  }
}

export function viewFromRoute(query: LocationQuery): GroupView {
  return first(query.view) === 'board' ? 'board' : 'list'
}

/** The address query for filters and view, without empty entries so that links stay short. */
export function routeQuery(filters: GroupFilters, view: GroupView): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.stage) query.stage = filters.stage
  if (filters.status) query.status = filters.status
  if (filters.district) query.district = filters.district
  if (filters.targetGroup) query.targetGroup = filters.targetGroup
  if (view === 'board') query.view = 'board'
  return query
}

/** The stage-counts query: the list filters except the stage (the counts are per stage). */
export function countsQuery(filters: GroupFilters): StageCountsQuery {
  const query: StageCountsQuery = {}
  const q = filters.q.trim()
  if (q) query.q = q
  if (filters.status) query.status = filters.status
  if (filters.district) query.district = filters.district
  if (filters.targetGroup) query.targetGroup = filters.targetGroup
  return query
}

/** The list query for one page. `stage` overrides the filter (the board asks once per column). */
export function listQuery(
  filters: GroupFilters,
  page: { cursor?: string | null; limit?: number; stage?: Stage } = {},
): GroupListQuery {
  const query: GroupListQuery = countsQuery(filters)
  const stage = page.stage ?? filters.stage
  if (stage) query.stage = stage
  if (page.limit !== undefined) query.limit = page.limit
  if (page.cursor) query.cursor = page.cursor
  return query
}

/** Whether anything narrows the list (the empty state then offers to reset the filters). */
export function hasFilters(filters: GroupFilters): boolean {
  return Boolean(filters.q.trim() || filters.stage || filters.status || filters.district || filters.targetGroup)
}
