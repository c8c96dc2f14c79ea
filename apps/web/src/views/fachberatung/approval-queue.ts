import type { TimeEntry } from '@wohnlotse/shared'

/** The approval queue's shape: submitted entries per advisor, advisors by name, each one's entries oldest first. */

export interface AdvisorQueue {
  advisorId: string
  advisorName: string
  entries: TimeEntry[]
  /** The ids in the order shown, for "select all of this advisor". */
  ids: string[]
  minutes: number
}

export function queueByAdvisor(entries: readonly TimeEntry[], locale = 'de'): AdvisorQueue[] {
  const byAdvisor = new Map<string, AdvisorQueue>()
  for (const entry of entries) {
    let queue = byAdvisor.get(entry.advisorId)
    if (!queue) {
      queue = { advisorId: entry.advisorId, advisorName: entry.advisorName, entries: [], ids: [], minutes: 0 }
      byAdvisor.set(entry.advisorId, queue)
    }
    queue.entries.push(entry)
    queue.minutes += entry.minutes
  }
  const queues = [...byAdvisor.values()].sort((a, b) => a.advisorName.localeCompare(b.advisorName, locale))
  for (const queue of queues) {
    queue.entries.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt))
    queue.ids = queue.entries.map((e) => e.id)
  }
  return queues
}

export function totalMinutes(entries: readonly Pick<TimeEntry, 'minutes'>[]): number {
  return entries.reduce((sum, e) => sum + e.minutes, 0)
}

/**
 * The grant's hours left once this entry is approved: granted − already approved − this entry. Other entries
 * still waiting are not counted in, because each is judged on its own; below zero means approving would overdraw
 * the grant (the API refuses that anyway, the screen says it before anyone tries).
 */
export function minutesLeftAfterApproval(entry: Pick<TimeEntry, 'minutes' | 'grant'>): number {
  return entry.grant.grantedMinutes - entry.grant.approvedMinutes - entry.minutes
}
