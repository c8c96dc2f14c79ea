import { computed, ref } from 'vue'

/**
 * A set of selected ids for lists with checkboxes and a bulk action (the approval queue). "All" is always about
 * the ids passed in (the whole list, or one advisor's part of it), so a part can be (de)selected as a whole.
 */
export function useSelection() {
  /** Replaced, never mutated, so every change is one reactive update. */
  const selected = ref<ReadonlySet<string>>(new Set())

  const update = (change: (next: Set<string>) => void) => {
    const next = new Set(selected.value)
    change(next)
    selected.value = next
  }

  return {
    /** How many ids are selected. */
    count: computed(() => selected.value.size),
    has: (id: string) => selected.value.has(id),
    /** The selected ids in the order of `order` (the list's order), so a bulk request reads like the screen. */
    inOrder: (order: readonly string[]) => order.filter((id) => selected.value.has(id)),
    toggle(id: string, on = !selected.value.has(id)): void {
      update((next) => (on ? next.add(id) : next.delete(id)))
    },
    /** True when every one of `ids` is selected (and there is at least one). */
    allOf: (ids: readonly string[]) => ids.length > 0 && ids.every((id) => selected.value.has(id)),
    /** Some but not all of `ids`: the "mixed" state of a select-all checkbox. */
    someOf: (ids: readonly string[]) => ids.some((id) => selected.value.has(id)) && !ids.every((id) => selected.value.has(id)),
    /** Selects all of `ids`, or deselects them all when they are all selected already. */
    toggleAll(ids: readonly string[]): void {
      const all = ids.length > 0 && ids.every((id) => selected.value.has(id))
      update((next) => ids.forEach((id) => (all ? next.delete(id) : next.add(id))))
    },
    /** Drops ids that are no longer in the list (approved, rejected, or gone after a reload). */
    keepOnly(ids: readonly string[]): void {
      const present = new Set(ids)
      update((next) => [...next].forEach((id) => present.has(id) || next.delete(id)))
    },
    clear(): void {
      selected.value = new Set()
    },
  }
}

export type Selection = ReturnType<typeof useSelection>
