import type { Dashboard, DashboardCounters } from '@wohnlotse/shared'
import { request } from './http.ts'

/** The Start page's figures for the signed-in role. Contract: packages/shared/src/dashboard.ts. */
export function getDashboard(signal?: AbortSignal): Promise<Dashboard> {
  return request<Dashboard>('/api/dashboard', { signal })
}

/** The navigation's badges (entries awaiting approval, follow-ups due). */
export function getDashboardCounters(signal?: AbortSignal): Promise<DashboardCounters> {
  return request<DashboardCounters>('/api/dashboard/counters', { signal })
}
