import type { GroupStatus, StatusHistoryEntry } from '@wohnlotse/shared'

/** One entry of a group's status history as the page shows it. */
export interface StatusStep extends StatusHistoryEntry {
  /**
   * The status the group was in before, where it says more than "it was active": "Abgeschlossen, zuvor pausiert",
   * "Reaktiviert, zuvor abgeschlossen". Null when the group came from active (pausing or closing a running case).
   */
  previous: Exclude<GroupStatus, 'active'> | null
}

/** The API's status history (oldest first) as the page's steps, in the same order as the stage timeline. */
export function statusSteps(history: readonly StatusHistoryEntry[]): StatusStep[] {
  return history.map((entry) => ({ ...entry, previous: entry.from === 'active' ? null : entry.from }))
}

/**
 * Why and since when a paused or closed group is in its status: the latest change, if it led to the status the
 * group has now. Null for an active group, and for a history that does not match the group (nothing is made up).
 */
export function currentStatusChange(status: GroupStatus, history: readonly StatusHistoryEntry[]): StatusHistoryEntry | null {
  if (status === 'active') return null
  const last = history.at(-1)
  return last?.to === status ? last : null
}
