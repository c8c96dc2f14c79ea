import type { StageHistoryEntry } from '@wohnlotse/shared'
import { durationBetween, type Duration } from '../../lib/time.ts'
import { stageMove, type StageMove } from './stage-rules.ts'

/** One step of a group's stage timeline, with how long the group stayed in the stage it entered. */
export interface TimelineStep extends StageHistoryEntry {
  /** `opened` for the case being opened (from: null), otherwise the kind of move. */
  move: Exclude<StageMove, 'unchanged'> | 'opened'
  /** From this step's `at` until the next step's, or until `now` for the current stage. */
  stayed: Duration
  /** The group is still in this step's stage. */
  current: boolean
}

/**
 * Turns the API's stage history (oldest first) into timeline steps. The time in a stage is the gap between
 * consecutive changes; the last stage lasts until `now`.
 */
export function timelineSteps(history: readonly StageHistoryEntry[], now: Date): TimelineStep[] {
  return history.map((entry, index) => {
    const next = history[index + 1]
    return {
      ...entry,
      move: entry.from === null ? 'opened' : (stageMove(entry.from, entry.to) as TimelineStep['move']),
      stayed: durationBetween(entry.at, next ? next.at : now),
      current: next === undefined,
    }
  })
}
