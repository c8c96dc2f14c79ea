import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { timeEntry } from './fachberatung-fixtures.ts'
import { createTestApp, fakeApi, json, session } from './helpers.ts'

const NBSP = '\u00a0'
const LIST = 'GET /api/time-entries?limit=50'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-20T12:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

const submitted = timeEntry({ date: '2026-03-18', minutes: 60, description: 'Bankgespräch' })
const rejected = timeEntry({ date: '2026-03-12', minutes: 30, status: 'rejected', rejectionReason: 'Terminabstimmung ist nicht abrechenbar', activity: 'correspondence' })
const approved = timeEntry({ date: '2026-03-05', minutes: 120, status: 'approved', activity: 'workshop', description: 'Workshop' })
const billed = timeEntry({ date: '2026-02-20', minutes: 90, status: 'approved', billed: true, description: 'Finanzierungsplan' })

async function open(routes: Parameters<typeof fakeApi>[0] = {}) {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', 'advisor')),
    [LIST]: () => json(200, { items: [submitted, rejected, approved, billed], nextCursor: null }),
    ...routes,
  })
  await app.router.push('/time-entries')
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api }
}

describe('MyTimeEntriesView', () => {
  it('lists the entries with their state; only submitted ones can change', async () => {
    const { w } = await open()
    expect(w.get('h1').text()).toBe('Meine Stunden')
    expect(
      w.findAll('li.entry').map((li) => [li.get('.entry__when').text(), li.get('.badge').text(), li.findAll('.entry__actions button').length]),
    ).toEqual([
      [`18.03.2026 · 1,0${NBSP}Std.`, 'Eingereicht', 2],
      [`12.03.2026 · 0,5${NBSP}Std.`, 'Zurückgewiesen', 0],
      [`05.03.2026 · 2,0${NBSP}Std.`, 'Freigegeben', 0],
      [`20.02.2026 · 1,5${NBSP}Std.`, 'Abgerechnet', 0],
    ])
    expect(w.get('.entry__reason').text()).toBe('Grund der Zurückweisung: Terminabstimmung ist nicht abrechenbar')
  })

  it('filters by state through the API', async () => {
    const { w, api } = await open({ 'GET /api/time-entries?status=rejected&limit=50': () => json(200, { items: [rejected], nextCursor: null }) })
    await w.get('#entries-status').setValue('rejected')
    await flushPromises()
    expect(api.routes().at(-1)).toBe('GET /api/time-entries?status=rejected&limit=50')
    expect(w.findAll('li.entry').length).toBe(1)
  })

  it('withdraws a submitted entry after a confirmation and says so', async () => {
    const { w, api } = await open({ [`DELETE /api/time-entries/${submitted.id}`]: () => new Response(null, { status: 204 }) })
    await w.get('[data-action="withdraw"]').trigger('click')
    await flushPromises()
    const dialog = w.get('dialog')
    expect(dialog.get('h2').text()).toBe('Stundennachweis zurückziehen?')
    expect(dialog.text()).toContain(`18.03.2026, 1,0${NBSP}Std., Genossenschaftsinitiative Elbwiese. Die Stunden gehen zurück ins Kontingent.`)
    await dialog.findAll('button').find((b) => b.text() === 'Zurückziehen')!.trigger('click')
    await flushPromises()

    expect(api.routes().filter((r) => r.startsWith('DELETE'))).toEqual([`DELETE /api/time-entries/${submitted.id}`])
    expect(w.findAll('li.entry').length).toBe(3)
    expect(w.get('[role="status"] .notice').text()).toBe(`Stundennachweis vom 18.03.2026 (1,0${NBSP}Std.) zurückgezogen.`)
  })

  it('changes a submitted entry in place', async () => {
    const { w, api } = await open({
      [`PATCH /api/time-entries/${submitted.id}`]: (call) => json(200, { ...submitted, ...(call.body as object) }),
    })
    await w.get('[data-action="edit"]').trigger('click')
    const form = w.get('li.entry form')
    await form.get('select').setValue('75')
    await form.trigger('submit')
    await flushPromises()

    expect(api.calls.filter((c) => c.route.startsWith('PATCH')).map((c) => c.body)).toEqual([{ minutes: 75 }])
    expect(w.get('li.entry .entry__when').text()).toBe(`18.03.2026 · 1,25${NBSP}Std.`)
    expect(w.get('[role="status"] .notice').text()).toBe(`Stundennachweis vom 18.03.2026 gespeichert (1,25${NBSP}Std.).`)
  })

  it('loads the next page with the cursor and moves the focus to its first entry', async () => {
    const { w, api } = await open({
      [LIST]: () => json(200, { items: [submitted, rejected], nextCursor: 'c2' }),
      'GET /api/time-entries?limit=50&cursor=c2': () => json(200, { items: [approved], nextCursor: null }),
    })
    await w.get('.paged-results__more button').trigger('click')
    await flushPromises()
    expect(api.routes().at(-1)).toBe('GET /api/time-entries?limit=50&cursor=c2')
    expect(w.findAll('li.entry').map((li) => li.attributes('data-entry-id'))).toEqual([submitted.id, rejected.id, approved.id])
    expect(document.activeElement?.getAttribute('data-entry-id')).toBe(approved.id)
    expect(w.find('.paged-results__more').exists()).toBe(false)
  })

  it('says when the list cannot be loaded and loads again on request', async () => {
    let fail = true
    const { w } = await open({
      [LIST]: () => (fail ? json(503, { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'down' }) : json(200, { items: [billed], nextCursor: null })),
    })
    expect(w.get('.paged-results .notice--error p').text()).toBe(i18n.global.t('errors.DATABASE_UNAVAILABLE'))
    fail = false
    await w.get('.paged-results .notice--error button').trigger('click')
    await flushPromises()
    expect(w.find('.notice--error').exists()).toBe(false)
    expect(w.findAll('li.entry').length).toBe(1)
  })
})
