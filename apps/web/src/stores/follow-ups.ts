import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listReferrals } from '../api/frontdesk.ts'

/** Counting stops here; beyond it the navigation says "100+". */
export const COUNT_LIMIT = 100

/**
 * How many referrals wait for their follow-up today, for the front desk's navigation. The worklist keeps it
 * exact as outcomes are recorded; the navigation asks the API when it appears.
 */
export const useFollowUpsStore = defineStore('followUps', () => {
  /** Due referrals, up to COUNT_LIMIT; null until known. */
  const dueCount = ref<number | null>(null)
  /** Whether there are more than `dueCount`. */
  const more = ref(false)

  let counting: AbortController | null = null

  async function refresh(): Promise<void> {
    counting?.abort()
    const controller = new AbortController()
    counting = controller
    try {
      const page = await listReferrals({ due: true, limit: COUNT_LIMIT }, controller.signal)
      dueCount.value = page.items.length
      more.value = page.nextCursor !== null
    } catch {
      // The navigation then shows no number; the worklist itself reports failures.
    } finally {
      if (counting === controller) counting = null
    }
  }

  /** The worklist loaded everything there is: its length is the count. */
  function set(count: number, hasMore: boolean): void {
    counting?.abort()
    dueCount.value = count
    more.value = hasMore
  }

  /** One follow-up was done (outcome recorded or postponed). */
  function done(): void {
    if (dueCount.value !== null && dueCount.value > 0 && !more.value) dueCount.value -= 1
    else void refresh()
  }

  return { dueCount, more, refresh, set, done }
})
