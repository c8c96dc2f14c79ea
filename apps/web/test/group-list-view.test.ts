import type { Role } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { group } from './group-fixtures.ts'
import { createTestApp, deferred, fakeApi, json, session } from './helpers.ts'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-20T12:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

const GROUPS = [
  group({ id: 'a0000000-0000-4000-8000-000000000001', name: 'Queer Wohnen Neustadt', stage: 'concept', stageSince: '2026-05-06T10:00:00Z', updatedAt: '2026-06-18T10:00:00Z' }),
  group({ id: 'a0000000-0000-4000-8000-000000000002', name: 'Ökodorf Schönfelder Hochland', district: 'schoenfeld_weissig', stageSince: '2026-06-12T10:00:00Z', updatedAt: '2026-06-12T10:00:00Z' }),
  group({ id: 'a0000000-0000-4000-8000-000000000003', name: 'Baugemeinschaft Cottaer Gärten', district: null, stage: 'concept', status: 'paused', stageSince: '2025-11-01T10:00:00Z' }),
]
const COUNTS = { orientation: 4, concept: 2, expert: 1 }

async function openList(role: Role, path: string, routes: Parameters<typeof fakeApi>[0]) {
  const app = createTestApp()
  const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, session('token', role)), ...routes })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, router: app.router, api }
}

const chips = (w: VueWrapper) => w.findAll('.stage-chip').map((c) => [c.text(), c.attributes('aria-pressed')])
const rows = (w: VueWrapper) => w.findAll('.group-table tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))

describe('GroupListView', () => {
  it('shows the counts per stage as chips and the groups in a table', async () => {
    const { w, api } = await openList('coordinator', '/groups', {
      'GET /api/groups/stage-counts': () => json(200, COUNTS),
      'GET /api/groups?limit=25': () => json(200, { items: GROUPS, nextCursor: null }),
    })

    expect(w.get('h1').text()).toBe('Gruppen')
    expect(chips(w)).toEqual([
      ['Alle Stufen · 7', 'true'],
      ['Stufe I · 4', 'false'],
      ['Stufe II · 2', 'false'],
      ['Stufe III · 1', 'false'],
    ])
    expect(rows(w)).toEqual([
      ['Queer Wohnen Neustadt', 'Neustadt', 'Stufe II', 'Aktiv', 'seit 6 Wochen', '18.06.2026'],
      ['Ökodorf Schönfelder Hochland', 'Schönfeld-Weißig (Ortschaft)', 'Stufe I', 'Aktiv', 'seit 8 Tagen', '12.06.2026'],
      ['Baugemeinschaft Cottaer Gärten', '–', 'Stufe II', 'Pausiert', 'seit 7 Monaten', '01.03.2026'],
    ])
    expect(w.get('.group-table tbody a').attributes('href')).toBe('/groups/a0000000-0000-4000-8000-000000000001')
    expect(w.get('[data-testid="group-list-status"]').text()).toBe('7 Gruppen gefunden')
    expect(w.find('a[href="/groups/new"]').text()).toBe('Neue Gruppe')
    expect(w.find('.group-list__more').exists()).toBe(false)
    expect(api.routes().sort()).toEqual(['GET /api/groups/stage-counts', 'GET /api/groups?limit=25', 'POST /api/auth/refresh'])
  })

  it('filters by stage with a chip, without asking for the counts again', async () => {
    const { w, router, api } = await openList('coordinator', '/groups', {
      'GET /api/groups/stage-counts': () => json(200, COUNTS),
      'GET /api/groups?limit=25': () => json(200, { items: GROUPS, nextCursor: null }),
      'GET /api/groups?stage=concept&limit=25': () => json(200, { items: [GROUPS[0], GROUPS[2]], nextCursor: null }),
    })

    await w.findAll('.stage-chip')[2]!.trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.fullPath).toBe('/groups?stage=concept')
    expect(chips(w).map(([, pressed]) => pressed)).toEqual(['false', 'false', 'true', 'false'])
    expect(rows(w).map((r) => r[0])).toEqual(['Queer Wohnen Neustadt', 'Baugemeinschaft Cottaer Gärten'])
    expect(w.get('[data-testid="group-list-status"]').text()).toBe('2 Gruppen gefunden')
    expect(api.routes().filter((r) => r.includes('stage-counts'))).toEqual(['GET /api/groups/stage-counts'])
  })

  it('maps the search (after a pause in typing) and the selects to the address and the API query', async () => {
    const { w, router, api } = await openList('coordinator', '/groups?status=active', {
      'GET /api/groups/stage-counts?status=active': () => json(200, COUNTS),
      'GET /api/groups?status=active&limit=25': () => json(200, { items: GROUPS, nextCursor: null }),
      'GET /api/groups/stage-counts?q=Hof&status=active': () => json(200, { orientation: 0, concept: 1, expert: 0 }),
      'GET /api/groups?q=Hof&status=active&limit=25': () => json(200, { items: [GROUPS[2]], nextCursor: null }),
      'GET /api/groups/stage-counts?q=Hof&status=active&district=schoenfeld_weissig': () => json(200, { orientation: 0, concept: 0, expert: 0 }),
      'GET /api/groups?q=Hof&status=active&district=schoenfeld_weissig&limit=25': () => json(200, { items: [], nextCursor: null }),
    })
    expect((w.get('#group-filter-status').element as HTMLSelectElement).value).toBe('active')

    await w.get('#group-search').setValue('H')
    await w.get('#group-search').setValue('Hof ')
    await new Promise((r) => setTimeout(r, 100))
    expect(router.currentRoute.value.fullPath).toBe('/groups?status=active')

    await new Promise((r) => setTimeout(r, 300))
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'Hof', status: 'active' })
    expect(rows(w).map((r) => r[0])).toEqual(['Baugemeinschaft Cottaer Gärten'])
    expect((w.get('#group-search').element as HTMLInputElement).value).toBe('Hof ')

    await w.get('#group-filter-district').setValue('schoenfeld_weissig')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'Hof', status: 'active', district: 'schoenfeld_weissig' })
    expect(w.get('.empty-state p').text()).toBe('Keine Gruppe passt zu Suche und Filtern.')
    expect(w.get('[data-testid="group-list-status"]').text()).toBe('Keine Gruppe gefunden')
    // One request per settled search, none per keystroke.
    expect(api.routes().filter((r) => r.startsWith('GET /api/groups?'))).toEqual([
      'GET /api/groups?status=active&limit=25',
      'GET /api/groups?q=Hof&status=active&limit=25',
      'GET /api/groups?q=Hof&status=active&district=schoenfeld_weissig&limit=25',
    ])

    await w.findAll('button').find((b) => b.text() === 'Filter zurücksetzen')!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/groups')
    expect((w.get('#group-search').element as HTMLInputElement).value).toBe('')
  })

  it('announces the number found only once the new counts are in, not the old total beside the new list', async () => {
    const newCounts = deferred<Response>()
    const { w } = await openList('coordinator', '/groups', {
      'GET /api/groups/stage-counts': () => json(200, COUNTS),
      'GET /api/groups?limit=25': () => json(200, { items: GROUPS, nextCursor: null }),
      'GET /api/groups/stage-counts?q=Hof': () => newCounts.promise,
      'GET /api/groups?q=Hof&limit=25': () => json(200, { items: [GROUPS[2]], nextCursor: null }),
    })
    const status = () => w.get('[data-testid="group-list-status"]').text()
    expect(status()).toBe('7 Gruppen gefunden')

    await w.get('#group-search').setValue('Hof')
    await new Promise((r) => setTimeout(r, 400))
    await flushPromises()
    // The list has answered, its counts not yet: the chips keep the old numbers, the live region says nothing of them.
    expect(rows(w).map((r) => r[0])).toEqual(['Baugemeinschaft Cottaer Gärten'])
    expect(chips(w)[0]![0]).toBe('Alle Stufen · 7')
    expect(status()).toBe('Wird geladen …')

    newCounts.resolve(json(200, { orientation: 0, concept: 1, expert: 0 }))
    await flushPromises()
    expect(chips(w)[0]![0]).toBe('Alle Stufen · 1')
    expect(status()).toBe('1 Gruppe gefunden')
  })

  it('offers Stadtbezirke and Ortschaften as separate groups in the district filter', async () => {
    const { w } = await openList('frontdesk', '/groups', {
      'GET /api/groups/stage-counts': () => json(200, COUNTS),
      'GET /api/groups?limit=25': () => json(200, { items: [], nextCursor: null }),
    })
    const groups = w.findAll('#group-filter-district optgroup')
    expect(groups.map((g) => [g.attributes('label'), g.findAll('option').length])).toEqual([
      ['Stadtbezirke', 10],
      ['Ortschaften', 9],
    ])
  })

  it('loads the next page with the cursor and moves focus to the first new group', async () => {
    const more = group({ id: 'a0000000-0000-4000-8000-000000000009', name: 'Frauenwohnprojekt Löbtau', stage: 'expert' })
    const { w, api } = await openList('coordinator', '/groups', {
      'GET /api/groups/stage-counts': () => json(200, COUNTS),
      'GET /api/groups?limit=25': () => json(200, { items: GROUPS, nextCursor: 'c1' }),
      'GET /api/groups?limit=25&cursor=c1': () => json(200, { items: [more], nextCursor: null }),
    })

    await w.get('.group-list__more button').trigger('click')
    await flushPromises()

    expect(rows(w).map((r) => r[0])).toEqual([...GROUPS.map((g) => g.name), 'Frauenwohnprojekt Löbtau'])
    expect(document.activeElement?.textContent).toBe('Frauenwohnprojekt Löbtau')
    expect(w.find('.group-list__more').exists()).toBe(false)
    expect(api.routes()).toContain('GET /api/groups?limit=25&cursor=c1')
  })

  it('shows the board with one column per stage, each asking for its own stage', async () => {
    const CLOSED = group({ id: 'a0000000-0000-4000-8000-000000000004', name: 'Hofgemeinschaft Klotzsche', stage: 'concept', status: 'closed' })
    const { w, router, api } = await openList('coordinator', '/groups', {
      'GET /api/groups/stage-counts': () => json(200, { orientation: 4, concept: 3, expert: 1 }),
      'GET /api/groups/stage-counts?status=closed': () => json(200, { orientation: 0, concept: 1, expert: 0 }),
      'GET /api/groups?limit=25': () => json(200, { items: GROUPS, nextCursor: null }),
      'GET /api/groups?stage=orientation&limit=20': () => json(200, { items: [GROUPS[1]], nextCursor: null }),
      'GET /api/groups?stage=concept&limit=20': () => json(200, { items: [GROUPS[0], CLOSED, GROUPS[2]], nextCursor: 'c2' }),
      'GET /api/groups?stage=expert&limit=20': () => json(200, { items: [], nextCursor: null }),
      'GET /api/groups?status=closed&limit=20': () => json(200, { items: [CLOSED], nextCursor: null }),
    })

    await w.findAll('.view-switch__button')[1]!.trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.fullPath).toBe('/groups?view=board')
    expect(w.find('.stage-chips').exists()).toBe(false)
    const columns = w.findAll('.board__column').map((col) => ({
      title: col.get('h2').text(),
      cards: col.findAll('.board-card a').map((a) => a.text()),
      more: col.find('.board__more').exists(),
    }))
    // The closed group is not shown (nor counted) as work in Stufe II.
    expect(columns).toEqual([
      { title: 'Stufe I – Orientierungsberatung: 4 Gruppen', cards: ['Ökodorf Schönfelder Hochland'], more: false },
      { title: 'Stufe II – Konzeptberatung: 2 Gruppen', cards: ['Queer Wohnen Neustadt', 'Baugemeinschaft Cottaer Gärten'], more: true },
      { title: 'Stufe III – Fachberatung: 1 Gruppe', cards: [], more: false },
    ])
    expect(w.findAll('.board__column')[2]!.get('.board__empty').text()).toBe('Keine Gruppen in dieser Stufe.')
    expect(w.findAll('.board-card')[2]!.text()).toContain('Pausiert')
    expect(api.routes().filter((r) => r.includes('limit=20')).sort()).toEqual([
      'GET /api/groups?stage=concept&limit=20',
      'GET /api/groups?stage=expert&limit=20',
      'GET /api/groups?stage=orientation&limit=20',
    ])

    // Apart and folded: "Abgeschlossen" with its number, loaded on first opening.
    const closed = w.get<HTMLDetailsElement>('[data-testid="board-closed"]')
    expect(closed.element.open).toBe(false)
    expect(closed.get('summary').text().replace(/\s+/g, ' ')).toBe('Abgeschlossen · 1 Gruppe')
    closed.element.open = true
    await closed.trigger('toggle')
    await flushPromises()
    expect(closed.findAll('.board-card a').map((a) => a.text())).toEqual(['Hofgemeinschaft Klotzsche'])
    expect(closed.get('.board-card').text()).toContain('Stufe II')
  })

  it('says when the list cannot be loaded, and tries again on request', async () => {
    let fail = true
    const { w } = await openList('coordinator', '/groups', {
      'GET /api/groups/stage-counts': () => json(200, COUNTS),
      'GET /api/groups?limit=25': () =>
        fail ? json(503, { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'down' }) : json(200, { items: GROUPS, nextCursor: null }),
    })
    expect(w.get('.notice--error p').text()).toBe(
      'Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.',
    )

    fail = false
    await w.get('.notice--error button').trigger('click')
    await flushPromises()
    expect(w.find('.notice--error').exists()).toBe(false)
    expect(rows(w)).toHaveLength(3)
  })
})
