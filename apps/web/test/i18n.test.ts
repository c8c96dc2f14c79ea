import { ERROR_CODE_LIST, ERROR_CODES } from '@wohnlotse/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, CLIENT_ERROR_CODES } from '../src/api/http.ts'
import de from '../src/i18n/de.json'
import en from '../src/i18n/en.json'
import { errorMessage } from '../src/i18n/error-message.ts'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { AREAS } from '../src/navigation.ts'

type Tree = { [key: string]: string | Tree }

/** Every leaf key of a message tree, dotted: `errors.NOT_FOUND`. */
function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`),
  )
}

function lookup(tree: Tree, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree)
}

const locales = { de: de as Tree, en: en as Tree }

/** A value for every placeholder the messages use. */
const PLACEHOLDER_VALUES = {
  name: 'Kora',
  role: 'Koordination',
  area: 'Gruppen',
  n: 3,
  stage: 'Stufe II – Konzeptberatung',
  status: 'Pausiert',
  since: 'seit 3 Monaten',
  duration: '3 Monate',
  date: '02.03.2026',
  until: '31.03.2026',
  language: 'Arabisch',
  min: 5,
  max: 600,
}

describe('i18n messages', () => {
  afterEach(() => setLocale('de'))

  it('en has exactly the keys of de', () => {
    expect(leafKeys(locales.en).sort()).toEqual(leafKeys(locales.de).sort())
  })

  it.each(['de', 'en'] as const)('%s has a non-empty text for every error code of the API', (locale) => {
    const missing = ERROR_CODE_LIST.filter((code) => {
      const text = lookup(locales[locale], `errors.${code}`)
      return typeof text !== 'string' || text.trim() === ''
    })
    expect(missing).toEqual([])
  })

  it.each(['de', 'en'] as const)('%s has a text for every client-side error code', (locale) => {
    for (const code of CLIENT_ERROR_CODES) expect(lookup(locales[locale], `errors.${code}`)).toEqual(expect.any(String))
  })

  it('has no error texts for codes the API does not have', () => {
    const known = [...Object.keys(ERROR_CODES), ...CLIENT_ERROR_CODES].sort()
    expect(Object.keys(de.errors).sort()).toEqual(known)
  })

  it.each(['de', 'en'] as const)('%s has a navigation label for every area', (locale) => {
    for (const area of Object.keys(AREAS)) expect(lookup(locales[locale], `nav.${area}`)).toEqual(expect.any(String))
  })

  it.each(['de', 'en'] as const)('every %s message compiles and fills its placeholders', (locale) => {
    setLocale(locale)
    for (const key of leafKeys(locales[locale])) {
      const text = i18n.global.t(key, PLACEHOLDER_VALUES)
      expect(text, key).not.toBe(key)
      expect(text, key).not.toMatch(/[{}]/)
    }
  })
})

describe('errorMessage()', () => {
  afterEach(() => setLocale('de'))

  it('translates the code of an ApiError in the current language', () => {
    const err = new ApiError(401, 'INVALID_CREDENTIALS', 'Invalid e-mail or password')
    setLocale('de')
    expect(errorMessage(err)).toBe('E-Mail-Adresse oder Passwort ist nicht korrekt.')
    setLocale('en')
    expect(errorMessage(err)).toBe('E-mail address or password is incorrect.')
  })

  it('gives a general text for anything that is not an ApiError', () => {
    expect(errorMessage(new TypeError('x is undefined'))).toBe('Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.')
  })
})

describe('setLocale()', () => {
  afterEach(() => setLocale('de'))

  it('switches the language, sets <html lang> and remembers the choice', () => {
    setLocale('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem('wohnlotse.locale')).toBe('en')
    expect(i18n.global.t('app.logout')).toBe('Sign out')
  })
})

describe('the English messages load on demand', () => {
  // A fresh copy of the module, as the first page gets it: the test setup's preloading does not reach it.
  const fresh = async () => {
    vi.resetModules()
    return import('../src/i18n/index.ts')
  }
  afterEach(() => localStorage.removeItem('wohnlotse.locale'))

  it('starts with German alone and loads English when someone switches to it', async () => {
    const m = await fresh()
    expect(m.i18n.global.availableLocales).toEqual(['de'])
    const switched = m.setLocale('en')
    expect(m.i18n.global.locale.value).toBe('de')
    await switched
    expect([m.i18n.global.locale.value, m.i18n.global.t('app.logout'), document.documentElement.lang]).toEqual(['en', 'Sign out', 'en'])
  })

  it('starts in the stored language, its messages loaded before the first paint', async () => {
    localStorage.setItem('wohnlotse.locale', 'en')
    const m = await fresh()
    expect(m.i18n.global.locale.value).toBe('de')
    await m.applyLocale()
    expect([m.i18n.global.locale.value, m.i18n.global.t('app.logout'), document.documentElement.lang]).toEqual(['en', 'Sign out', 'en'])
  })
})
