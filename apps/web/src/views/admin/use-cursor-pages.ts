import { onScopeDispose, ref, type Ref } from 'vue'

export type PagesState = 'idle' | 'loading' | 'loadingMore' | 'ready' | 'failed'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export type PageFetcher<T, Q> = (query: Q & { limit: number; cursor?: string }, signal: AbortSignal) => Promise<Page<T>>

/**
 * A list with "Weitere laden" over the API's keyset cursor (accounts, audit entries). A new query cancels the
 * answer still pending for the old one, so a quick change of filters never shows a stale list. The groups list
 * has its own copy (composables/use-group-pages.ts); this one is generic and could replace it.
 */
export function useCursorPages<T, Q extends object>(fetchPage: PageFetcher<T, Q>, pageSize: number) {
  /** What is loaded so far, in the API's order. */
  const items = ref([]) as Ref<T[]>
  /** Where the next page starts; null when everything is loaded. */
  const nextCursor = ref<string | null>(null)
  const state = ref<PagesState>('idle')
  /** Why the last load failed, when `state` is `failed`. */
  const failure = ref<unknown>(null)

  let query = {} as Q
  let pending: AbortController | null = null

  async function fetchOne(cursor: string | null): Promise<T[] | null> {
    pending?.abort()
    const controller = new AbortController()
    pending = controller
    failure.value = null
    try {
      const page = await fetchPage({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) }, controller.signal)
      nextCursor.value = page.nextCursor
      state.value = 'ready'
      return page.items
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return null
      failure.value = err
      state.value = 'failed'
      return null
    } finally {
      if (pending === controller) pending = null
    }
  }

  /** Loads the first page for `next` (filters, without cursor and limit). */
  async function load(next: Q): Promise<void> {
    query = next
    state.value = 'loading'
    const page = await fetchOne(null)
    if (page) items.value = page
  }

  /** Appends the next page; resolves the index of its first item (for moving focus there), or null. */
  async function loadMore(): Promise<number | null> {
    if (!nextCursor.value || state.value === 'loadingMore' || state.value === 'loading') return null
    state.value = 'loadingMore'
    const page = await fetchOne(nextCursor.value)
    if (!page) return null
    const first = items.value.length
    items.value = [...items.value, ...page]
    return page.length ? first : null
  }

  /** Puts a changed item in place of the one `same` matches, e.g. after saving an account. */
  function replace(item: T, same: (a: T, b: T) => boolean): void {
    items.value = items.value.map((existing) => (same(existing, item) ? item : existing))
  }

  onScopeDispose(() => pending?.abort())

  return { items, nextCursor, state, failure, load, loadMore, replace }
}
