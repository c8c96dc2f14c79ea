import type {
  ConvertedGroup,
  GroupCreate,
  Inquiry,
  InquiryClose,
  InquiryCreate,
  InquiryList,
  InquiryListQuery,
  InquiryPatch,
  Offer,
  OfferList,
  OfferListQuery,
  OfferPatch,
  Referral,
  ReferralCreate,
  ReferralList,
  ReferralListQuery,
  ReferralOutcomeChange,
  ReferralPatch,
} from '@wohnlotse/shared'
import { request } from './http.ts'

/**
 * The front desk (Anlaufstelle): offers, inquiries and referrals.
 * Contract: packages/shared/src/frontdesk.ts; routes: apps/api/src/routes/api/frontdesk.
 */

const one = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`

/**
 * The query string of an offer search. `topic` and `targetGroup` repeat (`?topic=a&topic=b`), which the
 * wrapper's `query` option (one value per key) cannot express, so the string is built here.
 */
export function offerSearch(query: OfferListQuery): string {
  const params = new URLSearchParams()
  if (query.q) params.append('q', query.q)
  for (const topic of query.topic ?? []) params.append('topic', topic)
  for (const group of query.targetGroup ?? []) params.append('targetGroup', group)
  if (query.language) params.append('language', query.language)
  if (query.includeInactive) params.append('includeInactive', 'true')
  return params.toString()
}

/** Active offers; ranked best match first, each with a `matchScore`, when topics, target groups or a language are given. */
export async function listOffers(query: OfferListQuery, signal?: AbortSignal): Promise<Offer[]> {
  const search = offerSearch(query)
  return (await request<OfferList>(search ? `/api/offers?${search}` : '/api/offers', { signal })).items
}

/** One offer, active or not. */
export function getOffer(id: string, signal?: AbortSignal): Promise<Offer> {
  return request<Offer>(one('/api/offers', id), { signal })
}

/** Coordinators and admins; `contact` changes only the fields it names, null clears one. */
export function updateOffer(id: string, patch: OfferPatch): Promise<Offer> {
  return request<Offer>(one('/api/offers', id), { method: 'PATCH', body: patch })
}

/** Newest first; `nextCursor` is null on the last page. */
export function listInquiries(query: InquiryListQuery, signal?: AbortSignal): Promise<InquiryList> {
  return request<InquiryList>('/api/inquiries', { query: { ...query }, signal })
}

export function createInquiry(body: InquiryCreate): Promise<Inquiry> {
  return request<Inquiry>('/api/inquiries', { method: 'POST', body })
}

export function getInquiry(id: string, signal?: AbortSignal): Promise<Inquiry> {
  return request<Inquiry>(one('/api/inquiries', id), { signal })
}

export function updateInquiry(id: string, patch: InquiryPatch): Promise<Inquiry> {
  return request<Inquiry>(one('/api/inquiries', id), { method: 'PATCH', body: patch })
}

/** Needs a reason (422 REASON_REQUIRED); 409 INQUIRY_ALREADY_CLOSED, 422 INQUIRY_CONVERTED. */
export function closeInquiry(id: string, body: InquiryClose): Promise<Inquiry> {
  return request<Inquiry>(`${one('/api/inquiries', id)}/close`, { method: 'POST', body })
}

/**
 * Opens a group case (Stufe I) from the inquiry; target groups and language carry over unless given.
 * 409 INQUIRY_ALREADY_CONVERTED, 422 INQUIRY_CLOSED.
 */
export function convertInquiry(id: string, body: GroupCreate): Promise<ConvertedGroup> {
  return request<ConvertedGroup>(`${one('/api/inquiries', id)}/convert`, { method: 'POST', body })
}

/** 409 REFERRAL_PENDING when the same offer is still waiting for its follow-up for this inquiry or group. */
export function createReferral(body: ReferralCreate): Promise<Referral> {
  return request<Referral>('/api/referrals', { method: 'POST', body })
}

/** `due: true` is the follow-up worklist, most overdue first; otherwise newest first. */
export function listReferrals(query: ReferralListQuery, signal?: AbortSignal): Promise<ReferralList> {
  return request<ReferralList>('/api/referrals', { query: { ...query }, signal })
}

export function updateReferral(id: string, patch: ReferralPatch): Promise<Referral> {
  return request<Referral>(one('/api/referrals', id), { method: 'PATCH', body: patch })
}

export function recordOutcome(id: string, body: ReferralOutcomeChange): Promise<Referral> {
  return request<Referral>(`${one('/api/referrals', id)}/outcome`, { method: 'POST', body })
}
