import type { CouncilReport, ReportSettings, Snapshot, SnapshotList } from '@wohnlotse/shared'
import { download, request, type DownloadedFile } from './http.ts'

/**
 * The council report (coordinator, city). Contract: packages/shared/src/reports.ts; route:
 * apps/api/src/routes/api/reports. Coordinators get every figure with would-be-suppressed cells flagged, the city
 * role and every export the suppressed figures.
 */
export function getCouncilReport(from: string, to: string, signal?: AbortSignal): Promise<CouncilReport> {
  return request<CouncilReport>('/api/reports/council', { query: { from, to }, signal })
}

const ACCEPT = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const
export type ExportFormat = keyof typeof ACCEPT

export function downloadCouncilReport(from: string, to: string, format: ExportFormat): Promise<DownloadedFile> {
  return download('/api/reports/council', ACCEPT[format], { query: { from, to, format } })
}

export function listSnapshots(signal?: AbortSignal): Promise<SnapshotList> {
  return request<SnapshotList>('/api/reports/council/snapshots', { signal })
}

export function createSnapshot(from: string, to: string): Promise<Snapshot> {
  return request<Snapshot>('/api/reports/council/snapshots', { method: 'POST', body: { from, to } })
}

export function getSnapshot(id: string, signal?: AbortSignal): Promise<Snapshot> {
  return request<Snapshot>(`/api/reports/council/snapshots/${encodeURIComponent(id)}`, { signal })
}

export function getReportSettings(signal?: AbortSignal): Promise<ReportSettings> {
  return request<ReportSettings>('/api/reports/council/settings', { signal })
}

export function putReportSettings(minCellSize: number): Promise<ReportSettings> {
  return request<ReportSettings>('/api/reports/council/settings', { method: 'PUT', body: { minCellSize } })
}
