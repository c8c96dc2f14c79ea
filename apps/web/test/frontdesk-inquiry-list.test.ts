import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { filtersFromRoute, hasFilters, listQuery, rangeInvalid, routeQuery } from '../src/views/frontdesk/inquiry-filters.ts'
import { inquiry } from './frontdesk-fixtures.ts'
import { createTestApp, fakeApi, json, session } from './helpers.ts'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-20T10:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

describe('the inquiry list filters in the address', () => {
  it('reads status, text and dates, and ignores what is not valid', () => {
    expect(filtersFromRoute({ status: 'referred', q: 'Lea', from: '2026-06-01', to: '2026-06-30' })).toEqual({
      status: 'referred',
      q: 'Lea',
      from: '2026-06-01',
      to: '2026-06-30',
    })
    expect(filtersFromRoute({ status: 'lost', from: '1.6.2026', to: ['2026-06-30', '2026-07-01'] })).toEqual({
      status: null,
      q: '',
      from: '',
      to: '2026-06-30',
    })
  })

  it('writes only what is set, trimmed, and knows an inverted range', () => {
    const filters = { status: null, q: '  Karl ', from: '2026-06-10', to: '' }
    expect(routeQuery(filters)).toEqual({ q: 'Karl', from: '2026-06-10' })
    expect(listQuery(filters)).toEqual({ q: 'Karl', from: '2026-06-10' })
    expect(hasFilters({ status: null, q: ' ', from: '', to: '' })).toBe(false)
    expect(rangeInvalid({ status: null, q: '', from: '2026-06-10', to: '2026-06-01' })).toBe(true)
  })
})

const ROWS = [
  inquiry({ id: '33333333-3333-4333-8333-000000000001', name: 'Sabine', channel: 'email', topics: ['living_in_old_age'], receivedAt: '2026-06-20T07:00:00.000Z' }),
  inquiry({ id: '33333333-3333-4333-8333-000000000002', status: 'referred', topics: ['orientation', 'group_building'], receivedAt: '2026-06-19T12:00:00.000Z' }),
]

describe('InquiryListView', () => {
  async function openList(path: string, routes: Parameters<typeof fakeApi>[0]) {
    const app = createTestApp()
    const api = fakeApi({
      'POST /api/auth/refresh': () => json(200, session('token', 'frontdesk')),
      'GET /api/dashboard/counters': () => json(200, { followUpsDue: 0 }),
      ...routes,
    })
    await app.router.push(path)
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    return { w: wrapper, api, router: app.router }
  }

  const rows = (w: VueWrapper) => w.findAll('[data-testid="inquiry-table"] tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))

  it('lists inquiries newest first, anonymous ones as such, and pages on with the cursor', async () => {
    const { w } = await openList('/front-desk/inquiries', {
      'GET /api/inquiries?limit=25': () => json(200, { items: ROWS, nextCursor: 'c1' }),
      'GET /api/inquiries?limit=25&cursor=c1': () =>
        json(200, { items: [inquiry({ id: '33333333-3333-4333-8333-000000000003', name: 'Karl', status: 'closed', receivedAt: '2026-06-01T08:00:00.000Z' })], nextCursor: null }),
    })

    expect(w.get('h1').text()).toBe('Anfragen')
    expect(rows(w)).toEqual([
      ['Sabine', '20.06.2026, 09:00', 'E-Mail', 'Wohnen im Alter', 'Offen'],
      ['Anonym', '19.06.2026, 14:00', 'Telefon', 'Erste Orientierung, Gruppenfindung', 'Weiterverwiesen'],
    ])
    expect(w.get('[data-testid="inquiry-table"] tbody a').attributes('href')).toBe('/front-desk/inquiries/33333333-3333-4333-8333-000000000001')
    expect(w.get('[data-testid="inquiry-list-status"]').text()).toBe('2 Anfragen geladen, weitere vorhanden')

    await w.findAll('button').find((b) => b.text() === 'Weitere laden')!.trigger('click')
    await flushPromises()
    expect(rows(w).map((r) => r[0])).toEqual(['Sabine', 'Anonym', 'Karl'])
    expect(w.findAll('button').map((b) => b.text())).not.toContain('Weitere laden')
    expect(document.activeElement?.textContent?.trim()).toBe('Karl')
  })

  it('filters by status into the address and the request', async () => {
    const { w, router, api } = await openList('/front-desk/inquiries', {
      'GET /api/inquiries?limit=25': () => json(200, { items: ROWS, nextCursor: null }),
      'GET /api/inquiries?status=referred&limit=25': () => json(200, { items: [ROWS[1]], nextCursor: null }),
    })
    await w.get('#inquiry-filter-status').setValue('referred')
    await flushPromises()

    expect(router.currentRoute.value.fullPath).toBe('/front-desk/inquiries?status=referred')
    expect(api.routes()).toContain('GET /api/inquiries?status=referred&limit=25')
    expect(rows(w).map((r) => r[4])).toEqual(['Weiterverwiesen'])
  })

  it('asks nothing for a range that ends before it starts, and says so', async () => {
    const { w, api } = await openList('/front-desk/inquiries?from=2026-06-10&to=2026-06-01', {})
    expect(w.get('#inquiry-filter-range-error').text()).toBe('Das Ende des Zeitraums liegt vor seinem Anfang.')
    expect(api.routes().filter((r) => r.startsWith('GET /api/inquiries'))).toEqual([])
  })

  it('offers to reset the filters when nothing matches', async () => {
    const { w } = await openList('/front-desk/inquiries?q=Niemand', {
      'GET /api/inquiries?q=Niemand&limit=25': () => json(200, { items: [], nextCursor: null }),
    })
    expect(w.get('.empty-state p').text()).toBe('Keine Anfrage passt zu diesen Filtern.')
    expect(w.get<HTMLInputElement>('#inquiry-filter-q').element.value).toBe('Niemand')
  })
})
