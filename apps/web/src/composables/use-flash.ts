import { ref } from 'vue'

/**
 * A message that survives one navigation: a form saves, goes to the saved thing's page, and that page
 * announces "Gruppe angelegt." Kept as an i18n key with its values, so it follows a language switch.
 */
export interface Flash {
  key: string
  values?: Record<string, string>
}

const pending = ref<Flash | null>(null)

export function setFlash(flash: Flash): void {
  pending.value = flash
}

/** The pending message, once: the next caller gets null. */
export function takeFlash(): Flash | null {
  const flash = pending.value
  pending.value = null
  return flash
}
