import type {
  BillingOverview,
  BillingOverviewQuery,
  Budget,
  Contract,
  ContractCreate,
  ContractList,
  ContractPatch,
  Grant,
  GrantCreate,
  GrantList,
  GrantListQuery,
  Settings,
  SettingsPatch,
  Statement,
  TimeEntry,
  TimeEntryCreate,
  TimeEntryList,
  TimeEntryListQuery,
  TimeEntryPatch,
  TopUpCreate,
  UserList,
} from '@wohnlotse/shared'
import { download, request, type DownloadedFile } from './http.ts'

/**
 * Fachberatung: framework contracts, the yearly advisor budget, hour grants, time entries and monthly statements.
 * Contract: packages/shared/src/fachberatung.ts; routes: apps/api/src/routes/api/fachberatung. An advisor's calls
 * see only their own contracts, grants and entries; anything else answers 404.
 */

const seg = encodeURIComponent

// ---- Framework contracts ----

export function listContracts(signal?: AbortSignal): Promise<ContractList> {
  return request<ContractList>('/api/contracts', { signal })
}

export function getContract(id: string, signal?: AbortSignal): Promise<Contract> {
  return request<Contract>(`/api/contracts/${seg(id)}`, { signal })
}

/** Coordinator. 409 CONTRACT_NUMBER_TAKEN, 422 NOT_AN_ADVISOR / INVALID_DATE_RANGE. */
export function createContract(body: ContractCreate): Promise<Contract> {
  return request<Contract>('/api/contracts', { method: 'POST', body })
}

/** Coordinator; the rate only while nothing is granted under the contract (409 CONTRACT_IN_USE). */
export function updateContract(id: string, patch: ContractPatch): Promise<Contract> {
  return request<Contract>(`/api/contracts/${seg(id)}`, { method: 'PATCH', body: patch })
}

/** The active advisors, for the contract form (coordinators may list accounts). */
export function listAdvisors(signal?: AbortSignal): Promise<UserList> {
  return request<UserList>('/api/users', { query: { role: 'advisor', active: true, limit: 200 }, signal })
}

// ---- Budget and settings ----

/** A year without a budget answers with amount 0. */
export function getBudget(year: number, signal?: AbortSignal): Promise<Budget> {
  return request<Budget>(`/api/advisor-budgets/${year}`, { signal })
}

/** 409 BUDGET_BELOW_COMMITTED when the amount is below what grants already commit. */
export function putBudget(year: number, amountCents: number): Promise<Budget> {
  return request<Budget>(`/api/advisor-budgets/${year}`, { method: 'PUT', body: { amountCents } })
}

export function getSettings(signal?: AbortSignal): Promise<Settings> {
  return request<Settings>('/api/settings', { signal })
}

export function patchSettings(patch: SettingsPatch): Promise<Settings> {
  return request<Settings>('/api/settings', { method: 'PATCH', body: patch })
}

// ---- Hour grants ----

/** One page of grants, newest first; `nextCursor` asks for the next (null on the last page). */
export function listGrants(query: GrantListQuery = {}, signal?: AbortSignal): Promise<GrantList> {
  return request<GrantList>('/api/grants', { query: { ...query }, signal })
}

/** The largest page the API serves. */
export const GRANT_PAGE_SIZE = 200

/**
 * Every grant matching `query`, page after page. For one contract, group or advisor's own grants: those are a few
 * dozen (one page), and their screens add them up, so a partial list would show wrong totals.
 */
export async function listAllGrants(query: Omit<GrantListQuery, 'limit' | 'cursor'> = {}, signal?: AbortSignal): Promise<Grant[]> {
  const items: Grant[] = []
  let cursor: string | null = null
  do {
    const page: GrantList = await listGrants({ ...query, limit: GRANT_PAGE_SIZE, ...(cursor ? { cursor } : {}) }, signal)
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

export function getGrant(id: string, signal?: AbortSignal): Promise<Grant> {
  return request<Grant>(`/api/grants/${seg(id)}`, { signal })
}

/**
 * Coordinator. 422 GROUP_NOT_IN_EXPERT_STAGE / GROUP_NOT_ACTIVE / CONTRACT_NOT_VALID,
 * 409 BUDGET_EXCEEDED / CONTRACT_VOLUME_EXCEEDED.
 */
export function createGrant(groupId: string, body: GrantCreate): Promise<Grant> {
  return request<Grant>(`/api/groups/${seg(groupId)}/grants`, { method: 'POST', body })
}

export function topUpGrant(id: string, body: TopUpCreate): Promise<Grant> {
  return request<Grant>(`/api/grants/${seg(id)}/top-ups`, { method: 'POST', body })
}

/** 409 GRANT_HAS_PENDING_ENTRIES while entries wait for review. */
export function closeGrant(id: string): Promise<Grant> {
  return request<Grant>(`/api/grants/${seg(id)}/close`, { method: 'POST' })
}

// ---- Time entries ----

/**
 * Advisor, own grant. The idempotency key makes a retried request (lost answer, double tap) create the entry once.
 * 409 GRANT_EXCEEDED (details: `remainingMinutes=N`), 422 DATE_OUTSIDE_CONTRACT / GRANT_CLOSED.
 */
export function logTime(grantId: string, body: TimeEntryCreate, idempotencyKey: string): Promise<TimeEntry> {
  return request<TimeEntry>(`/api/grants/${seg(grantId)}/time-entries`, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

/** Newest first. */
export function listTimeEntries(query: TimeEntryListQuery = {}, signal?: AbortSignal): Promise<TimeEntryList> {
  return request<TimeEntryList>('/api/time-entries', { query: { ...query }, signal })
}

/** Own entry while submitted; 409 ENTRY_LOCKED afterwards, GRANT_EXCEEDED when more minutes do not fit. */
export function updateTimeEntry(id: string, patch: TimeEntryPatch): Promise<TimeEntry> {
  return request<TimeEntry>(`/api/time-entries/${seg(id)}`, { method: 'PATCH', body: patch })
}

/** Withdraws an own submitted entry; its minutes go back to the grant. */
export function deleteTimeEntry(id: string): Promise<void> {
  return request<void>(`/api/time-entries/${seg(id)}`, { method: 'DELETE' })
}

export function approveTimeEntry(id: string): Promise<TimeEntry> {
  return request<TimeEntry>(`/api/time-entries/${seg(id)}/approve`, { method: 'POST' })
}

/** All or none: one entry that is no longer submitted refuses the whole batch (409 ENTRY_LOCKED). */
export function approveTimeEntries(ids: string[]): Promise<{ items: TimeEntry[] }> {
  return request<{ items: TimeEntry[] }>('/api/time-entries/approve', { method: 'POST', body: { ids } })
}

export function rejectTimeEntry(id: string, reason: string): Promise<TimeEntry> {
  return request<TimeEntry>(`/api/time-entries/${seg(id)}/reject`, { method: 'POST', body: { reason } })
}

/** One reason for all, all or none: one entry no longer submitted refuses the batch (409 ENTRY_LOCKED). */
export function rejectTimeEntries(ids: string[], reason: string): Promise<{ items: TimeEntry[] }> {
  return request<{ items: TimeEntry[] }>('/api/time-entries/reject', { method: 'POST', body: { ids, reason } })
}

// ---- Monthly statements ----

const statementPath = (contractId: string, month: string) => `/api/contracts/${seg(contractId)}/statements/${seg(month)}`

/** Provisional until finalised; a month without entries answers with an empty statement. */
export function getStatement(contractId: string, month: string, signal?: AbortSignal): Promise<Statement> {
  return request<Statement>(statementPath(contractId, month), { signal })
}

/** The statement as CSV for German Excel (UTF-8 with BOM, semicolons). */
export function downloadStatementCsv(contractId: string, month: string): Promise<DownloadedFile> {
  return download(statementPath(contractId, month), 'text/csv')
}

/** Coordinator. 409 STATEMENT_FINALIZED, 422 MONTH_NOT_ENDED. */
export function finalizeStatement(contractId: string, month: string): Promise<Statement> {
  return request<Statement>(`${statementPath(contractId, month)}/finalize`, { method: 'POST' })
}

/** The billing overview across contracts (an advisor: their own), newest month first, paged. */
export function listBillingMonths(query: BillingOverviewQuery = {}, signal?: AbortSignal): Promise<BillingOverview> {
  return request<BillingOverview>('/api/statements', { query: { ...query }, signal })
}

/** All months of one contract, newest first. */
export function listContractBillingMonths(contractId: string, signal?: AbortSignal): Promise<BillingOverview> {
  return request<BillingOverview>(`/api/contracts/${seg(contractId)}/statements`, { signal })
}
