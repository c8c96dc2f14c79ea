import { ref, type Ref } from 'vue'

/**
 * A roving tabindex (WAI-ARIA Authoring Practices, "Keyboard Navigation Inside Components"): a group of
 * controls is one Tab stop; the arrow keys, Home and End move the focus inside it. Only the current item has
 * tabindex 0, every other one -1, so Tab leaves the group at once. The current item is the one last focused,
 * so Shift+Tab back into the group lands where the person left it.
 *
 * The items are the container's elements marked `data-roving-item`, in document order (chips that wrap into
 * rows keep reading order: Right/Down is the next one, Left/Up the previous one, as in a radio group).
 */
export interface RovingFocus {
  /** Index of the item that holds the group's Tab stop. */
  current: Ref<number>
  tabindexOf: (index: number) => 0 | -1
  /** Handles the navigation keys; returns the index focused, or null when the key was not one of them. */
  onKeydown: (event: KeyboardEvent) => number | null
  /** Keeps the Tab stop on an item the pointer or a script focused. */
  onFocusin: (event: FocusEvent) => void
}

const NEXT = new Set(['ArrowRight', 'ArrowDown'])
const PREVIOUS = new Set(['ArrowLeft', 'ArrowUp'])

export function useRovingFocus(container: Readonly<Ref<HTMLElement | null>>, options: { wrap?: boolean } = {}): RovingFocus {
  const wrap = options.wrap ?? true
  const current = ref(0)

  const items = (): HTMLElement[] => [...(container.value?.querySelectorAll<HTMLElement>('[data-roving-item]') ?? [])]

  function tabindexOf(index: number): 0 | -1 {
    return index === current.value ? 0 : -1
  }

  function target(key: string, from: number, count: number): number | null {
    if (key === 'Home') return 0
    if (key === 'End') return count - 1
    const step = NEXT.has(key) ? 1 : PREVIOUS.has(key) ? -1 : 0
    if (step === 0) return null
    const next = from + step
    if (next >= 0 && next < count) return next
    return wrap ? (next + count) % count : from
  }

  function onKeydown(event: KeyboardEvent): number | null {
    // Modified arrows belong to the browser and assistive technology (Alt+Left is "back").
    if (event.altKey || event.ctrlKey || event.metaKey) return null
    const list = items()
    const from = list.indexOf(event.target as HTMLElement)
    if (from < 0) return null
    const next = target(event.key, from, list.length)
    if (next === null) return null
    event.preventDefault()
    current.value = next
    list[next]?.focus()
    return next
  }

  function onFocusin(event: FocusEvent): void {
    const index = items().indexOf(event.target as HTMLElement)
    if (index >= 0) current.value = index
  }

  return { current, tabindexOf, onKeydown, onFocusin }
}
