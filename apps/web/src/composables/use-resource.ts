import { onScopeDispose, ref, shallowRef } from 'vue'

export type ResourceState = 'idle' | 'loading' | 'ready' | 'failed' | 'notFound'

/**
 * Data a view loads from the API: one request at a time (a new load aborts the pending one, so a quick second
 * load never shows the first answer), the failure kept for the retry message, and the request aborted when the
 * view goes away. `load` is also the retry. With `notFound`, a failure it recognises (a 404 for an address that
 * names nothing) is the state `notFound`, which a detail page shows as such rather than as an error to retry.
 */
export function useResource<T>(fetcher: (signal: AbortSignal) => Promise<T>, options: { notFound?: (err: unknown) => boolean } = {}) {
  const data = shallowRef<T | null>(null)
  const state = ref<ResourceState>('idle')
  /** Why the last load failed, while `state` is `failed`. */
  const failure = ref<unknown>(null)
  let pending: AbortController | null = null

  async function load(): Promise<void> {
    pending?.abort()
    const controller = new AbortController()
    pending = controller
    state.value = 'loading'
    failure.value = null
    try {
      const value = await fetcher(controller.signal)
      if (controller.signal.aborted) return
      data.value = value
      state.value = 'ready'
    } catch (err) {
      if (controller.signal.aborted || (err instanceof DOMException && err.name === 'AbortError')) return
      failure.value = err
      state.value = options.notFound?.(err) ? 'notFound' : 'failed'
    } finally {
      if (pending === controller) pending = null
    }
  }

  /** Back to nothing asked (a search too short to send): the pending request is dropped. */
  function reset(): void {
    pending?.abort()
    pending = null
    data.value = null
    failure.value = null
    state.value = 'idle'
  }

  onScopeDispose(() => pending?.abort())

  return { data, state, failure, load, reset }
}
