import type { Group, GroupListQuery } from '@wohnlotse/shared'
import { onScopeDispose, ref } from 'vue'
import { listGroups } from '../api/groups.ts'

export type PagesState = 'idle' | 'loading' | 'loadingMore' | 'ready' | 'failed'

/**
 * A paged group list ("Weitere laden"): the first page for a query, then more pages with the API's cursor. A new
 * query cancels the answer still pending for the old one, so fast typing never shows a stale list.
 */
export function useGroupPages(pageSize: number) {
  /** The groups loaded so far, most recently updated first. */
  const items = ref<Group[]>([])
  /** Where the next page starts; null when everything is loaded. */
  const nextCursor = ref<string | null>(null)
  const state = ref<PagesState>('idle')
  /** Why the last load failed, when `state` is `failed`. */
  const failure = ref<unknown>(null)

  let query: GroupListQuery = {}
  let pending: AbortController | null = null

  async function fetchPage(cursor: string | null): Promise<Group[] | null> {
    pending?.abort()
    const controller = new AbortController()
    pending = controller
    failure.value = null
    try {
      const page = await listGroups({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) }, controller.signal)
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
  async function load(next: GroupListQuery): Promise<void> {
    query = next
    state.value = 'loading'
    const page = await fetchPage(null)
    if (page) items.value = page
  }

  /** Appends the next page; resolves the index of its first item (for moving focus there), or null. */
  async function loadMore(): Promise<number | null> {
    if (!nextCursor.value || state.value === 'loadingMore' || state.value === 'loading') return null
    state.value = 'loadingMore'
    const page = await fetchPage(nextCursor.value)
    if (!page) return null
    const first = items.value.length
    items.value = [...items.value, ...page]
    return page.length ? first : null
  }

  onScopeDispose(() => pending?.abort())

  return { items, nextCursor, state, failure, load, loadMore }
}
