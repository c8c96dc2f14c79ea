import type { Offer, OfferListQuery } from '@wohnlotse/shared'
import { onScopeDispose, ref, watch } from 'vue'
import { listOffers, offerSearch } from '../api/frontdesk.ts'

export type SuggestionsState = 'loading' | 'ready' | 'failed'

/**
 * Offers ranked for what is being asked, kept up to date as the criteria change: the first list loads at once,
 * later ones after a short pause (someone ticking three topics in a row asks once), and a newer question
 * cancels the answer still pending for an older one.
 */
export function useOfferSuggestions(
  criteria: () => OfferListQuery,
  {
    delayMs = 250,
    /** Whether suggestions are wanted at all (an inquiry page asks only while the inquiry can still be referred). */
    enabled = () => true,
  }: { delayMs?: number; enabled?: () => boolean } = {},
) {
  /** Best match first, each with its `matchScore` when there are criteria; by name without. */
  const offers = ref<Offer[]>([])
  const state = ref<SuggestionsState>('loading')
  const failure = ref<unknown>(null)
  /** Whether the list is ranked for criteria (and so carries scores), as of the last answer. */
  const ranked = ref(false)

  let timer: ReturnType<typeof setTimeout> | undefined
  let pending: AbortController | null = null

  async function load(query: OfferListQuery): Promise<void> {
    pending?.abort()
    const controller = new AbortController()
    pending = controller
    state.value = 'loading'
    try {
      const items = await listOffers(query, controller.signal)
      offers.value = items
      ranked.value = offerSearch(query) !== ''
      failure.value = null
      state.value = 'ready'
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return
      failure.value = err
      state.value = 'failed'
    } finally {
      if (pending === controller) pending = null
    }
  }

  function schedule(query: OfferListQuery, delay: number): void {
    clearTimeout(timer)
    // The list on screen stays until the new one is there, marked as being renewed.
    state.value = 'loading'
    if (delay === 0) void load(query)
    else timer = setTimeout(() => void load(query), delay)
  }

  // Compared as the query string, so a new array with the same topics asks nothing.
  watch(
    () => (enabled() ? offerSearch(criteria()) : null),
    (search, previous) => {
      if (search === null) {
        clearTimeout(timer)
        pending?.abort()
        return
      }
      schedule(criteria(), previous === undefined || previous === null ? 0 : delayMs)
    },
    { immediate: true },
  )

  onScopeDispose(() => {
    clearTimeout(timer)
    pending?.abort()
  })

  return {
    offers,
    state,
    failure,
    ranked,
    /** Asks again now, e.g. after a failure or after an offer's contact data changed. */
    reload: () => schedule(criteria(), 0),
  }
}
