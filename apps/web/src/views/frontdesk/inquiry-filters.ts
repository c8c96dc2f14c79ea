import { INQUIRY_STATUSES, type InquiryListQuery, type InquiryStatus } from '@wohnlotse/shared'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/** The inquiry list's filters; they live in the address, so a filtered list can be bookmarked and shared. */
export interface InquiryFilters {
  status: InquiryStatus | null
  q: string
  /** Berlin calendar days (YYYY-MM-DD), both included; '' for open-ended. */
  from: string
  to: string
}

export const NO_FILTERS: InquiryFilters = { status: null, q: '', from: '', to: '' }

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function one(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

/** Unknown or malformed values in the address are ignored rather than sent. */
export function filtersFromRoute(query: LocationQuery): InquiryFilters {
  const status = one(query.status)
  const from = one(query.from)
  const to = one(query.to)
  return {
    status: (INQUIRY_STATUSES as readonly string[]).includes(status) ? (status as InquiryStatus) : null,
    q: one(query.q).slice(0, 100),
    from: ISO_DATE.test(from) ? from : '',
    to: ISO_DATE.test(to) ? to : '',
  }
}

export function routeQuery(filters: InquiryFilters): LocationQueryRaw {
  const q = filters.q.trim()
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(q ? { q } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  }
}

/** The API query (without paging). */
export function listQuery(filters: InquiryFilters): InquiryListQuery {
  return routeQuery(filters) as InquiryListQuery
}

export function hasFilters(filters: InquiryFilters): boolean {
  return Object.keys(routeQuery(filters)).length > 0
}

/** A range that ends before it starts (the API would refuse it). */
export function rangeInvalid(filters: InquiryFilters): boolean {
  return filters.from !== '' && filters.to !== '' && filters.to < filters.from
}
