import { LOCALES, type Locale } from '@wohnlotse/shared'
import { createI18n } from 'vue-i18n'
import de from './de.json'

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
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  // Only German ships with the first page: English (about 20 kB gzipped) loads when someone chooses it.
  messages: { de } as Record<Locale, MessageSchema>,
})

const loaded = new Set<Locale>([DEFAULT_LOCALE])
const load: Partial<Record<Locale, () => Promise<{ default: MessageSchema }>>> = {
  en: () => import('./en.json'),
}

/** Fetches a locale's messages once; German is always there. */
export async function loadLocaleMessages(locale: Locale): Promise<void> {
  const fetchMessages = load[locale]
  if (loaded.has(locale) || !fetchMessages) return
  i18n.global.setLocaleMessage(locale, (await fetchMessages()).default)
  loaded.add(locale)
}

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/**
 * Switches the UI language, remembers the choice and tells the browser (screen readers, hyphenation). A locale
 * whose messages are loaded switches at once (before the promise settles); another loads first.
 */
export function setLocale(locale: Locale): Promise<void> {
  if (!loaded.has(locale)) return loadLocaleMessages(locale).then(() => setLocale(locale))
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered across reloads then; the switch itself still works.
  }
  return Promise.resolve()
}

/** Applies the stored choice on start (loading its messages first), so the first paint is in that language. */
export async function applyLocale(): Promise<void> {
  const locale = storedLocale()
  // A failed download of the English messages must not keep the app from starting: German it is then.
  if (locale !== DEFAULT_LOCALE) await loadLocaleMessages(locale).catch(() => undefined)
  i18n.global.locale.value = loaded.has(locale) ? locale : DEFAULT_LOCALE
  document.documentElement.lang = currentLocale()
}
