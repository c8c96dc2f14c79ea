import { STAGES, stageChangeNeedsReason, type Stage } from '@wohnlotse/shared'

/**
 * The advice ladder's rule for changing stage, as the API enforces it (groups-service `changeStage`):
 * one step forward is routine; skipping a stage or moving back has to be explained.
 */

export type StageMove = 'unchanged' | 'forward' | 'skip' | 'back'

export function stageMove(from: Stage, to: Stage): StageMove {
  const step = STAGES.indexOf(to) - STAGES.indexOf(from)
  if (step === 0) return 'unchanged'
  if (step === 1) return 'forward'
  return step > 1 ? 'skip' : 'back'
}

/** The shared rule the API enforces; staying in the same stage is refused, not explained. */
export function reasonRequired(from: Stage, to: Stage): boolean {
  return from !== to && stageChangeNeedsReason(from, to)
}

/** The stage after `stage`, or null at the top of the ladder. */
export function nextStage(stage: Stage): Stage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null
}
