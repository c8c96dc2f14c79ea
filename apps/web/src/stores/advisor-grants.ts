import type { Grant, TimeEntry } from '@wohnlotse/shared'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '../api/fachberatung.ts'

export type LoadState = 'idle' | 'loading' | 'ready' | 'failed'

/**
 * The signed-in advisor's hour grants ("Meine Kontingente"). Logging hours changes a grant's numbers at once from
 * the answer, then re-reads the grant so the bar shows what the API counts (another device may have logged too).
 */
export const useAdvisorGrantsStore = defineStore('advisorGrants', () => {
  /** Newest first (the API's order); `active` and `closed` split them for the page. */
  const grants = ref<Grant[]>([])
  const state = ref<LoadState>('idle')
  /** Why loading failed, when `state` is `failed`. */
  const failure = ref<unknown>(null)

  const active = computed(() => grants.value.filter((g) => g.status === 'active'))
  const closed = computed(() => grants.value.filter((g) => g.status === 'closed'))

  async function load(): Promise<void> {
    state.value = 'loading'
    failure.value = null
    try {
      grants.value = await api.listAllGrants()
      state.value = 'ready'
    } catch (err) {
      failure.value = err
      state.value = 'failed'
    }
  }

  function patch(id: string, change: (grant: Grant) => Partial<Grant>): void {
    grants.value = grants.value.map((g) => (g.id === id ? { ...g, ...change(g) } : g))
  }

  /** Re-reads one grant; a failure keeps the numbers already shown. */
  async function refresh(id: string): Promise<void> {
    try {
      const fresh = await api.getGrant(id)
      patch(id, () => fresh)
    } catch {
      // The local numbers are right unless someone else logged meanwhile; the next load corrects them.
    }
  }

  /** A new entry was submitted: its minutes move from remaining to submitted at once. */
  function entryLogged(entry: TimeEntry): Promise<void> {
    patch(entry.grantId, (g) => ({
      submittedMinutes: g.submittedMinutes + entry.minutes,
      remainingMinutes: g.remainingMinutes - entry.minutes,
    }))
    return refresh(entry.grantId)
  }

  /** The API said how much is left (GRANT_EXCEEDED): show that, then re-read the rest. */
  function remainingIs(id: string, minutes: number): Promise<void> {
    patch(id, (g) => ({ remainingMinutes: minutes, submittedMinutes: g.grantedMinutes - g.approvedMinutes - minutes }))
    return refresh(id)
  }

  return { grants, state, failure, active, closed, load, refresh, entryLogged, remainingIs }
})
