import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { auditEntry } from './admin-fixtures.ts'
import { createTestApp, fakeApi, json, session } from './helpers.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('de')
})

const USER_ID = 'b0000000-0000-4000-8000-000000000001'
const ENTRIES = [
  auditEntry({
    id: 'c0000000-0000-4000-8000-000000000003',
    before: { id: USER_ID, name: 'Erika Muster', role: 'advisor', active: true, passwordHash: 'x' },
    after: { id: USER_ID, name: 'Erika Muster', role: 'advisor', active: false, passwordHash: 'y' },
  }),
  auditEntry({ id: 'c0000000-0000-4000-8000-000000000002', action: 'report.export', entity: 'report', entityId: null, at: '2026-06-18T14:05:00Z' }),
  auditEntry({
    id: 'c0000000-0000-4000-8000-000000000001',
    actor: null,
    action: 'user.create',
    at: '2026-03-02T09:15:00Z',
    after: { id: USER_ID, name: 'Erika Muster', role: 'advisor', active: true },
  }),
]

async function open(path: string, routes: Parameters<typeof fakeApi>[0], role: 'admin' | 'coordinator' = 'admin') {
  const app = createTestApp()
  const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, session('token', role)), ...routes })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, router: app.router, api }
}

const summaries = (w: VueWrapper) =>
  w.findAll('.audit-entry').map((li) => [
    li.get('.audit-entry__time').text(),
    li.get('.audit-entry__what').text().replace(/\s+/g, ' '),
    li.get('.audit-entry__who').text().replace(/\s+/g, ' '),
  ])

describe('AuditView', () => {
  it('lists the entries newest first: when, what in words, who; unknown codes as they are', async () => {
    const { w } = await open('/audit', { 'GET /api/audit?limit=50': () => json(200, { items: ENTRIES, nextCursor: null }) })

    expect(w.get('h1').text()).toBe('Protokoll')
    expect(summaries(w)).toEqual([
      ['19.06.2026, 10:30', 'Konto geändert · Erika Muster Benutzerkonto · 1 Feld geändert', 'Ausgeführt von Adam Admin'],
      ['18.06.2026, 16:05', 'report.export report', 'Ausgeführt von Adam Admin'],
      ['02.03.2026, 10:15', 'Konto angelegt · Erika Muster Benutzerkonto · 4 Felder festgehalten', 'Ausgeführt von System'],
    ])
    expect(w.get('[data-testid="audit-list-status"]').text()).toBe('3 Einträge gefunden')
  })

  it('opens an entry to its changed fields, without secrets', async () => {
    const { w } = await open('/audit', { 'GET /api/audit?limit=50': () => json(200, { items: ENTRIES, nextCursor: null }) })
    const first = w.findAll('.audit-entry')[0]!
    const toggle = first.get('.audit-entry__toggle')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(first.get('.audit-entry__details').isVisible()).toBe(false)

    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(first.get('.audit-entry__details').attributes('id')).toBe(toggle.attributes('aria-controls'))
    expect(first.findAll('.audit-diff thead th').map((th) => th.text())).toEqual(['Feld', 'Vorher', 'Nachher'])
    expect(first.findAll('.audit-diff tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))).toEqual([['active', 'true', 'false']])
    expect(first.text()).not.toContain('passwordHash')

    // A create shows its fields as new, with "nicht vorhanden" before.
    const created = w.findAll('.audit-entry')[2]!
    await created.get('.audit-entry__toggle').trigger('click')
    expect(created.findAll('.audit-diff tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))).toEqual([
      ['id', 'nicht vorhanden', `"${USER_ID}"`],
      ['name', 'nicht vorhanden', '"Erika Muster"'],
      ['role', 'nicht vorhanden', '"advisor"'],
      ['active', 'nicht vorhanden', 'true'],
    ])

    // An entry without data says so.
    const raw = w.findAll('.audit-entry')[1]!
    await raw.get('.audit-entry__toggle').trigger('click')
    expect(raw.get('.audit-entry__none').text()).toBe('Zu diesem Eintrag sind keine Felder festgehalten.')
  })

  it('offers administrators only the audit of accounts and settings (they hold no case data)', async () => {
    const { w } = await open('/audit', { 'GET /api/audit?limit=50': () => json(200, { items: ENTRIES, nextCursor: null }) })
    expect(w.findAll('#audit-filter-entity option').map((o) => o.attributes('value'))).toEqual(['', 'user', 'settings'])
  })

  it('filters by entity type, by record id (checked first), and from an entry to its record', async () => {
    const { w, router, api } = await open('/audit', {
      'GET /api/audit?limit=50': () => json(200, { items: ENTRIES, nextCursor: null }),
      'GET /api/audit?entity=group&limit=50': () => json(200, { items: [], nextCursor: null }),
      [`GET /api/audit?entity=user&entityId=${USER_ID}&limit=50`]: () => json(200, { items: [ENTRIES[0], ENTRIES[2]], nextCursor: null }),
    }, 'coordinator')

    await w.get('#audit-filter-entity').setValue('group')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/audit?entity=group')
    expect(w.get('.empty-state p').text()).toBe('Keine Einträge zu diesen Filtern.')

    await w.get('#audit-filter-entityId').setValue('b0000000-0000')
    await w.get('form').trigger('submit')
    expect(w.get('#audit-filter-entityId-error').text()).toMatch(/^Bitte geben Sie eine vollständige ID ein/)
    expect(document.activeElement?.id).toBe('audit-filter-entityId')

    await w.get('.empty-state button').trigger('click')
    await flushPromises()
    await w.findAll('.audit-entry')[0]!.get('.audit-entry__toggle').trigger('click')
    await w.get('.audit-entry__link').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ entity: 'user', entityId: USER_ID })
    expect((w.get('#audit-filter-entityId').element as HTMLInputElement).value).toBe(USER_ID)
    expect(summaries(w).map((s) => s[1]!.split(' · ')[0])).toEqual(['Konto geändert', 'Konto angelegt'])
    // Already showing this record: no link to itself.
    await w.findAll('.audit-entry')[0]!.get('.audit-entry__toggle').trigger('click')
    expect(w.find('.audit-entry__link').exists()).toBe(false)
    expect(api.routes().filter((r) => r.startsWith('GET'))).toEqual([
      'GET /api/audit?limit=50',
      'GET /api/audit?entity=group&limit=50',
      'GET /api/audit?limit=50',
      `GET /api/audit?entity=user&entityId=${USER_ID}&limit=50`,
    ])
  })

  it('is for admins and coordinators: the front desk gets "not found"', async () => {
    const app = createTestApp()
    fakeApi({ 'POST /api/auth/refresh': () => json(200, session('token', 'frontdesk')) })
    await app.router.push('/audit')
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.get('h1').text()).toBe('Seite nicht gefunden')
  })

  it('speaks English after the switch', async () => {
    const { w } = await open('/audit', { 'GET /api/audit?limit=50': () => json(200, { items: ENTRIES, nextCursor: null }) })
    setLocale('en')
    await flushPromises()
    expect(summaries(w)[0]).toEqual(['Jun 19, 2026, 10:30 AM', 'Account changed · Erika Muster User account · 1 field changed', 'Done by Adam Admin'])
  })
})
