/**
 * One keystroke to refer: Alt+Shift+1 … Alt+Shift+9 refers the inquiry to suggestion 1 … 9, from anywhere on
 * the page (the notes field included). The other way needs no code: each suggestion's "Verweisen" button takes
 * Enter or Space once focused.
 *
 * Why this chord: plain digits would be typed into the fields and trip screen readers' single-key navigation;
 * Alt+digit switches tabs in Chrome and Firefox on Linux and Windows; Ctrl+digit everywhere. The physical key
 * (`code`) is read, so Shift+1 counts on a German keyboard too, where it types "!".
 */

/** How many suggestions have a shortcut. */
export const SHORTCUT_COUNT = 9

export type ShortcutKeyEvent = Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code' | 'repeat'>

/** The zero-based suggestion a key press refers to, or null when it is not a referral shortcut. */
export function shortcutIndex(event: ShortcutKeyEvent): number | null {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null
  // Holding the keys down must not refer twice.
  if (event.repeat) return null
  const match = /^Digit([1-9])$/.exec(event.code)
  return match ? Number(match[1]) - 1 : null
}

/** The shortcut of suggestion `index` (zero-based) for `aria-keyshortcuts`; null past the ninth. */
export function ariaShortcut(index: number): string | null {
  return index >= 0 && index < SHORTCUT_COUNT ? `Alt+Shift+${index + 1}` : null
}
