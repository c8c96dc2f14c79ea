import { LOCALES, type Locale } from '@wohnlotse/shared'
import { createI18n } from 'vue-i18n'
import de from './de.json'
import en from './en.json'

/** German is the office's working language; de.json is the reference every other locale must match. */
export type MessageSchema = typeof de

export const DEFAULT_LOCALE: Locale = 'de'
const STORAGE_KEY = 'wohnlotse.locale'

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLocale(value) ? value : DEFAULT_LOCALE
  } catch {
    // Storage can be disabled (privacy settings); the default is fine then.
    return DEFAULT_LOCALE
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { de, en },
})

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Switches the UI language, remembers the choice and tells the browser (screen readers, hyphenation). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered across reloads then; the switch itself still works.
  }
}

/** Brings `<html lang>` in line with the stored choice on start. */
export function applyLocale(): void {
  document.documentElement.lang = currentLocale()
}
