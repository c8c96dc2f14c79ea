import type { Role } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { validatePasswordChange } from '../src/views/account/password-change.ts'
import { apiError, createTestApp, fakeApi, json, session } from './helpers.ts'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

type Routes = Parameters<typeof fakeApi>[0]

async function mountAt(path: string, routes: Routes) {
  const app = createTestApp()
  const api = fakeApi(routes)
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, app, api }
}

async function signIn(w: VueWrapper) {
  await w.get('#login-email').setValue('admin@example.org')
  await w.get('#login-password').setValue('a-long-passphrase')
  await w.get('form').trigger('submit')
  await flushPromises()
}

const SETUP = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/Wohnlotse:x?secret=JBSWY3DPEHPK3PXP', qrCode: 'data:image/svg+xml;base64,PHN2Zy8+' }
const CODES = Array.from({ length: 10 }, (_, i) => `abcde-fgh${String(i).padStart(2, '2')}`)

describe('LoginView with two-factor login', () => {
  it('asks for the app code after the password (one-time-code, numeric, focused) and signs in with it', async () => {
    const { w, app, api } = await mountAt('/login', {
      'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/login': () => json(200, { mfaRequired: true, ticket: 'T1' }),
      'POST /api/auth/mfa/verify': () => json(200, session('token', 'admin')),
    })
    await signIn(w)
    const input = w.get('#login-code')
    expect(w.get('label[for="login-code"]').text()).toBe('Code aus der App')
    expect(input.attributes('autocomplete')).toBe('one-time-code')
    expect(input.attributes('inputmode')).toBe('numeric')
    expect(document.activeElement).toBe(input.element)
    expect(w.find('#login-password').exists()).toBe(false)
    await input.setValue('123 456')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === 'POST /api/auth/mfa/verify')?.body).toEqual({ ticket: 'T1', code: '123 456' })
    expect(app.router.currentRoute.value.path).toBe('/')
  })

  it('says a wrong code at the field (aria-invalid), and offers a recovery code instead', async () => {
    const { w, api } = await mountAt('/login', {
      'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/login': () => json(200, { mfaRequired: true, ticket: 'T2' }),
      'POST /api/auth/mfa/verify': () => apiError('MFA_CODE_WRONG'),
    })
    await signIn(w)
    await w.get('#login-code').setValue('000000')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#login-code').attributes('aria-invalid')).toBe('true')
    expect(w.get('#login-code').attributes('aria-describedby')).toBe('login-code-error')
    expect(w.get('#login-code-error').text()).toContain('Der Code stimmt nicht')
    await w.get('button.login__switch').trigger('click')
    expect(w.get('label[for="login-code"]').text()).toBe('Wiederherstellungscode')
    expect(w.get('#login-code').attributes('inputmode')).toBe('text')
    await w.get('#login-code').setValue('abcde-fghjk')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.filter((c) => c.route === 'POST /api/auth/mfa/verify').map((c) => c.body)).toEqual([
      { ticket: 'T2', code: '000000' },
      { ticket: 'T2', code: 'abcde-fghjk' },
    ])
  })

  it('goes back to the password with the message when the ticket has expired', async () => {
    const { w } = await mountAt('/login', {
      'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/login': () => json(200, { mfaRequired: true, ticket: 'T3' }),
      'POST /api/auth/mfa/verify': () => apiError('MFA_TICKET_INVALID'),
    })
    await signIn(w)
    await w.get('#login-code').setValue('123456')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.find('#login-password').exists()).toBe(true)
    expect(w.get('[role="alert"]').text()).toBe('Der Anmeldeschritt ist abgelaufen. Bitte melden Sie sich erneut an.')
  })

  it('forces the setup where it is required: QR code, confirm, recovery codes once, then signed in', async () => {
    const { w, app, api } = await mountAt('/login', {
      'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED'),
      'POST /api/auth/login': () => json(200, { mfaSetupRequired: true, ticket: 'S1' }),
      'POST /api/auth/mfa/setup': () => json(200, SETUP),
      'POST /api/auth/mfa/confirm': () => json(200, { recoveryCodes: CODES, ...session('token', 'admin') }),
    })
    await signIn(w)
    expect(w.get('h2').text()).toBe('Zwei-Faktor-Anmeldung einrichten')
    expect(w.get('img.mfa-setup__qr').attributes('alt')).toBe('QR-Code für die Authenticator-App')
    expect(w.get('[data-testid="mfa-secret"]').text()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
    await w.get('#mfa-setup-code').setValue('654321')
    await w.get('.mfa-setup form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === 'POST /api/auth/mfa/setup')?.body).toEqual({ ticket: 'S1' })
    expect(api.calls.find((c) => c.route === 'POST /api/auth/mfa/confirm')?.body).toEqual({ code: '654321', ticket: 'S1' })
    expect(w.findAll('[data-testid="recovery-codes"] li').map((li) => li.text())).toEqual(CODES)
    expect(document.activeElement?.id).toBe('recovery-codes-title')
    await w.findAll('button').find((b) => b.text() === 'Ich habe die Codes gesichert')!.trigger('click')
    await flushPromises()
    expect(app.router.currentRoute.value.path).toBe('/')
  })
})

const SESSIONS = {
  items: [
    { id: 'a0000000-0000-4000-8000-000000000001', device: 'Firefox on Linux', createdAt: '2026-06-01T08:00:00Z', lastUsedAt: '2026-06-02T09:30:00Z', current: true },
    { id: 'a0000000-0000-4000-8000-000000000002', device: 'Chrome on Android', createdAt: '2026-05-20T07:00:00Z', lastUsedAt: '2026-05-28T18:00:00Z', current: false },
  ],
}

async function openAccount(role: Role, routes: Routes) {
  return mountAt('/account', { 'POST /api/auth/refresh': () => json(200, session('token', role)), 'GET /api/auth/sessions': () => json(200, SESSIONS), ...routes })
}

describe('Mein Konto: Sicherheit', () => {
  it('sets up two-factor login: QR code and key, a code, then the recovery codes once', async () => {
    let enabled = false
    const { w, api } = await openAccount('coordinator', {
      'GET /api/auth/mfa': () => json(200, { enabled, enabledAt: enabled ? '2026-06-02T10:00:00Z' : null, recoveryCodesLeft: enabled ? 10 : 0, required: false }),
      'POST /api/auth/mfa/setup': () => json(200, SETUP),
      'POST /api/auth/mfa/confirm': () => {
        enabled = true
        return json(200, { recoveryCodes: CODES })
      },
    })
    expect(w.get('#account-security-title').text()).toBe('Sicherheit')
    expect(w.get('[data-testid="mfa-state"]').text()).toBe('Die Zwei-Faktor-Anmeldung ist nicht eingerichtet.')
    await w.findAll('button').find((b) => b.text() === 'Zwei-Faktor-Anmeldung einrichten')!.trigger('click')
    await flushPromises()
    expect(w.get('img.mfa-setup__qr').attributes('src')).toBe(SETUP.qrCode)
    // A wrong format is caught before sending.
    await w.get('#mfa-setup-code').setValue('12')
    await w.get('.mfa-setup form').trigger('submit')
    expect(w.get('#mfa-setup-code-error').text()).toBe('Bitte geben Sie den sechsstelligen Code aus der App ein.')
    await w.get('#mfa-setup-code').setValue('123456')
    await w.get('.mfa-setup form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === 'POST /api/auth/mfa/confirm')?.body).toEqual({ code: '123456' })
    expect(w.findAll('[data-testid="recovery-codes"] li')).toHaveLength(10)
    await w.findAll('button').find((b) => b.text() === 'Ich habe die Codes gesichert')!.trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="recovery-codes"]').exists()).toBe(false)
    expect(w.get('[data-testid="mfa-state"]').text()).toContain('Eingerichtet')
  })

  it('turns it off only with the password, and says a wrong one at the field', async () => {
    const { w, api } = await openAccount('advisor', {
      'GET /api/auth/mfa': () => json(200, { enabled: true, enabledAt: '2026-06-02T10:00:00Z', recoveryCodesLeft: 7, required: false }),
      'POST /api/auth/mfa/disable': () => apiError('CURRENT_PASSWORD_WRONG'),
    })
    expect(w.text()).toContain('Noch 7 unbenutzte Wiederherstellungscodes.')
    await w.findAll('button').find((b) => b.text() === 'Zwei-Faktor-Anmeldung ausschalten …')!.trigger('click')
    await flushPromises()
    expect(document.activeElement?.id).toBe('mfa-disable-password')
    await w.get('#mfa-disable-password').setValue('wrong-password')
    await w.get('.account-security__disable').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === 'POST /api/auth/mfa/disable')?.body).toEqual({ password: 'wrong-password' })
    expect(w.get('#mfa-disable-password').attributes('aria-invalid')).toBe('true')
  })

  it('lists the signed-in devices and signs another one out', async () => {
    const { w, api } = await openAccount('frontdesk', {
      'GET /api/auth/mfa': () => json(200, { enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false }),
      'DELETE /api/auth/sessions/a0000000-0000-4000-8000-000000000002': () => new Response(null, { status: 204 }),
    })
    const items = w.findAll('[data-testid="sessions"] li')
    expect(items.map((li) => li.get('strong').text())).toEqual(['Firefox on Linux', 'Chrome on Android'])
    expect(items[0]!.text()).toContain('Dieses Gerät')
    expect(items[0]!.find('button').exists()).toBe(false)
    const end = items[1]!.get('button')
    expect(end.attributes('aria-label')).toBe('Sitzung auf Chrome on Android beenden')
    await end.trigger('click')
    await flushPromises()
    expect(api.routes()).toContain('DELETE /api/auth/sessions/a0000000-0000-4000-8000-000000000002')
    expect(w.get('.account-security [role="status"]').text()).toBe('Die Sitzung auf Chrome on Android ist beendet.')
  })

  it('shows a failed load with a retry that loads again', async () => {
    let calls = 0
    const { w } = await openAccount('frontdesk', {
      'GET /api/auth/mfa': () =>
        ++calls === 1 ? apiError('DATABASE_UNAVAILABLE') : json(200, { enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false }),
    })
    const alert = w.get('.account-security [role="alert"]')
    expect(alert.get('p').text()).toBe(i18n.global.t('errors.DATABASE_UNAVAILABLE'))
    expect(w.find('[data-testid="sessions"]').exists()).toBe(false)
    await alert.get('button').trigger('click')
    await flushPromises()
    expect(w.find('.account-security [role="alert"]').exists()).toBe(false)
    expect(w.get('[data-testid="mfa-state"]').text()).toBe('Die Zwei-Faktor-Anmeldung ist nicht eingerichtet.')
    expect(w.findAll('[data-testid="sessions"] li')).toHaveLength(2)
  })
})

describe('passwords the API refuses', () => {
  it('checks the shared rule before sending: twelve spaces are no password', () => {
    const spaces = ' '.repeat(12)
    expect(validatePasswordChange({ currentPassword: 'dresden-demo', newPassword: spaces, repeatPassword: spaces })).toEqual({
      newPassword: 'account.password.errors.newOnlyWhitespace',
    })
  })

  it('says a common password at the new-password field', async () => {
    const { w } = await openAccount('advisor', {
      'GET /api/auth/mfa': () => json(200, { enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false }),
      'POST /api/auth/password': () => apiError('PASSWORD_TOO_COMMON'),
    })
    await w.get('#account-currentPassword').setValue('dresden-demo')
    await w.get('#account-newPassword').setValue('passwort1234')
    await w.get('#account-repeatPassword').setValue('passwort1234')
    await w.get('.password-change form').trigger('submit')
    await flushPromises()
    expect(w.get('#account-newPassword-error').text()).toBe(
      'Dieses Passwort ist zu verbreitet oder aus Datenlecks bekannt. Bitte wählen Sie eine längere Passphrase aus mehreren Wörtern.',
    )
    expect(document.activeElement?.id).toBe('account-newPassword')
  })
})
