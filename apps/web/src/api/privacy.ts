import type {
  Consent,
  ConsentCreate,
  ConsentList,
  ConsentWithdraw,
  ErasureResult,
  PersonExport,
  PersonList,
  PersonPrivacy,
  PersonSummary,
  ProcessingRecord,
  Restriction,
  RestrictionChange,
  RetentionPreview,
  RetentionRun,
  RetentionRunList,
  RetentionSettings,
  RetentionUpdate,
} from '@wohnlotse/shared'
import { download, request, type DownloadedFile } from './http.ts'

/**
 * Data protection (DSGVO), coordinators: finding a person, their information export (Art. 15), erasure (Art. 17),
 * restriction (Art. 18) and consents; retention per data class with the job's preview, runs and history; the
 * record of processing (Art. 30). Contract: packages/shared/src/privacy.ts; routes: apps/api/src/routes/api/privacy.
 */

const person = (ref: string) => `/api/privacy/people/${encodeURIComponent(ref)}`

/** By part of a name, an e-mail address or a phone number (at least 2 characters). */
export async function searchPeople(q: string, signal?: AbortSignal): Promise<PersonSummary[]> {
  return (await request<PersonList>('/api/privacy/people', { query: { q }, signal })).items
}

/** Who the person is, whether their data is restricted, and their consents. */
export function getPerson(ref: string, signal?: AbortSignal): Promise<PersonPrivacy> {
  return request<PersonPrivacy>(person(ref), { signal })
}

/** Everything stored about the person, including audit entries about them. */
export function getPersonExport(ref: string, signal?: AbortSignal): Promise<PersonExport> {
  return request<PersonExport>(`${person(ref)}/export`, { signal })
}

/** The same export as a file to hand to the person: JSON, or a readable PDF in German. */
export function downloadPersonExport(ref: string, format: 'json' | 'pdf'): Promise<DownloadedFile> {
  return format === 'pdf'
    ? download(`${person(ref)}/export`, 'application/pdf', { query: { format: 'pdf' } })
    : download(`${person(ref)}/export`, 'application/json')
}

/** 409 with a legal-hold code when an open grant or an unfinalised statement still needs the data. */
export function erasePerson(ref: string, reason: string): Promise<ErasureResult> {
  return request<ErasureResult>(`${person(ref)}/erase`, { method: 'POST', body: { reason } })
}

export function changeRestriction(ref: string, body: RestrictionChange): Promise<Restriction> {
  return request<Restriction>(`${person(ref)}/restriction`, { method: 'PUT', body })
}

export async function listConsents(ref: string, signal?: AbortSignal): Promise<Consent[]> {
  return (await request<ConsentList>(`${person(ref)}/consents`, { signal })).items
}

export function recordConsent(ref: string, body: ConsentCreate): Promise<Consent> {
  return request<Consent>(`${person(ref)}/consents`, { method: 'POST', body })
}

export function withdrawConsent(ref: string, id: string, body: ConsentWithdraw): Promise<Consent> {
  return request<Consent>(`${person(ref)}/consents/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body })
}

export async function getRetention(signal?: AbortSignal): Promise<RetentionSettings> {
  return request<RetentionSettings>('/api/privacy/retention', { signal })
}

export function updateRetention(body: RetentionUpdate): Promise<RetentionSettings> {
  return request<RetentionSettings>('/api/privacy/retention', { method: 'PUT', body })
}

/** What the next run would anonymise, counted per class, without changing anything. */
export function previewRetention(signal?: AbortSignal): Promise<RetentionPreview> {
  return request<RetentionPreview>('/api/privacy/retention/preview', { signal })
}

/** Runs the job now ("jetzt ausführen"); the scheduled daily run does the same. */
export function runRetention(): Promise<RetentionRun> {
  return request<RetentionRun>('/api/privacy/retention/runs', { method: 'POST' })
}

/** The job's history, newest first. */
export async function listRetentionRuns(signal?: AbortSignal): Promise<RetentionRun[]> {
  return (await request<RetentionRunList>('/api/privacy/retention/runs', { signal })).items
}

export function getProcessingRecord(signal?: AbortSignal): Promise<ProcessingRecord> {
  return request<ProcessingRecord>('/api/privacy/record', { signal })
}

/** The consents ticked when a person's details were taken, each given today; one request per purpose. */
export async function recordConsents(ref: string, purposes: readonly ConsentCreate['purpose'][]): Promise<void> {
  for (const purpose of purposes) await recordConsent(ref, { purpose })
}
