import type { Group } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../src/i18n/index.ts'
import { useAuthStore } from '../src/stores/auth.ts'
import GroupGrantsPanel from '../src/views/fachberatung/GroupGrantsPanel.vue'
import { contractValidity, newContractForm, toContractCreate, toContractPatch, validateContractForm } from '../src/views/fachberatung/contract-form.ts'
import { GRANT_ID, GROUP_ID, PAUL, contract, grant } from './fachberatung-fixtures.ts'
import { apiError, createTestApp, deferred, fakeApi, json } from './helpers.ts'

const NBSP = '\u00a0'
const GRANTS = `GET /api/grants?groupId=${GROUP_ID}&limit=200`

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-20T12:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

type PanelGroup = Pick<Group, 'id' | 'name' | 'stage' | 'status'>
const expertGroup: PanelGroup = { id: GROUP_ID, name: 'Genossenschaftsinitiative Elbwiese', stage: 'expert', status: 'active' }

async function mountPanel(group: PanelGroup, routes: Parameters<typeof fakeApi>[0] = {}) {
  const app = createTestApp()
  useAuthStore().accessToken = 'token'
  const api = fakeApi({ [GRANTS]: () => json(200, { items: [grant()], nextCursor: null }), ...routes })
  wrapper = mount(GroupGrantsPanel, {
    props: { group },
    global: { plugins: [app.pinia, app.router, i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  return { w: wrapper, api }
}

const button = (w: VueWrapper, text: string) => w.findAll('button').find((b) => b.text().startsWith(text))

describe('GroupGrantsPanel', () => {
  it("shows the group's grants with their hours, and offers a grant only in Stufe III", async () => {
    const { w } = await mountPanel(expertGroup)
    expect(w.get('.group-grants__advisor').text()).toBe('Miriam Hoffmann · RV-2025-01')
    expect(w.get('[data-testid="remaining-hours"]').text()).toBe(`4,75${NBSP}Std.`)
    expect(w.text()).toContain(`Gebunden: 900,00${NBSP}€ (Beraterbudget 2026)`)
    expect(button(w, 'Fachberatung gewähren')).toBeDefined()

    wrapper?.unmount()
    const concept = await mountPanel({ ...expertGroup, stage: 'concept' }, { [GRANTS]: () => json(200, { items: [], nextCursor: null }) })
    expect(button(concept.w, 'Fachberatung gewähren')).toBeUndefined()
    expect(concept.w.text()).toContain('Kontingente für Fachberatung gibt es ab Stufe III – Fachberatung.')
  })

  it("follows the list's pages, so every grant of the group is shown", async () => {
    const second = grant({ id: '99999999-9999-4999-8999-999999999999', contractNumber: 'RV-2024-07', advisorName: 'Paul Schubert' })
    const { w, api } = await mountPanel(expertGroup, {
      [GRANTS]: () => json(200, { items: [grant()], nextCursor: 'page-2' }),
      [`${GRANTS}&cursor=page-2`]: () => json(200, { items: [second], nextCursor: null }),
    })
    expect(w.findAll('.group-grants__advisor').map((a) => a.text())).toEqual(['Miriam Hoffmann · RV-2025-01', 'Paul Schubert · RV-2024-07'])
    expect(api.routes().filter((r) => r.startsWith('GET /api/grants'))).toEqual([GRANTS, `${GRANTS}&cursor=page-2`])
  })

  it('grants the default hours under a contract in force, showing the money it commits', async () => {
    const paul = contract({ id: '77777777-7777-4777-8777-777777777777', advisorId: PAUL, advisorName: 'Paul Schubert', number: 'RV-2025-02', hourlyRateCents: 8500, maxMinutes: null })
    const expired = contract({ id: '88888888-8888-4888-8888-888888888888', number: 'RV-2023-09', validUntil: '2025-12-31' })
    const full = contract({ id: '99999999-9999-4999-8999-999999999999', number: 'RV-2025-05', maxMinutes: 600, grantedMinutes: 600 })
    const { w, api } = await mountPanel(expertGroup, {
      'GET /api/contracts': () => json(200, { items: [contract(), paul, expired, full] }),
      'GET /api/settings': () => json(200, { defaultGrantMinutes: 600 }),
      [`POST /api/groups/${GROUP_ID}/grants`]: (call) =>
        json(201, grant({ id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', contractId: paul.id, advisorName: 'Paul Schubert', committedCents: 85_000, ...(call.body as object) })),
    })
    await button(w, 'Fachberatung gewähren')!.trigger('click')
    await flushPromises()

    const select = w.get('.grant-form select')
    expect(select.findAll('option:not([disabled])').map((o) => o.text())).toEqual([
      `RV-2025-01 – Miriam Hoffmann (90,00${NBSP}€ je Stunde) · noch 178,0${NBSP}Std. Volumen`,
      `RV-2025-02 – Paul Schubert (85,00${NBSP}€ je Stunde)`,
    ])
    expect((w.get('.grant-form input').element as HTMLInputElement).value).toBe('10')
    await select.setValue(paul.id)
    await w.get('.grant-form textarea').setValue('Satzung und Prüfungsverband')
    expect(w.get('.grant-form__cost').text()).toBe(`10,0${NBSP}Std. binden 850,00${NBSP}€ (netto) aus dem Beraterbudget.`)
    expect(button(w, 'Fachberatung für')!.text()).toBe(`Fachberatung für 10,0${NBSP}Std. gewähren`)

    await w.get('.grant-form').trigger('submit')
    await flushPromises()
    expect(api.calls.filter((c) => c.route.endsWith('/grants') && c.route.startsWith('POST')).map((c) => c.body)).toEqual([
      { contractId: paul.id, purpose: 'Satzung und Prüfungsverband', minutes: 600 },
    ])
    expect(w.findAll('.group-grants__item').length).toBe(2)
    expect(w.get('[role="status"] .notice').text()).toBe(`10,0${NBSP}Std. Fachberatung mit Paul Schubert gewährt; gebunden: 850,00${NBSP}€.`)
  })

  it('grant form: says it is loading, then puts the focus on the contract', async () => {
    const held = deferred<Response>()
    const { w } = await mountPanel(expertGroup, {
      'GET /api/contracts': () => held.promise,
      'GET /api/settings': () => json(200, { defaultGrantMinutes: 600 }),
    })
    await button(w, 'Fachberatung gewähren')!.trigger('click')
    await flushPromises()
    expect(w.get('.grant-form .paged-results').text()).toBe('Wird geladen …')
    expect(w.findAll('.grant-form button').map((b) => b.text())).toEqual(['Abbrechen'])
    held.resolve(json(200, { items: [contract()] }))
    await flushPromises()
    expect(document.activeElement).toBe(w.get('.grant-form select').element)
    expect((w.get('.grant-form select').element as HTMLSelectElement).value).toBe(contract().id)
  })

  it('grant form: a failed load offers a retry, and no contract in force says what to do', async () => {
    let calls = 0
    const { w } = await mountPanel(expertGroup, {
      'GET /api/contracts': () => (++calls === 1 ? apiError('DATABASE_UNAVAILABLE') : json(200, { items: [contract({ validUntil: '2025-12-31' })] })),
      'GET /api/settings': () => json(200, { defaultGrantMinutes: 600 }),
    })
    await button(w, 'Fachberatung gewähren')!.trigger('click')
    await flushPromises()
    const alert = w.get('.grant-form [role="alert"]')
    expect(alert.get('p').text()).toBe(i18n.global.t('errors.DATABASE_UNAVAILABLE'))
    expect(document.activeElement).toBe(alert.get('button').element)
    await alert.get('button').trigger('click')
    await flushPromises()
    expect(w.get('.grant-form .empty-state').text()).toBe(
      'Heute gilt kein Rahmenvertrag mit freiem Volumen. Legen Sie unter „Fachberatung“ einen Vertrag an oder erweitern Sie das Volumen eines bestehenden.',
    )
    expect(w.findAll('.grant-form button').map((b) => b.text())).toEqual(['Abbrechen'])
    expect(document.activeElement?.textContent?.trim()).toBe('Abbrechen')
  })

  it('shows why a grant was refused, e.g. an exhausted budget', async () => {
    const { w } = await mountPanel(expertGroup, {
      'GET /api/contracts': () => json(200, { items: [contract()] }),
      'GET /api/settings': () => json(200, { defaultGrantMinutes: 600 }),
      [`POST /api/groups/${GROUP_ID}/grants`]: () => apiError('BUDGET_EXCEEDED'),
    })
    await button(w, 'Fachberatung gewähren')!.trigger('click')
    await flushPromises()
    await w.get('.grant-form textarea').setValue('Finanzierung')
    await w.get('.grant-form').trigger('submit')
    await flushPromises()
    expect(w.get('.grant-form [role="alert"]').text()).toBe('Dafür reicht das Beraterbudget des Jahres nicht aus.')
  })

  it('tops a grant up only with a reason', async () => {
    const { w, api } = await mountPanel(expertGroup, {
      [`POST /api/grants/${GRANT_ID}/top-ups`]: () => json(200, grant({ grantedMinutes: 750, remainingMinutes: 435 })),
    })
    await button(w, 'Aufstocken')!.trigger('click')
    await flushPromises()
    const dialog = w.get('dialog')
    await dialog.get('#top-up-hours').setValue('2,5')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(dialog.get('#top-up-reason-error').text()).toBe('Bitte begründen Sie die Aufstockung.')
    expect(api.routes().filter((r) => r.includes('top-ups'))).toEqual([])

    await dialog.get('#top-up-reason').setValue('Zweiter Termin nötig')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.filter((c) => c.route.includes('top-ups')).map((c) => c.body)).toEqual([{ minutes: 150, reason: 'Zweiter Termin nötig' }])
    expect(w.get('[data-testid="remaining-hours"]').text()).toBe(`7,25${NBSP}Std.`)
    expect(w.get('[role="status"] .notice').text()).toBe(`Um 2,5${NBSP}Std. aufgestockt; jetzt 12,5${NBSP}Std. gewährt.`)
  })

  it('top-up: hours out of steps are reported at their field, with the focus, and nothing is sent', async () => {
    const { w, api } = await mountPanel(expertGroup)
    await button(w, 'Aufstocken')!.trigger('click')
    await flushPromises()
    const dialog = w.get('dialog')
    expect(document.activeElement).toBe(dialog.get('#top-up-hours').element)
    await dialog.get('#top-up-hours').setValue('0,1')
    await dialog.get('#top-up-reason').setValue('Zweiter Termin nötig')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(dialog.get('#top-up-hours-error').text()).toBe('Bitte geben Sie Stunden in Viertelstunden-Schritten an (höchstens 100,0 Std.).')
    expect(dialog.get('#top-up-hours').attributes('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(dialog.get('#top-up-hours').element)
    expect(api.routes().filter((r) => r.includes('top-ups'))).toEqual([])
  })

  it('closes a grant after asking, and says so', async () => {
    const { w } = await mountPanel(expertGroup, { [`POST /api/grants/${GRANT_ID}/close`]: () => json(200, grant({ status: 'closed' })) })
    await button(w, 'Abschließen')!.trigger('click')
    await flushPromises()
    expect(w.get('dialog[open]').text()).toContain('Kontingent abschließen?')
    await button(w, 'Kontingent abschließen')!.trigger('click')
    await flushPromises()
    expect(w.get('[role="status"] .notice').text()).toBe('Kontingent mit Miriam Hoffmann abgeschlossen.')
    expect(w.findAll('.group-grants__item .badge').map((b) => b.text())).toEqual(['Abgeschlossen'])
  })

  it('keeps a grant open while entries wait for review, and says why', async () => {
    const { w } = await mountPanel(expertGroup, { [`POST /api/grants/${GRANT_ID}/close`]: () => apiError('GRANT_HAS_PENDING_ENTRIES') })
    await button(w, 'Abschließen')!.trigger('click')
    await flushPromises()
    await button(w, 'Kontingent abschließen')!.trigger('click')
    await flushPromises()
    expect(w.get('dialog [role="alert"]').text()).toBe('Zu diesem Kontingent gibt es noch ungeprüfte Stundennachweise.')
  })
})

describe('contract form', () => {
  it('proposes a two-year term from the first of next month', () => {
    expect(newContractForm('2026-03-20')).toMatchObject({ validFrom: '2026-04-01', validUntil: '2028-03-31', vatRatePercent: 19 })
    expect(newContractForm('2026-12-05')).toMatchObject({ validFrom: '2027-01-01', validUntil: '2028-12-31' })
  })

  it('checks the fields and builds the body in cents and minutes', () => {
    const values = { ...newContractForm('2026-03-20'), advisorId: PAUL, number: ' RV-2026-04 ', hourlyRate: '92,50', maxHours: '150', expertise: ['tax' as const, 'law' as const] }
    expect(validateContractForm(values, 'de', false)).toEqual({})
    expect(toContractCreate(values, 'de')).toEqual({
      advisorId: PAUL,
      number: 'RV-2026-04',
      validFrom: '2026-04-01',
      validUntil: '2028-03-31',
      hourlyRateCents: 9250,
      vatRatePercent: 19,
      expertise: ['law', 'tax'],
      maxMinutes: 9000,
    })
    expect(validateContractForm({ ...values, advisorId: '', hourlyRate: '0', validUntil: '2026-01-01', maxHours: '1,1' }, 'de', false)).toEqual({
      advisorId: 'fachberatung.contractForm.errors.advisorRequired',
      validUntil: 'fachberatung.contractForm.errors.untilBeforeFrom',
      hourlyRate: 'fachberatung.contractForm.errors.rate',
      maxHours: 'fachberatung.contractForm.errors.maxHours',
    })
  })

  it('sends only what changed, and removes an emptied cap with null', () => {
    const c = contract()
    const values = { advisorId: c.advisorId, number: c.number, validFrom: c.validFrom, validUntil: '2027-06-30', hourlyRate: '90,00', vatRatePercent: 19 as const, expertise: ['financing' as const], maxHours: '' }
    expect(toContractPatch(values, c, 'de')).toEqual({ validUntil: '2027-06-30', maxMinutes: null })
  })

  it('tells whether a contract is in force', () => {
    const c = { validFrom: '2025-01-01', validUntil: '2026-12-31' }
    expect([contractValidity(c, '2024-12-31'), contractValidity(c, '2025-01-01'), contractValidity(c, '2026-12-31'), contractValidity(c, '2027-01-01')]).toEqual([
      'future',
      'valid',
      'valid',
      'expired',
    ])
  })
})

