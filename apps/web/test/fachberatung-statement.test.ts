import type { Role, Statement } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { download } from '../src/api/http.ts'
import { i18n } from '../src/i18n/index.ts'
import { useAuthStore } from '../src/stores/auth.ts'
import { CONTRACT_ID, contract, timeEntry } from './fachberatung-fixtures.ts'
import { createTestApp, fakeApi, json, session } from './helpers.ts'

const NBSP = '\u00a0'
const STATEMENT = `/api/contracts/${CONTRACT_ID}/statements/2026-03`

function statement(overrides: Partial<Statement> = {}): Statement {
  return {
    contractId: CONTRACT_ID,
    contractNumber: 'RV-2025-01',
    advisorName: 'Miriam Hoffmann',
    month: '2026-03',
    status: 'draft',
    hourlyRateCents: 9000,
    vatRatePercent: 19,
    entries: [
      timeEntry({ date: '2026-03-02', minutes: 90, status: 'approved', description: 'Finanzierungsplan' }),
      timeEntry({ date: '2026-03-09', minutes: 45, status: 'approved', activity: 'correspondence', description: null }),
    ],
    lateEntries: [],
    totalMinutes: 135,
    netCents: 20_250,
    vatCents: 3848,
    grossCents: 24_098,
    finalizedAt: null,
    ...overrides,
  }
}

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-04-10T12:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

async function open(role: Role, path: string, routes: Parameters<typeof fakeApi>[0] = {}) {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', role)),
    [`GET ${STATEMENT}`]: () => json(200, statement()),
    [`GET /api/contracts/${CONTRACT_ID}`]: () => json(200, contract()),
    ...routes,
  })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api }
}

const button = (w: VueWrapper, text: string) => w.findAll('button').find((b) => b.text() === text)

describe('StatementView', () => {
  const coordinatorPath = `/expert-advice/contracts/${CONTRACT_ID}/statements/2026-03`

  it('shows the entries, the totals and that it is provisional', async () => {
    const { w } = await open('coordinator', coordinatorPath)
    expect(w.get('h1').text()).toBe('Abrechnung März 2026')
    expect(document.title).toBe('Abrechnung März 2026 · RV-2025-01 – Wohnlotse')
    expect(w.get('[data-testid="statement-state"]').text()).toBe('Vorläufig')
    expect(w.findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))).toEqual([
      ['02.03.2026', 'Genossenschaftsinitiative Elbwiese', 'Beratungsgespräch', 'Finanzierungsplan', `1,5${NBSP}Std.`],
      ['09.03.2026', 'Genossenschaftsinitiative Elbwiese', 'Schriftverkehr', '', `0,75${NBSP}Std.`],
    ])
    const totals = w.get('[data-testid="statement-totals"]')
    expect(totals.findAll('dt').map((d, i) => [d.text(), totals.findAll('dd')[i]!.text()])).toEqual([
      ['Stunden', `2,25${NBSP}Std.`],
      ['Stundensatz netto', `90,00${NBSP}€`],
      ['Netto', `202,50${NBSP}€`],
      ['Umsatzsteuer 19 %', `38,48${NBSP}€`],
      ['Brutto', `240,98${NBSP}€`],
    ])
    // The month picker covers the contract's months up to now; the next month (future) is not offered.
    expect(w.findAll('#statement-month option').map((o) => o.attributes('value')).slice(0, 3)).toEqual(['2026-04', '2026-03', '2026-02'])
  })

  it('downloads the CSV through the session, as a file named by the API', async () => {
    const csv = '\uFEFFAbrechnung Fachberatung;Rahmenvertrag RV-2025-01\r\n'
    /** The same address answers the CSV once the button asks for it (RecordedCall has no Accept header). */
    let asCsv = false
    const { w, api } = await open('coordinator', coordinatorPath, {
      [`GET ${STATEMENT}`]: () =>
        asCsv
          ? new Response(csv, {
              status: 200,
              headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="Abrechnung-RV-2025-01-2026-03.csv"' },
            })
          : json(200, statement()),
    })
    asCsv = true
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:statement')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const clicked: { href: string; download: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })

    await button(w, 'Als CSV herunterladen')!.trigger('click')
    await flushPromises()

    const init = api.fetchMock.mock.calls.at(-1)?.[1]
    expect(new Headers(init?.headers).get('Accept')).toBe('text/csv')
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer token')
    expect(await (createObjectURL.mock.calls[0]![0] as Blob).text()).toBe(csv)
    expect(clicked).toEqual([{ href: 'blob:statement', download: 'Abrechnung-RV-2025-01-2026-03.csv' }])
    expect(w.get('[role="status"] .notice').text()).toBe('Abrechnung-RV-2025-01-2026-03.csv wurde heruntergeladen.')
  })

  it('finalises after a confirmation', async () => {
    const { w, api } = await open('coordinator', coordinatorPath, {
      [`POST ${STATEMENT}/finalize`]: () => json(200, statement({ status: 'finalized', finalizedAt: '2026-04-10T12:00:00.000Z' })),
    })
    await button(w, 'Abrechnung abschließen')!.trigger('click')
    await flushPromises()
    const dialog = w.get('dialog')
    expect(dialog.get('h2').text()).toBe('Abrechnung März 2026 abschließen?')
    expect(dialog.text()).toContain(`2,25${NBSP}Std., brutto 240,98${NBSP}€.`)
    expect(api.routes().some((r) => r.endsWith('/finalize'))).toBe(false)

    await button(w, 'Endgültig abschließen')!.trigger('click')
    await flushPromises()
    expect(api.routes().filter((r) => r.endsWith('/finalize'))).toEqual([`POST ${STATEMENT}/finalize`])
    expect(w.get('[data-testid="statement-state"]').text()).toBe('Abgeschlossen am 10.04.2026, 14:00')
    expect(button(w, 'Abrechnung abschließen')).toBeUndefined()
    expect(w.get('[role="status"] .notice').text()).toBe('Abrechnung März 2026 abgeschlossen.')
  })

  it('shows Nachträge apart, and offers no finalising while the month runs', async () => {
    const late = timeEntry({ date: '2026-02-26', minutes: 45, status: 'approved', description: 'Nachgereicht' })
    const { w } = await open('coordinator', coordinatorPath, {
      [`GET ${STATEMENT}`]: () => json(200, statement({ status: 'open', lateEntries: [late], totalMinutes: 180 })),
    })
    expect(w.get('#late-title').text()).toBe('Nachträge')
    expect(w.get('[data-testid="statement-late-entries"]').text()).toContain('26.02.2026')
    expect(w.get('[data-testid="statement-entries"]').text()).not.toContain('26.02.2026')
    expect(w.get('[data-testid="statement-state"]').text()).toBe('Laufender Monat')
    expect(w.text()).toContain('Abschließen lässt er sich ab dem 01.04.2026.')
    expect(button(w, 'Abrechnung abschließen')).toBeUndefined()
  })

  it('lets an advisor read and download their statement, but not finalise it', async () => {
    const { w } = await open('advisor', `/statements/${CONTRACT_ID}/2026-03`)
    expect(w.get('h1').text()).toBe('Abrechnung März 2026')
    expect(w.get('.back-link').text()).toBe('← Alle Abrechnungen')
    expect(button(w, 'Als CSV herunterladen')).toBeDefined()
    expect(button(w, 'Abrechnung abschließen')).toBeUndefined()
  })

  it('answers an address that is not a month like one that does not exist', async () => {
    const { w, api } = await open('coordinator', `/expert-advice/contracts/${CONTRACT_ID}/statements/2026-13`)
    expect(w.get('h1').text()).toBe('Abrechnung nicht gefunden')
    expect(api.routes().filter((r) => r.includes('/statements/'))).toEqual([])
  })
})

describe('download()', () => {
  it('sends the Accept header and the token, and returns the file with its name', async () => {
    createTestApp()
    useAuthStore().accessToken = 'token-a'
    const api = fakeApi({
      'GET /api/file': () => new Response('a;b', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="x.csv"' } }),
    })
    const file = await download('/api/file', 'text/csv')
    expect([await file.blob.text(), file.filename]).toEqual(['a;b', 'x.csv'])
    const headers = new Headers(api.fetchMock.mock.calls[0]?.[1]?.headers)
    expect([headers.get('Accept'), headers.get('Authorization')]).toEqual(['text/csv', 'Bearer token-a'])
  })

  it('turns an error answer into an ApiError like request() does', async () => {
    createTestApp()
    fakeApi({ 'GET /api/file': () => json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Contract not found' }) })
    await expect(download('/api/file', 'text/csv')).rejects.toMatchObject({ name: 'ApiError', status: 404, code: 'NOT_FOUND' })
  })
})
