import type { Role, User } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RecordedCall } from './helpers.ts'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { account, SELF_ID } from './admin-fixtures.ts'
import { apiError, createTestApp, fakeApi, json, session, sessionUser } from './helpers.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('de')
})

const ERIKA = account()
const TOM = account({ id: 'b0000000-0000-4000-8000-000000000002', name: 'Tom Becker', email: 'frontdesk@example.org', role: 'frontdesk', active: false, createdAt: '2026-01-10T08:00:00Z' })
const KATRIN = account({ id: 'b0000000-0000-4000-8000-000000000003', name: 'Katrin Lehmann', email: 'coordinator@example.org', role: 'coordinator', mfaEnabled: true })

function me(role: Role): User {
  const s = sessionUser(role)
  return account({ id: SELF_ID, name: s.name, email: s.email, role })
}

async function open(role: Role, path: string, routes: Parameters<typeof fakeApi>[0]) {
  const app = createTestApp()
  const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, session('token', role)), ...routes })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, router: app.router, api }
}

const rows = (w: VueWrapper) => w.findAll('.user-table tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text().replace(/\s+/g, ' ')))
const row = (w: VueWrapper, name: string) => w.findAll('.user-table tbody tr').find((tr) => tr.get('th').text().startsWith(name))!
const buttons = (w: VueWrapper, name: string) => row(w, name).findAll('button, a').map((b) => b.text())
/** A row's control by its accessible name, e.g. "Erika Muster deaktivieren". */
const control = (w: VueWrapper, label: string) => w.get(`.user-table [aria-label="${label}"]`)

describe('UsersView as admin', () => {
  const list = () => json(200, { items: [me('admin'), ERIKA, KATRIN, TOM], nextCursor: null })

  it('lists the accounts with role, status, two-factor login and since when, and marks the own one "Sie"', async () => {
    const { w } = await open('admin', '/users', { 'GET /api/users?limit=50': list })

    expect(w.get('h1').text()).toBe('Benutzer')
    expect(document.title).toBe('Benutzer – Wohnlotse')
    expect(w.findAll('.user-table thead th').map((th) => th.text())).toEqual(['Name', 'E-Mail-Adresse', 'Rolle', 'Status', 'Zwei-Faktor', 'Angelegt am', 'Aktionen'])
    expect(rows(w).map((r) => r.slice(0, 6))).toEqual([
      ['Adam Admin Sie', 'admin@example.org', 'Administration', 'Aktiv', 'nicht eingerichtet', '02.03.2026'],
      ['Erika Muster', 'erika.muster@example.org', 'Fachberatung (extern)', 'Aktiv', 'nicht eingerichtet', '02.03.2026'],
      ['Katrin Lehmann', 'coordinator@example.org', 'Koordination', 'Aktiv', 'eingerichtet', '02.03.2026'],
      ['Tom Becker', 'frontdesk@example.org', 'Empfang / Anlaufstelle', 'Deaktiviert', 'nicht eingerichtet', '10.01.2026'],
    ])
    expect(w.get('[data-testid="user-list-status"]').text()).toBe('4 Konten gefunden')
    expect(w.get('a[href="/users/new"]').text()).toBe('Konto anlegen')
  })

  it('offers on the own account only renaming, and says why', async () => {
    const { w } = await open('admin', '/users', { 'GET /api/users?limit=50': list })

    expect(buttons(w, 'Adam Admin')).toEqual(['Bearbeiten', 'Protokoll', 'Eigenes Passwort ändern'])
    expect(row(w, 'Adam Admin').get('.user-table__why').text()).toBe(
      'Ihr eigenes Konto: Deaktivieren und Rollenwechsel nur durch eine andere Person der Administration.',
    )
    // One's own password is changed on "Mein Konto", with the current one.
    expect(row(w, 'Adam Admin').get('.user-table__own-password a').attributes('href')).toBe('/account')
    expect(buttons(w, 'Erika Muster')).toEqual(['Bearbeiten', 'Neues Passwort', 'Deaktivieren', 'Protokoll'])
    // A deactivated account is activated first; then it can get a new password.
    expect(buttons(w, 'Tom Becker')).toEqual(['Bearbeiten', 'Aktivieren', 'Protokoll'])
    expect(row(w, 'Erika Muster').get('a').attributes('href')).toBe(`/audit?entity=user&entityId=${ERIKA.id}`)
    expect(control(w, 'Neues Passwort für Erika Muster vergeben').attributes('aria-haspopup')).toBe('dialog')
    expect(row(w, 'Erika Muster').find('button').attributes('aria-label')).toBe('Erika Muster bearbeiten')

    // The role of the own account is shown locked in the edit dialog, with the reason.
    await row(w, 'Adam Admin').get('button').trigger('click')
    const dialog = w.get('dialog[open]')
    expect(dialog.get('h2').text()).toBe('Adam Admin bearbeiten')
    expect(dialog.get('#user-edit-role').attributes('disabled')).toBeDefined()
    expect(dialog.get('#user-edit-role-hint').text()).toMatch(/^Ihre eigene Rolle können Sie nicht ändern/)
  })

  it('deactivates after a confirmation that explains the sessions end at once', async () => {
    const { w, api } = await open('admin', '/users', {
      'GET /api/users?limit=50': list,
      [`PATCH /api/users/${ERIKA.id}`]: () => json(200, { ...ERIKA, active: false }),
    })

    await control(w, 'Erika Muster deaktivieren').trigger('click')
    const dialog = w.get('dialog[open]')
    expect(dialog.get('h2').text()).toBe('Erika Muster deaktivieren?')
    expect(dialog.get('.modal__description').text()).toBe(
      'Erika Muster wird sofort auf allen Geräten abgemeldet und kann sich nicht mehr anmelden.',
    )
    expect(api.routes()).not.toContain(`PATCH /api/users/${ERIKA.id}`)

    await dialog.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.find((c) => c.route.startsWith('PATCH'))?.body).toEqual({ active: false })
    expect(rows(w)[1]![3]).toBe('Deaktiviert')
    expect(buttons(w, 'Erika Muster')).toEqual(['Bearbeiten', 'Aktivieren', 'Protokoll'])
    expect(w.get('[data-testid="user-notice"]').text()).toBe('Das Konto von Erika Muster ist deaktiviert. Die Person wurde überall abgemeldet.')
  })

  it('activates at once, and shows a refusal of the API as an alert', async () => {
    const { w, api } = await open('admin', '/users', {
      'GET /api/users?limit=50': list,
      [`PATCH /api/users/${TOM.id}`]: () => json(200, { ...TOM, active: true }),
      [`PATCH /api/users/${ERIKA.id}`]: () => apiError('CANNOT_CHANGE_OWN_ACCOUNT'),
    })

    await control(w, 'Tom Becker aktivieren').trigger('click')
    await flushPromises()
    expect(api.calls.at(-1)?.body).toEqual({ active: true })
    expect(rows(w)[3]![3]).toBe('Aktiv')
    expect(w.get('[data-testid="user-notice"]').text()).toBe('Das Konto von Tom Becker ist wieder aktiv. Die Person kann sich anmelden.')

    await control(w, 'Erika Muster deaktivieren').trigger('click')
    await w.get('dialog[open] form').trigger('submit')
    await flushPromises()
    expect(w.get('dialog[open] [role="alert"]').text()).toBe(
      'Ihr eigenes Konto können Sie nicht deaktivieren, und Ihre eigene Rolle können Sie nicht ändern.',
    )
  })

  it('renames and changes the role, sending only what changed', async () => {
    const { w, api } = await open('admin', '/users', {
      'GET /api/users?limit=50': list,
      [`PATCH /api/users/${ERIKA.id}`]: (call) => json(200, { ...ERIKA, ...(call.body as object) }),
    })

    await row(w, 'Erika Muster').get('button').trigger('click')
    const dialog = w.get('dialog[open]')
    expect(dialog.findAll('#user-edit-role option').map((o) => o.text())).toEqual([
      'Administration',
      'Koordination',
      'Empfang / Anlaufstelle',
      'Fachberatung (extern)',
      'Stadt (Controlling)',
    ])
    await dialog.get('#user-edit-name').setValue('')
    await dialog.get('form').trigger('submit')
    expect(dialog.get('#user-edit-name-error').text()).toBe('Bitte geben Sie den Namen der Person ein.')
    expect(document.activeElement?.id).toBe('user-edit-name')

    await dialog.get('#user-edit-name').setValue('Erika Muster-Lang')
    await dialog.get('#user-edit-role').setValue('frontdesk')
    await dialog.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.at(-1)?.body).toEqual({ name: 'Erika Muster-Lang', role: 'frontdesk' })
    expect(rows(w)[1]!.slice(0, 3)).toEqual(['Erika Muster-Lang', 'erika.muster@example.org', 'Empfang / Anlaufstelle'])
    expect(w.get('[data-testid="user-notice"]').text()).toBe('Die Änderungen am Konto von Erika Muster-Lang wurden gespeichert.')
  })

  it('filters by role and status through the address', async () => {
    const { w, router, api } = await open('admin', '/users', {
      'GET /api/users?limit=50': list,
      'GET /api/users?role=advisor&limit=50': () => json(200, { items: [ERIKA], nextCursor: null }),
      'GET /api/users?role=advisor&active=false&limit=50': () => json(200, { items: [], nextCursor: null }),
    })

    await w.get('#user-filter-role').setValue('advisor')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/users?role=advisor')
    expect(rows(w).map((r) => r[0])).toEqual(['Erika Muster'])

    await w.get('#user-filter-active').setValue('false')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ role: 'advisor', active: 'false' })
    expect(w.get('.empty-state p').text()).toBe('Kein Konto passt zu den Filtern.')
    expect(w.get('[data-testid="user-list-status"]').text()).toBe('Kein Konto gefunden')

    await w.get('.empty-state button').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/users')
    expect(api.routes().filter((r) => r.startsWith('GET /api/users'))).toEqual([
      'GET /api/users?limit=50',
      'GET /api/users?role=advisor&limit=50',
      'GET /api/users?role=advisor&active=false&limit=50',
      'GET /api/users?limit=50',
    ])
  })

  it('loads more with the cursor', async () => {
    const { w } = await open('admin', '/users', {
      'GET /api/users?limit=50': () => json(200, { items: [ERIKA], nextCursor: 'next-1' }),
      'GET /api/users?limit=50&cursor=next-1': () => json(200, { items: [TOM], nextCursor: null }),
    })
    expect(w.get('[data-testid="user-list-status"]').text()).toBe('1 Konten angezeigt, weitere vorhanden')

    await w.get('.paged-results__more button').trigger('click')
    await flushPromises()
    expect(rows(w).map((r) => r[0])).toEqual(['Erika Muster', 'Tom Becker'])
    expect(w.find('.paged-results__more').exists()).toBe(false)
    expect(document.activeElement?.textContent?.trim()).toBe('Bearbeiten')
  })
})

describe('UsersView as coordinator', () => {
  it('shows admin and coordinator accounts read-only, the own one included, with a link to each history', async () => {
    const { w } = await open('coordinator', '/users', {
      'GET /api/users?limit=50': () => json(200, { items: [ERIKA, me('coordinator'), KATRIN, TOM], nextCursor: null }),
    })

    expect(w.get('.users__intro').text()).toMatch(/^Sie legen Konten für die Anlaufstelle und für externe Fachberater:innen an/)
    expect(buttons(w, 'Erika Muster')).toEqual(['Bearbeiten', 'Neues Passwort', 'Deaktivieren', 'Protokoll'])
    expect(buttons(w, 'Tom Becker')).toEqual(['Bearbeiten', 'Aktivieren', 'Protokoll'])
    for (const name of ['Kora Koordinatorin', 'Katrin Lehmann']) {
      expect(row(w, name).findAll('button')).toEqual([])
      expect(row(w, name).get('.user-table__why').text()).toBe('Nur die Administration kann dieses Konto ändern.')
    }
    // Their own password is theirs to change, on "Mein Konto".
    expect(buttons(w, 'Kora Koordinatorin')).toEqual(['Eigenes Passwort ändern'])
    expect(buttons(w, 'Katrin Lehmann')).toEqual([])
    expect(row(w, 'Kora Koordinatorin').get('th').text()).toBe('Kora Koordinatorin Sie')

    // Changing an advisor, the coordinator can only hand out front desk and advisor.
    await row(w, 'Erika Muster').get('button').trigger('click')
    expect(w.get('dialog[open]').findAll('#user-edit-role option').map((o) => o.text())).toEqual(['Empfang / Anlaufstelle', 'Fachberatung (extern)', 'Stadt (Controlling)'])
  })
})

describe('UsersView: a new password for someone who lost theirs', () => {
  const list = () => json(200, { items: [me('admin'), ERIKA, KATRIN, TOM], nextCursor: null })
  const resetRoute = `POST /api/users/${ERIKA.id}/password`

  afterEach(() => vi.restoreAllMocks())

  async function openDialog(answer: (call: RecordedCall) => Response) {
    const opened = await open('admin', '/users', { 'GET /api/users?limit=50': list, [resetRoute]: answer })
    const trigger = control(opened.w, 'Neues Passwort für Erika Muster vergeben')
    ;(trigger.element as HTMLButtonElement).focus()
    await trigger.trigger('click')
    await flushPromises()
    return { ...opened, trigger, dialog: opened.w.get('dialog[open]') }
  }

  it('says first that the person is signed out everywhere, with the safe choice focused, and sends nothing yet', async () => {
    const { dialog, api } = await openDialog(() => new Response(null, { status: 204 }))

    expect(dialog.get('h2').text()).toBe('Neues Passwort für Erika Muster')
    expect(dialog.get('.modal__description').text()).toBe(
      'Erika Muster wird sofort auf allen Geräten abgemeldet. Das bisherige Passwort gilt dann nicht mehr.',
    )
    expect(dialog.get('.password-reset__how').text()).toBe(
      'Wohnlotse erzeugt eine Passphrase, die Sie der Person persönlich oder telefonisch weitergeben. Sie wird nur einmal angezeigt.',
    )
    expect(dialog.findAll('button').map((b) => b.text())).toEqual(['Neues Passwort vergeben', 'Abbrechen'])
    expect(document.activeElement?.textContent?.trim()).toBe('Abbrechen')
    expect(dialog.find('.handover').exists()).toBe(false)
    expect(api.routes()).not.toContain(resetRoute)
  })

  it('sets a generated passphrase, shows it once for handing over, and announces it when closed', async () => {
    // Random bytes 0, 1, 2, … give the alphabet in order (see the generator's own tests).
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((bytes) => {
      if (bytes instanceof Uint8Array) bytes.forEach((_, i) => (bytes[i] = i))
      return bytes
    })
    const { w, dialog, api, trigger } = await openDialog(() => new Response(null, { status: 204 }))

    await dialog.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.filter((c) => c.route === resetRoute).map((c) => c.body)).toEqual([{ password: 'abcde-fghij-kmnpq-rstuv-wxyz2' }])
    expect(dialog.find('form').exists()).toBe(false)
    expect(dialog.get('.notice--success').text()).toBe('Das neue Passwort gilt ab sofort. Erika Muster wurde auf allen Geräten abgemeldet.')
    expect(document.activeElement).toBe(dialog.get('.notice--success').element)
    expect(dialog.get('.handover__title').text()).toBe('Neues Passwort übergeben')
    expect(dialog.get('[data-testid="handover-password"]').text()).toBe('abcde-fghij-kmnpq-rstuv-wxyz2')
    expect(dialog.get('.handover__change').text()).toMatch(/^Die Person sollte dieses Passwort nach der Anmeldung unter „Mein Konto“/)
    expect(w.find('[data-testid="user-notice"]').exists()).toBe(false)

    await dialog.findAll('button').find((b) => b.text() === 'Fertig')!.trigger('click')
    await flushPromises()
    expect((dialog.element as HTMLDialogElement).open).toBe(false)
    expect(dialog.find('.handover').exists()).toBe(false)
    expect(w.get('[data-testid="user-notice"]').text()).toBe('Erika Muster hat ein neues Passwort und wurde auf allen Geräten abgemeldet.')
    expect(document.activeElement).toBe(trigger.element)
  })

  it('announces the new password also when the dialog is closed with Escape', async () => {
    const { w, dialog } = await openDialog(() => new Response(null, { status: 204 }))
    await dialog.get('form').trigger('submit')
    await flushPromises()

    ;(dialog.element as HTMLDialogElement).close()
    await flushPromises()
    expect(w.get('[data-testid="user-notice"]').text()).toBe('Erika Muster hat ein neues Passwort und wurde auf allen Geräten abgemeldet.')
  })

  it('cancels without a call and without a notice', async () => {
    const { w, dialog, api } = await openDialog(() => new Response(null, { status: 204 }))
    await dialog.findAll('button').find((b) => b.text() === 'Abbrechen')!.trigger('click')
    await flushPromises()
    expect((dialog.element as HTMLDialogElement).open).toBe(false)
    expect(api.routes()).not.toContain(resetRoute)
    expect(w.find('[data-testid="user-notice"]').exists()).toBe(false)
  })

  it.each([
    ['ROLE_NOT_ALLOWED', 'Konten mit dieser Rolle können Sie nicht anlegen oder ändern.'],
    ['CANNOT_CHANGE_OWN_ACCOUNT', 'Ihr eigenes Passwort ändern Sie unter „Mein Konto“.'],
  ] as const)('shows a refusal (%s) in the dialog and no passphrase', async (code, text) => {
    const { dialog } = await openDialog(() => apiError(code))
    await dialog.get('form').trigger('submit')
    await flushPromises()

    expect(dialog.get('[role="alert"]').text()).toBe(text)
    expect(document.activeElement).toBe(dialog.get('[role="alert"]').element)
    expect(dialog.find('.handover').exists()).toBe(false)
    expect(dialog.find('form').exists()).toBe(true)
  })
})

describe('UsersView: resetting a second factor', () => {
  const list = () => json(200, { items: [me('admin'), ERIKA, KATRIN, TOM], nextCursor: null })

  it('offers admins the reset only for accounts with two-factor login, asks first, then shows it as not set up', async () => {
    const { w, api } = await open('admin', '/users', {
      'GET /api/users?limit=50': list,
      [`POST /api/users/${KATRIN.id}/mfa/reset`]: () => new Response(null, { status: 204 }),
    })
    expect(w.findAll('button').filter((b) => b.text() === '2FA zurücksetzen')).toHaveLength(1)
    await control(w, 'Zwei-Faktor-Anmeldung von Katrin Lehmann zurücksetzen').trigger('click')
    await flushPromises()
    const dialog = w.get('dialog[open]')
    expect(dialog.get('h2').text()).toBe('Zwei-Faktor-Anmeldung von Katrin Lehmann zurücksetzen?')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.routes()).toContain(`POST /api/users/${KATRIN.id}/mfa/reset`)
    expect(row(w, 'Katrin Lehmann').get('[data-testid="mfa-cell"]').text()).toBe('nicht eingerichtet')
    expect(w.findAll('button').filter((b) => b.text() === '2FA zurücksetzen')).toHaveLength(0)
  })

  it('offers coordinators no reset', async () => {
    const { w } = await open('coordinator', '/users', {
      'GET /api/users?limit=50': () => json(200, { items: [ERIKA, me('coordinator'), { ...TOM, active: true, mfaEnabled: true }], nextCursor: null }),
    })
    expect(w.findAll('button').filter((b) => b.text() === '2FA zurücksetzen')).toHaveLength(0)
  })
})

describe('UsersView: requiring two-factor login', () => {
  it('lets admins require it for admins and coordinators', async () => {
    const { w, api } = await open('admin', '/users', {
      'GET /api/users?limit=50': () => json(200, { items: [me('admin')], nextCursor: null }),
      'GET /api/auth/mfa/policy': () => json(200, { requiredForStaff: false }),
      'PUT /api/auth/mfa/policy': (call) => json(200, call.body),
    })
    const box = w.get('[data-testid="mfa-policy"]')
    expect((box.element as HTMLInputElement).checked).toBe(false)
    await box.setValue(true)
    await flushPromises()
    expect(api.calls.find((c) => c.route === 'PUT /api/auth/mfa/policy')?.body).toEqual({ requiredForStaff: true })
    expect(w.get('.mfa-policy [role="status"]').text()).toBe('Die Zwei-Faktor-Anmeldung ist jetzt für Administration und Koordination vorgeschrieben.')
  })
})
