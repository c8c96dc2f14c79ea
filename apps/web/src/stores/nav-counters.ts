import type { DashboardCounters } from '@wohnlotse/shared'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getDashboardCounters } from '../api/dashboard.ts'
import type { AreaKey } from '../navigation.ts'

/** Refreshed on route changes, but at most this often: a badge may lag half a minute, the API is spared. */
export const COUNTER_REFRESH_MS = 30_000

/** Which counter belongs to which navigation entry. */
const AREA_COUNTER: Partial<Record<AreaKey, keyof DashboardCounters>> = { approvals: 'approvals', frontDesk: 'followUpsDue' }

/**
 * The navigation's counters ("Freigaben, 3 offen", "Wiedervorlagen 2"), one store for the header and the front
 * desk's own navigation, so that a page which changes what they count can refresh both at once. A failed refresh
 * keeps the last numbers: a badge is a hint, never a reason for an error message.
 */
export const useNavCountersStore = defineStore('navCounters', () => {
  /** The API's counters for the signed-in role; empty until loaded. */
  const counters = ref<DashboardCounters>({})
  let last = 0
  /**
   * Numbers each question (and each settled count): an answer counts only if nothing was asked or settled after
   * its question. A route change's refresh still on its way when a postponement forces another must not overwrite
   * the newer count when it arrives last.
   */
  let generation = 0

  /** Asks the API again; without `force` only when the last answer is older than COUNTER_REFRESH_MS. */
  async function refresh(force = false): Promise<void> {
    if (!force && Date.now() - last < COUNTER_REFRESH_MS) return
    last = Date.now()
    const asked = ++generation
    try {
      const answer = await getDashboardCounters()
      if (asked === generation) counters.value = answer
    } catch {
      // Keep the last numbers.
    }
  }

  function countFor(area: AreaKey): number | undefined {
    const key = AREA_COUNTER[area]
    return key ? counters.value[key] : undefined
  }

  /** A page that has just loaded everything a counter counts knows it exactly: no request needed. */
  function settle(key: keyof DashboardCounters, value: number): void {
    generation++
    counters.value = { ...counters.value, [key]: value }
  }

  function reset(): void {
    generation++
    counters.value = {}
    last = 0
  }

  return { counters, refresh, countFor, settle, reset }
})
