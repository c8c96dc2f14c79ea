import type {
  Consultation,
  ConsultationCreate,
  ConsultationList,
  Contact,
  ContactCreate,
  ContactList,
  ContactPatch,
  Group,
  GroupCreate,
  GroupList,
  GroupListQuery,
  GroupPatch,
  StageChange,
  StageCounts,
  StageCountsQuery,
  StageHistory,
  StatusChange,
  StatusHistory,
} from '@wohnlotse/shared'
import { request } from './http.ts'

/**
 * Group cases: list and counts, the case itself, its stage and status, contact persons and consultations.
 * Contract: packages/shared/src/group.ts; routes: apps/api/src/routes/api/groups.
 */

const base = '/api/groups'
const one = (id: string) => `${base}/${encodeURIComponent(id)}`

/** Most recently updated first; `nextCursor` is null on the last page. */
export function listGroups(query: GroupListQuery, signal?: AbortSignal): Promise<GroupList> {
  return request<GroupList>(base, { query: { ...query }, signal })
}

/** Groups per stage under the same filters as the list (the stage filter itself does not apply). */
export function stageCounts(query: StageCountsQuery, signal?: AbortSignal): Promise<StageCounts> {
  return request<StageCounts>(`${base}/stage-counts`, { query: { ...query }, signal })
}

/** Coordinator and front desk; the group starts in Stufe I. */
export function createGroup(body: GroupCreate): Promise<Group> {
  return request<Group>(base, { method: 'POST', body })
}

/** 404 NOT_FOUND for a group that does not exist or that the user may not see. */
export function getGroup(id: string, signal?: AbortSignal): Promise<Group> {
  return request<Group>(one(id), { signal })
}

/** Coordinator only; optional fields are cleared with null. */
export function updateGroup(id: string, patch: GroupPatch): Promise<Group> {
  return request<Group>(one(id), { method: 'PATCH', body: patch })
}

/** Coordinator only. 422 REASON_REQUIRED when skipping or going back without a reason, 409 STAGE_UNCHANGED, 422 GROUP_CLOSED. */
export function changeStage(id: string, change: StageChange): Promise<Group> {
  return request<Group>(`${one(id)}/stage`, { method: 'POST', body: change })
}

/** Oldest first; the first entry (from: null) is the opening of the case. */
export async function stageHistory(id: string, signal?: AbortSignal): Promise<StageHistory['items']> {
  return (await request<StageHistory>(`${one(id)}/stage-history`, { signal })).items
}

/** Coordinator only. Closing needs a reason (422 REASON_REQUIRED); 409 STATUS_UNCHANGED. */
export function changeStatus(id: string, change: StatusChange): Promise<Group> {
  return request<Group>(`${one(id)}/status`, { method: 'POST', body: change })
}

/** Every pause, closing and reactivation with its reason, oldest first; empty for a group that was always active. */
export async function statusHistory(id: string, signal?: AbortSignal): Promise<StatusHistory['items']> {
  return (await request<StatusHistory>(`${one(id)}/status-history`, { signal })).items
}

/** Current contact persons first. */
export async function listContacts(groupId: string, signal?: AbortSignal): Promise<Contact[]> {
  return (await request<ContactList>(`${one(groupId)}/contacts`, { signal })).items
}

export function addContact(groupId: string, body: ContactCreate): Promise<Contact> {
  return request<Contact>(`${one(groupId)}/contacts`, { method: 'POST', body })
}

export function updateContact(groupId: string, contactId: string, patch: ContactPatch): Promise<Contact> {
  return request<Contact>(`${one(groupId)}/contacts/${encodeURIComponent(contactId)}`, { method: 'PATCH', body: patch })
}

/** Erases the person's data (DSGVO); someone who merely left the group gets an `until` date instead. */
export function removeContact(groupId: string, contactId: string): Promise<void> {
  return request<void>(`${one(groupId)}/contacts/${encodeURIComponent(contactId)}`, { method: 'DELETE' })
}

/** Newest first. For the front desk, notes of Stufe II/III consultations come back hidden. */
export async function listConsultations(groupId: string, signal?: AbortSignal): Promise<Consultation[]> {
  return (await request<ConsultationList>(`${one(groupId)}/consultations`, { signal })).items
}

/** The front desk may log only while the group is in Stufe I (403 FORBIDDEN otherwise). */
export function addConsultation(groupId: string, body: ConsultationCreate): Promise<Consultation> {
  return request<Consultation>(`${one(groupId)}/consultations`, { method: 'POST', body })
}
