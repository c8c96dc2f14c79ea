import { onScopeDispose, readonly, ref, watchEffect } from 'vue'

const override = ref<string | null>(null)

/**
 * The name of the current page where the route alone cannot know it (a group's name). App.vue puts it in the tab
 * title in place of the route's title; it is dropped when the page goes.
 */
export const pageTitle = readonly(override)

export function usePageTitle(title: () => string | null): void {
  watchEffect(() => {
    override.value = title()
  })
  onScopeDispose(() => {
    override.value = null
  })
}
