import { onScopeDispose, ref, shallowRef } from 'vue'

export type KeysetState = 'idle' | 'loading' | 'loadingMore' | 'ready' | 'failed'

/** One page of a keyset-paged list as the API answers it. */
export interface KeysetPage<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * A list paged with the API's cursor ("Weitere laden"): the first page for a query, then more pages. A new query
 * cancels the answer still pending for the old one, so fast typing never shows a stale list.
 */
export function useKeysetPages<T, Q extends object>(fetchPage: (query: Q, cursor: string | null, signal: AbortSignal) => Promise<KeysetPage<T>>) {
  /** What is loaded so far, in the API's order. */
  const items = shallowRef<T[]>([])
  /** Where the next page starts; null when everything is loaded. */
  const nextCursor = ref<string | null>(null)
  const state = ref<KeysetState>('idle')
  /** Why the last load failed, when `state` is `failed`. */
  const failure = ref<unknown>(null)

  let query: Q | null = null
  let pending: AbortController | null = null

  async function fetch(cursor: string | null): Promise<T[] | null> {
    pending?.abort()
    const controller = new AbortController()
    pending = controller
    failure.value = null
    try {
      const page = await fetchPage(query!, cursor, controller.signal)
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

  /** Loads the first page for `next`. */
  async function load(next: Q): Promise<void> {
    query = next
    state.value = 'loading'
    const page = await fetch(null)
    if (page) items.value = page
  }

  /** Appends the next page; resolves the index of its first item (to move focus there), or null. */
  async function loadMore(): Promise<number | null> {
    if (!query || !nextCursor.value || state.value === 'loadingMore' || state.value === 'loading') return null
    state.value = 'loadingMore'
    const page = await fetch(nextCursor.value)
    if (!page) return null
    const first = items.value.length
    items.value = [...items.value, ...page]
    return page.length ? first : null
  }

  /** Puts a changed item in place of the one `same` matches, e.g. after saving an account. */
  function replace(item: T, same: (a: T, b: T) => boolean): void {
    items.value = items.value.map((existing) => (same(existing, item) ? item : existing))
  }

  /** Takes items off the list (a follow-up that was done), keeping the rest and the cursor. */
  function remove(keep: (item: T) => boolean): void {
    items.value = items.value.filter(keep)
  }

  onScopeDispose(() => pending?.abort())

  return { items, nextCursor, state, failure, load, loadMore, replace, remove }
}

/** A list endpoint that takes its filters plus `limit` and `cursor` in one query object, as most of ours do. */
export type PageFetcher<T, Q> = (query: Q & { limit: number; cursor?: string }, signal: AbortSignal) => Promise<KeysetPage<T>>

/** `useKeysetPages` for such an endpoint, `pageSize` items at a time. */
export function useCursorPages<T, Q extends object>(fetchPage: PageFetcher<T, Q>, pageSize: number) {
  return useKeysetPages<T, Q>((query, cursor, signal) => fetchPage({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) }, signal))
}
