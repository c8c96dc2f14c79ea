import type { Role } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { account } from './admin-fixtures.ts'
import { apiError, createTestApp, fakeApi, json, session } from './helpers.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('de')
})

async function open(role: Role, routes: Parameters<typeof fakeApi>[0] = {}) {
  const app = createTestApp()
  const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, session('token', role)), ...routes })
  await app.router.push('/users/new')
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, router: app.router, api }
}

const roleOptions = (w: VueWrapper) => w.findAll('#user-role option').map((o) => [o.attributes('value'), o.text()])

async function fill(w: VueWrapper, values: { name?: string; email?: string; role?: string; password?: string }) {
  if (values.name !== undefined) await w.get('#user-name').setValue(values.name)
  if (values.email !== undefined) await w.get('#user-email').setValue(values.email)
  if (values.role !== undefined) await w.get('#user-role').setValue(values.role)
  if (values.password !== undefined) await w.get('#user-password').setValue(values.password)
}

describe('UserCreateView: the role select per signed-in role', () => {
  it('offers an admin every role', async () => {
    const { w } = await open('admin')
    expect(w.get('h1').text()).toBe('Konto anlegen')
    expect(document.title).toBe('Konto anlegen – Wohnlotse')
    expect(roleOptions(w)).toEqual([
      ['', 'Bitte wählen'],
      ['admin', 'Administration'],
      ['coordinator', 'Koordination'],
      ['frontdesk', 'Empfang / Anlaufstelle'],
      ['advisor', 'Fachberatung (extern)'],
      ['city', 'Stadt (Controlling)'],
    ])
    expect(w.find('#user-role-hint').exists()).toBe(false)
  })

  it('offers a coordinator front desk, advisor and city only, and says so', async () => {
    const { w } = await open('coordinator')
    expect(roleOptions(w)).toEqual([
      ['', 'Bitte wählen'],
      ['frontdesk', 'Empfang / Anlaufstelle'],
      ['advisor', 'Fachberatung (extern)'],
      ['city', 'Stadt (Controlling)'],
    ])
    expect(w.get('#user-role-hint').text()).toBe(
      'Sie vergeben die Rollen Empfang, Fachberatung und Stadt (Controlling). Konten für Koordination und Administration legt die Administration an.',
    )
  })

  it('in English too', async () => {
    const { w } = await open('coordinator')
    setLocale('en')
    await flushPromises()
    expect(roleOptions(w).map(([, text]) => text)).toEqual(['Please choose', 'Front desk', 'External advisor', 'City (controlling)'])
  })

  it.each(['frontdesk', 'advisor', 'city'] as const)('is not there for %s', async (role) => {
    const { w } = await open(role)
    expect(w.get('h1').text()).toBe('Seite nicht gefunden')
  })
})

describe('UserCreateView: checks and answers', () => {
  it('names every problem in German before sending, and focuses the first', async () => {
    const { w, api } = await open('admin')
    await fill(w, { email: 'erika@example', password: 'zu kurz' })
    await w.get('form').trigger('submit')

    expect(w.get('#user-name-error').text()).toBe('Bitte geben Sie den Namen der Person ein.')
    expect(w.get('#user-email-error').text()).toBe('Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.')
    expect(w.get('#user-role-error').text()).toBe('Bitte wählen Sie eine Rolle.')
    expect(w.get('#user-password-error').text()).toBe('Das Passwort muss mindestens 12 Zeichen lang sein.')
    expect(w.get('#user-name').attributes('aria-invalid')).toBe('true')
    expect(w.get('#user-email').attributes('aria-describedby')).toBe('user-email-hint user-email-error')
    expect(w.get('.notice--error').text()).toBe('Bitte prüfen Sie die markierten Felder.')
    expect(document.activeElement?.id).toBe('user-name')
    expect(api.routes()).toEqual(['POST /api/auth/refresh'])
  })

  it('generates a passphrase into the field and shows it', async () => {
    const { w } = await open('admin')
    expect(w.get('#user-password').attributes('type')).toBe('password')
    await w.findAll('button').find((b) => b.text() === 'Passphrase erzeugen')!.trigger('click')
    await flushPromises()

    const value = (w.get('#user-password').element as HTMLInputElement).value
    expect(value).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){4}$/)
    expect(w.get('#user-password').attributes('type')).toBe('text')
    expect(w.get('.user-create__generate [role="status"]').text()).toBe('Eine neue Passphrase wurde erzeugt und eingetragen.')
  })

  it('puts a taken e-mail address at the field', async () => {
    const { w } = await open('admin', { 'POST /api/users': () => apiError('EMAIL_TAKEN') })
    await fill(w, { name: 'Erika Muster', email: 'advisor@example.org', role: 'advisor', password: 'eine lange passphrase' })
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(w.get('#user-email-error').text()).toBe('Für diese E-Mail-Adresse gibt es bereits ein Konto.')
    expect(document.activeElement?.id).toBe('user-email')
    expect(w.find('[role="alert"]').exists()).toBe(false)
  })

  it("puts the API's validation details at their fields", async () => {
    const { w } = await open('admin', {
      'POST /api/users': () =>
        json(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: '/email', message: 'must match format "email"' }] }),
    })
    await fill(w, { name: 'Erika Muster', email: 'erika@example.o', role: 'advisor', password: 'eine lange passphrase' })
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(w.get('#user-email-error').text()).toBe('Bitte geben Sie eine gültige E-Mail-Adresse ein.')
    expect(document.activeElement?.id).toBe('user-email')
  })

  it('creates the account and shows the password once for handing over', async () => {
    const created = account({ name: 'Erika Muster', email: 'erika@example.org' })
    const { w, api } = await open('admin', { 'POST /api/users': () => json(201, created) })
    await fill(w, { name: ' Erika Muster ', email: 'erika@example.org', role: 'advisor', password: 'eine lange passphrase' })
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.at(-1)?.body).toEqual({ name: 'Erika Muster', email: 'erika@example.org', role: 'advisor', password: 'eine lange passphrase' })
    expect(w.get('.user-create__done h2').text()).toBe('Konto für Erika Muster angelegt')
    expect(document.activeElement).toBe(w.get('.user-create__done h2').element)
    expect(w.get('.user-create__done').text()).toContain('Die Person meldet sich mit erika@example.org an und arbeitet in der Rolle Fachberatung (extern).')
    expect(w.get('[data-testid="handover-password"]').text()).toBe('eine lange passphrase')
    expect(w.get('.handover__title').text()).toBe('Erstes Passwort übergeben')
    expect(w.get('.handover__change').text()).toBe(
      'Die Person sollte dieses Passwort nach der Anmeldung unter „Mein Konto“ durch ein eigenes ersetzen – sie erreicht es über ihren Namen in der Kopfzeile. Bis dahin bewahrt sie es sicher auf, am besten in einem Passwortmanager.',
    )
    expect(w.find('form').exists()).toBe(false)

    // "Weiteres Konto anlegen" forgets the password and starts afresh.
    await w.findAll('button').find((b) => b.text() === 'Weiteres Konto anlegen')!.trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="handover-password"]').exists()).toBe(false)
    expect((w.get('#user-password').element as HTMLInputElement).value).toBe('')
    expect(document.activeElement?.id).toBe('user-name')
  })
})
