import type { DashboardCounters } from '@wohnlotse/shared'
import { ref } from 'vue'
import { getDashboardCounters } from '../../api/dashboard.ts'
import type { AreaKey } from '../../navigation.ts'

/** Refreshed on route changes, but at most this often: a badge may lag half a minute, the API is spared. */
export const COUNTER_REFRESH_MS = 30_000

/** Which counter belongs to which navigation entry. */
const AREA_COUNTER: Partial<Record<AreaKey, keyof DashboardCounters>> = { approvals: 'approvals', frontDesk: 'followUpsDue' }

/**
 * The navigation's counters ("Freigaben, 3 offen"). A failed refresh keeps the last numbers: a badge is a hint,
 * never a reason for an error message.
 */
export function useNavCounters(now: () => number = Date.now) {
  const counters = ref<DashboardCounters>({})
  let last = 0

  async function refresh(force = false): Promise<void> {
    if (!force && now() - last < COUNTER_REFRESH_MS) return
    last = now()
    try {
      counters.value = await getDashboardCounters()
    } catch {
      // Keep the last numbers.
    }
  }

  function countFor(area: AreaKey): number | undefined {
    const key = AREA_COUNTER[area]
    return key ? counters.value[key] : undefined
  }

  function reset(): void {
    counters.value = {}
    last = 0
  }

  return { counters, refresh, countFor, reset }
}
