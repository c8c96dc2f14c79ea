import { ROLES, type Role } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import {
  emptyPasswordChange,
  toPasswordChange,
  validatePasswordChange,
  type PasswordChangeValues,
} from '../src/views/account/password-change.ts'
import { apiError, createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('de')
})

const CURRENT = 'dresden-demo'
const NEXT = 'elbe flussab zum blauen wunder'

function values(overrides: Partial<PasswordChangeValues> = {}): PasswordChangeValues {
  return { currentPassword: CURRENT, newPassword: NEXT, repeatPassword: NEXT, ...overrides }
}

describe('validatePasswordChange()', () => {
  it('accepts a current password and a new one of at least 12 characters, typed twice', () => {
    expect(validatePasswordChange(values())).toEqual({})
    expect(validatePasswordChange(values({ newPassword: 'x'.repeat(12), repeatPassword: 'x'.repeat(12) }))).toEqual({})
    expect(validatePasswordChange(values({ newPassword: 'x'.repeat(200), repeatPassword: 'x'.repeat(200) }))).toEqual({})
  })

  it('names every missing field', () => {
    expect(validatePasswordChange(emptyPasswordChange())).toEqual({
      currentPassword: 'account.password.errors.currentRequired',
      newPassword: 'account.password.errors.newRequired',
      repeatPassword: 'account.password.errors.repeatRequired',
    })
  })

  it('refuses a new password shorter than 12 or longer than 200 characters', () => {
    expect(validatePasswordChange(values({ newPassword: 'x'.repeat(11), repeatPassword: 'x'.repeat(11) }))).toEqual({
      newPassword: 'account.password.errors.newTooShort',
    })
    expect(validatePasswordChange(values({ newPassword: 'x'.repeat(201), repeatPassword: 'x'.repeat(201) }))).toEqual({
      newPassword: 'account.password.errors.newTooLong',
    })
  })

  it('refuses a new password that is the current one', () => {
    expect(validatePasswordChange(values({ newPassword: CURRENT, repeatPassword: CURRENT }))).toEqual({
      newPassword: 'account.password.errors.newSameAsCurrent',
    })
  })

  it('refuses a repetition that differs, but only says so once the new password itself is fine', () => {
    expect(validatePasswordChange(values({ repeatPassword: `${NEXT}!` }))).toEqual({
      repeatPassword: 'account.password.errors.repeatMismatch',
    })
    expect(validatePasswordChange(values({ newPassword: 'kurz', repeatPassword: 'anders' }))).toEqual({
      newPassword: 'account.password.errors.newTooShort',
    })
  })

  it('takes passwords exactly as typed: spaces count and are not trimmed', () => {
    expect(validatePasswordChange(values({ newPassword: '  elf zeichen', repeatPassword: '  elf zeichen' }))).toEqual({})
    expect(validatePasswordChange(values({ newPassword: ' '.repeat(11), repeatPassword: ' '.repeat(11) }))).toEqual({
      newPassword: 'account.password.errors.newTooShort',
    })
    expect(validatePasswordChange(values({ repeatPassword: `${NEXT} ` }))).toEqual({ repeatPassword: 'account.password.errors.repeatMismatch' })
  })
})

describe('toPasswordChange()', () => {
  it('sends the current and the new password, untouched, and never the repetition', () => {
    expect(toPasswordChange(values({ newPassword: ' mit Leerzeichen ' }))).toEqual({
      currentPassword: CURRENT,
      newPassword: ' mit Leerzeichen ',
    })
  })
})

type Routes = Record<string, (call: RecordedCall) => Response | Promise<Response>>

async function open(role: Role, routes: Routes = {}, path = '/account') {
  const app = createTestApp()
  const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, session('token', role)), ...routes })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, router: app.router, api }
}

async function fill(w: VueWrapper, v: Partial<PasswordChangeValues>) {
  if (v.currentPassword !== undefined) await w.get('#account-currentPassword').setValue(v.currentPassword)
  if (v.newPassword !== undefined) await w.get('#account-newPassword').setValue(v.newPassword)
  if (v.repeatPassword !== undefined) await w.get('#account-repeatPassword').setValue(v.repeatPassword)
}

async function submit(w: VueWrapper) {
  await w.get('.password-change form').trigger('submit')
  await flushPromises()
}

const inputValues = (w: VueWrapper) =>
  ['currentPassword', 'newPassword', 'repeatPassword'].map((f) => (w.get(`#account-${f}`).element as HTMLInputElement).value)
const fieldErrors = (w: VueWrapper) => w.findAll('.password-change .field__error').map((e) => [e.attributes('id'), e.text()])
const noContent = () => new Response(null, { status: 204 })

describe('"Mein Konto": reached from the name in the header', () => {
  it.each([...ROLES])('opens for a signed-in %s from their name, outside the role navigation', async (role) => {
    const { w, router } = await open(role, {}, '/')
    const link = w.get('.session-user a')
    expect(link.attributes('href')).toBe('/account')
    expect(link.attributes('aria-label')).toBe(`${session('x', role).user.name} – Mein Konto`)
    expect(link.attributes('aria-current')).toBeUndefined()

    await link.trigger('click')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/account')
    expect(w.get('h1').text()).toBe('Mein Konto')
    expect(document.title).toBe('Mein Konto – Wohnlotse')
    expect(w.get('.session-user a').attributes('aria-current')).toBe('page')
    expect(w.find('nav a[aria-current]').exists()).toBe(false)
  })

  it('sends a signed-out visitor to the login page with the way back', async () => {
    const app = createTestApp()
    fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })
    await app.router.push('/account')
    expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/account')
  })
})

describe('"Mein Konto": the account', () => {
  it('shows name, e-mail address and role, and who changes them', async () => {
    const { w } = await open('advisor')
    expect(w.findAll('.account__facts > div').map((d) => [d.get('dt').text(), d.get('dd').text()])).toEqual([
      ['Name', 'Ada Beraterin'],
      ['E-Mail-Adresse', 'advisor@example.org'],
      ['Rolle', 'Fachberatung (extern)'],
    ])
    expect(w.get('.account__hint').text()).toBe(
      'Name und Rolle pflegt die Koordinationsstelle. Stimmt etwas nicht, wenden Sie sich an die Administration.',
    )
  })

  it('tells an admin where their name is changed', async () => {
    const { w } = await open('admin')
    expect(w.get('.account__hint').text()).toBe(
      'Ihren Namen ändern Sie unter „Benutzer“. Rolle und Status Ihres Kontos ändert eine andere Person der Administration.',
    )
  })

  it('in English too', async () => {
    const { w } = await open('frontdesk')
    setLocale('en')
    await flushPromises()
    expect(w.get('h1').text()).toBe('My account')
    expect(w.findAll('.account__facts dt').map((d) => d.text())).toEqual(['Name', 'E-mail address', 'Role'])
    expect(w.get('.account__facts > div:last-child dd').text()).toBe('Front desk')
    expect(w.get('#password-change-title').text()).toBe('Change password')
    expect(w.get('.session-user a').attributes('aria-label')).toBe('Fritz Empfang – My account')
  })
})

describe('"Mein Konto": changing the password', () => {
  it('labels the fields for people and password managers and says what happens to other sessions', async () => {
    const { w } = await open('coordinator')
    expect(w.get('#password-change-title').text()).toBe('Passwort ändern')
    expect(w.get('.password-change__intro').text()).toBe(
      'Wenn Sie Ihr Passwort ändern, werden Sie auf allen anderen Geräten abgemeldet. Hier bleiben Sie angemeldet.',
    )
    expect(w.findAll('.password-change label').map((l) => [l.attributes('for'), l.text()])).toEqual([
      ['account-currentPassword', 'Aktuelles Passwort'],
      ['account-newPassword', 'Neues Passwort'],
      ['account-repeatPassword', 'Neues Passwort wiederholen'],
    ])
    expect(w.findAll('.password-change input').map((i) => [i.attributes('type'), i.attributes('autocomplete')])).toEqual([
      ['text', 'username'],
      ['password', 'current-password'],
      ['password', 'new-password'],
      ['password', 'new-password'],
    ])
    expect((w.get('input[autocomplete="username"]').element as HTMLInputElement).value).toBe('coordinator@example.org')
    expect(w.get('input[autocomplete="username"]').attributes('hidden')).toBeDefined()
    expect(w.get('#account-newPassword-hint').text()).toBe(
      'Mindestens 12 Zeichen. Am sichersten ist eine lange Passphrase aus mehreren Wörtern, die nur Sie kennen.',
    )
    expect(w.get('#account-newPassword').attributes('aria-describedby')).toBe('account-newPassword-hint')
  })

  it('names every problem in German before sending, and focuses the first', async () => {
    const { w, api } = await open('coordinator')
    await submit(w)
    expect(fieldErrors(w)).toEqual([
      ['account-currentPassword-error', 'Bitte geben Sie Ihr aktuelles Passwort ein.'],
      ['account-newPassword-error', 'Bitte geben Sie ein neues Passwort ein.'],
      ['account-repeatPassword-error', 'Bitte wiederholen Sie das neue Passwort.'],
    ])
    expect(w.get('.password-change .notice--error').text()).toBe('Bitte prüfen Sie die markierten Felder.')
    expect(document.activeElement?.id).toBe('account-currentPassword')
    expect(w.get('#account-currentPassword').attributes('aria-invalid')).toBe('true')
    expect(w.get('#account-newPassword').attributes('aria-describedby')).toBe('account-newPassword-hint account-newPassword-error')

    await fill(w, { currentPassword: CURRENT, newPassword: 'zu kurz', repeatPassword: 'zu kurz' })
    await submit(w)
    expect(fieldErrors(w)).toEqual([['account-newPassword-error', 'Das neue Passwort muss mindestens 12 Zeichen lang sein.']])
    expect(document.activeElement?.id).toBe('account-newPassword')

    await fill(w, { newPassword: CURRENT, repeatPassword: CURRENT })
    await submit(w)
    expect(fieldErrors(w)).toEqual([['account-newPassword-error', 'Das neue Passwort muss sich vom aktuellen unterscheiden.']])

    await fill(w, { newPassword: NEXT, repeatPassword: 'elbe flussab zum blauen Wunder' })
    await submit(w)
    expect(fieldErrors(w)).toEqual([['account-repeatPassword-error', 'Die Wiederholung stimmt nicht mit dem neuen Passwort überein.']])
    expect(document.activeElement?.id).toBe('account-repeatPassword')

    expect(api.routes()).not.toContain('POST /api/auth/password')
  })

  it('changes the password, forgets what was typed and says so in the live region', async () => {
    const { w, api } = await open('coordinator', { 'POST /api/auth/password': noContent })
    await fill(w, values())
    await w.get('.password-change__show').trigger('click')
    await submit(w)

    expect(api.calls.filter((c) => c.route === 'POST /api/auth/password').map((c) => [c.authorization, c.body])).toEqual([
      ['Bearer token', { currentPassword: CURRENT, newPassword: NEXT }],
    ])
    expect(inputValues(w)).toEqual(['', '', ''])
    expect(w.get('.password-change [role="status"]').text()).toBe(
      'Ihr Passwort wurde geändert. Auf allen anderen Geräten sind Sie jetzt abgemeldet.',
    )
    expect(w.findAll('.password-change .field__input').map((i) => i.attributes('type'))).toEqual(['password', 'password', 'password'])
    expect(w.get('.password-change__show').attributes('aria-pressed')).toBe('false')
    expect(fieldErrors(w)).toEqual([])

    // Typing again clears the message, so it never stands next to a new attempt.
    await w.get('#account-currentPassword').setValue('n')
    expect(w.get('.password-change [role="status"]').text()).toBe('')
  })

  it('puts a wrong current password at its field', async () => {
    const { w } = await open('advisor', {
      'POST /api/auth/password': () =>
        json(422, {
          statusCode: 422,
          code: 'CURRENT_PASSWORD_WRONG',
          message: 'The current password is not correct',
          details: [{ path: '/currentPassword', message: 'wrong password' }],
        }),
    })
    await fill(w, values({ currentPassword: 'falsch geraten' }))
    await submit(w)

    expect(fieldErrors(w)).toEqual([
      ['account-currentPassword-error', 'Das aktuelle Passwort stimmt nicht. Bitte geben Sie es erneut ein.'],
    ])
    expect(document.activeElement?.id).toBe('account-currentPassword')
    expect(w.find('.password-change [role="alert"]').exists()).toBe(false)
    expect(w.get('.password-change [role="status"]').text()).toBe('')
  })

  it("puts the API's validation details at their fields", async () => {
    const { w } = await open('advisor', {
      'POST /api/auth/password': () =>
        json(400, {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'body/newPassword must NOT have fewer than 12 characters',
          details: [{ path: '/newPassword', message: 'must NOT have fewer than 12 characters' }],
        }),
    })
    await fill(w, values())
    await submit(w)
    expect(fieldErrors(w)).toEqual([['account-newPassword-error', 'Das neue Passwort muss 12 bis 200 Zeichen lang sein.']])
    expect(document.activeElement?.id).toBe('account-newPassword')
  })

  it('shows any other failure as an alert and keeps what was typed', async () => {
    const { w } = await open('frontdesk', { 'POST /api/auth/password': () => apiError('INTERNAL_ERROR') })
    await fill(w, values())
    await submit(w)
    const alert = w.get('.password-change [role="alert"]')
    expect(alert.text()).toBe(i18n.global.t('errors.INTERNAL_ERROR'))
    expect(document.activeElement).toBe(alert.element)
    expect(inputValues(w)).toEqual([CURRENT, NEXT, NEXT])
  })

  it('shows and hides all three passwords with one toggle', async () => {
    const { w } = await open('coordinator')
    const toggle = w.get('.password-change__show')
    const types = () => w.findAll('.password-change .field__input').map((i) => i.attributes('type'))
    expect(toggle.text()).toBe('Passwörter anzeigen')
    expect(toggle.attributes('aria-controls')).toBe('account-currentPassword account-newPassword account-repeatPassword')
    expect([toggle.attributes('aria-pressed'), ...types()]).toEqual(['false', 'password', 'password', 'password'])

    await toggle.trigger('click')
    expect([toggle.attributes('aria-pressed'), ...types()]).toEqual(['true', 'text', 'text', 'text'])
    await toggle.trigger('click')
    expect([toggle.attributes('aria-pressed'), ...types()]).toEqual(['false', 'password', 'password', 'password'])
  })
})
