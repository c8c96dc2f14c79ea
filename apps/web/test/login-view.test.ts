import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { apiError, createTestApp, deferred, fakeApi, json, session } from './helpers.ts'

describe('LoginView', () => {
  let app: ReturnType<typeof createTestApp>
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    app = createTestApp()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  async function openLogin(path = '/login'): Promise<VueWrapper> {
    await app.router.push(path)
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    return wrapper
  }

  async function fillAndSubmit(w: VueWrapper, email: string, password: string): Promise<void> {
    await w.get('#login-email').setValue(email)
    await w.get('#login-password').setValue(password)
    await w.get('form').trigger('submit')
  }

  it('has visible labels and autocomplete hints', async () => {
    fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })
    const w = await openLogin()

    expect(w.get('h1').text()).toBe('Anmelden')
    expect(w.get('label[for="login-email"]').text()).toBe('E-Mail-Adresse')
    expect(w.get('label[for="login-password"]').text()).toBe('Passwort')
    expect(w.get('#login-email').attributes('autocomplete')).toBe('username')
    expect(w.get('#login-password').attributes('autocomplete')).toBe('current-password')
    expect(w.get('button[type="submit"]').text()).toBe('Anmelden')
  })

  it('shows the translated error in an alert and moves focus to it when the password is wrong', async () => {
    const api = fakeApi({
      'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/login': () => apiError('INVALID_CREDENTIALS', 'Invalid e-mail or password'),
    })
    const w = await openLogin()

    await fillAndSubmit(w, ' coordinator@example.org ', 'falsches-passwort')
    await flushPromises()

    const alert = w.get('[role="alert"]')
    expect(alert.text()).toBe('E-Mail-Adresse oder Passwort ist nicht korrekt.')
    expect(document.activeElement).toBe(alert.element)
    expect(api.calls.at(-1)?.body).toEqual({ email: 'coordinator@example.org', password: 'falsches-passwort' })
    expect(app.router.currentRoute.value.name).toBe('login')
  })

  it('shows the rate-limit message in the chosen language', async () => {
    fakeApi({
      'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/login': () => apiError('TOO_MANY_ATTEMPTS'),
    })
    const w = await openLogin()
    setLocale('en')

    await fillAndSubmit(w, 'coordinator@example.org', 'x')
    await flushPromises()

    expect(w.get('[role="alert"]').text()).toBe('Too many attempts. Please wait a few minutes and try again.')
    setLocale('de')
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe(
      'Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
    )
  })

  it('marks empty fields, focuses the first one and sends nothing', async () => {
    const api = fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })
    const w = await openLogin()

    await fillAndSubmit(w, '   ', '')

    expect(w.get('#login-email').attributes('aria-invalid')).toBe('true')
    expect(w.get('#login-email-error').text()).toBe('Bitte geben Sie Ihre E-Mail-Adresse ein.')
    expect(w.get('#login-email').attributes('aria-describedby')).toBe('login-email-error')
    expect(w.get('#login-password-error').text()).toBe('Bitte geben Sie Ihr Passwort ein.')
    expect(document.activeElement).toBe(w.get('#login-email').element)
    expect(api.routes()).toEqual(['POST /api/auth/refresh'])
  })

  it('shows progress on the button while signing in, then goes to the return path', async () => {
    const answer = deferred<Response>()
    fakeApi({
      'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/login': () => answer.promise,
    })
    const w = await openLogin('/reports')
    expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/reports')

    await fillAndSubmit(w, 'coordinator@example.org', 'dresden-demo')
    expect(w.get('button[type="submit"]').text()).toBe('Anmelden …')
    expect(w.get('button[type="submit"]').attributes('aria-disabled')).toBe('true')

    answer.resolve(json(200, session('token')))
    // The Berichte page is loaded on first use: wait for its code, not just for the answer.
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe('/reports'), { timeout: 10_000 })
    await flushPromises()
    expect(w.get('h1').text()).toBe('Berichte')
  })

  it('tells the person when they were sent here because their session ended', async () => {
    fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })
    const w = await openLogin('/login?redirect=/reports&reason=expired')

    expect(w.get('[role="status"]').text()).toBe('Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.')
  })
})
