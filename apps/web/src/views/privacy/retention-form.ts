import type { RetentionCount, RetentionSetting, RetentionUpdate } from '@wohnlotse/shared'
import { periodInputOf, periodOf, type PeriodInput } from './retention-period.ts'

/** The retention settings form: one period per data class, sending only what changed. */

export type RetentionInputs = Record<string, PeriodInput>

export function inputsOf(settings: readonly RetentionSetting[]): RetentionInputs {
  return Object.fromEntries(settings.map((s) => [s.dataClass, periodInputOf(s.period, s.unit)]))
}

/** The update to send (null when nothing changed), or the problems per class as i18n keys. */
export function retentionUpdate(
  settings: readonly RetentionSetting[],
  inputs: RetentionInputs,
): { update: RetentionUpdate | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const items: RetentionUpdate['items'] = []
  for (const setting of settings) {
    const input = inputs[setting.dataClass]
    if (!input) continue
    const result = periodOf(input, setting.unit)
    if ('error' in result) errors[setting.dataClass] = result.error
    else if (result.period !== setting.period) items.push({ dataClass: setting.dataClass, period: result.period })
  }
  if (Object.keys(errors).length) return { update: null, errors }
  return { update: items.length ? { items } : null, errors }
}

/** How many records a run or preview names in all. */
export function totalCount(counts: readonly RetentionCount[]): number {
  return counts.reduce((sum, c) => sum + c.count, 0)
}

/** Only the classes where something happened (or would). */
export function nonZero(counts: readonly RetentionCount[]): RetentionCount[] {
  return counts.filter((c) => c.count > 0)
}
