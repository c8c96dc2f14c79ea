import type { Referral } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { AWIG, WOHNSINN, inquiry, referral } from './frontdesk-fixtures.ts'
import { apiError, createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-20T10:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

const JUERGEN = referral({
  id: '55555555-5555-4555-8555-000000000001',
  offerId: WOHNSINN.id,
  offerName: 'Wohnungsbauförderstelle',
  inquirerName: 'Jürgen',
  inquirerContact: 'juergen@example.org',
  reason: 'Fragen zur Wohnraumförderung',
  consentToShare: true,
  followUpOn: '2026-06-12',
  createdAt: '2026-05-29T09:00:00.000Z',
})
const ANONYMOUS = referral({
  id: '55555555-5555-4555-8555-000000000002',
  inquiryId: '33333333-3333-4333-8333-000000000002',
  offerId: AWIG.id,
  offerName: 'AWIG',
  followUpOn: '2026-06-20',
  createdAt: '2026-06-06T09:00:00.000Z',
})

/** The API's count of due follow-ups, as `GET /api/dashboard/counters` answers it now. */
let due = 2

async function openWorklist(routes: Record<string, (call: RecordedCall) => Response>) {
  due = 2
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', 'frontdesk')),
    'GET /api/dashboard/counters': () => json(200, { followUpsDue: due }),
    'GET /api/referrals?due=true&limit=25': () => json(200, { items: [JUERGEN, ANONYMOUS], nextCursor: null }),
    ...routes,
  })
  await app.router.push('/front-desk/follow-ups')
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api }
}

const titles = (w: VueWrapper) => w.findAll('.follow-up__title').map((h) => h.text())
const dueCount = (w: VueWrapper) => w.get('.fd-nav__count').text()
/** The header's badge on "Anlaufstelle". */
const headerCount = (w: VueWrapper) => w.get('.app-nav__count').text()
const counterCalls = (api: { calls: RecordedCall[] }) => api.calls.filter((c) => c.route === 'GET /api/dashboard/counters').length

describe('FollowUpsView: the follow-up worklist', () => {
  it('lists the due referrals with who to ask, since when, and the outcome buttons', async () => {
    const { w } = await openWorklist({})

    expect(w.get('h1').text()).toBe('Wiedervorlagen fällig')
    expect(document.title).toBe('Wiedervorlagen fällig – Wohnlotse')
    expect(titles(w)).toEqual(['Jürgen → Wohnungsbauförderstelle', 'Anonym → AWIG'])
    expect(w.findAll('.follow-up__due').map((d) => d.text())).toEqual(['Fällig seit 12.06.2026 (8 Tage)', 'Heute fällig'])
    const facts = w.get('.facts-list').findAll('dt, dd').map((x) => x.text())
    expect(facts).toEqual([
      'Anfrage',
      'Jürgen',
      'Erreichbar über',
      'juergen@example.org',
      'Verwiesen am',
      '29.05.2026',
      'Grund',
      'Fragen zur Wohnraumförderung',
      'Weitergabe',
      'Kontaktdaten dürfen weitergegeben werden',
    ])
    expect(w.get('.facts-list a').attributes('href')).toBe('/front-desk/inquiries/33333333-3333-4333-8333-333333333333')
    expect(w.get('.outcome-form__buttons').findAll('button').map((b) => b.text())).toEqual([
      'Kontakt aufgenommen',
      'Geholfen',
      'Nicht geholfen',
      'Nicht erreicht',
    ])
    expect(w.get('[data-testid="follow-ups-count"]').text()).toBe('2 Wiedervorlagen fällig')
    expect(dueCount(w)).toBe('2')
    expect(headerCount(w)).toBe('2')
  })

  it('records an outcome with its note, takes the referral off the list and moves focus to the next', async () => {
    const { w, api } = await openWorklist({
      [`POST /api/referrals/${JUERGEN.id}/outcome`]: (call) => {
        due = 1
        return json(200, { ...JUERGEN, outcome: (call.body as { outcome: Referral['outcome'] }).outcome })
      },
    })
    const countedBefore = counterCalls(api)

    await w.get(`#outcome-${JUERGEN.id}-note`).setValue('Antrag wird gestellt.')
    await w.findAll('.outcome-form__buttons')[0]!.findAll('button')[1]!.trigger('click')
    await flushPromises()

    expect(api.calls.find((c) => c.route.endsWith('/outcome'))!.body).toEqual({ outcome: 'helped', note: 'Antrag wird gestellt.' })
    expect(titles(w)).toEqual(['Anonym → AWIG'])
    expect(w.get('[data-testid="follow-ups-announcement"]').text()).toBe(
      'Ergebnis „Hat geholfen“ für den Verweis an Wohnungsbauförderstelle gespeichert.',
    )
    expect(document.activeElement?.id).toBe(`follow-up-${ANONYMOUS.id}-title`)
    // The navigation asks the API's counter once more, and header and front-desk navigation say the same.
    expect(counterCalls(api)).toBe(countedBefore + 1)
    expect(dueCount(w)).toBe('1')
    expect(headerCount(w)).toBe('1')
  })

  it('counts with the API\'s counter, never by loading the due referrals', async () => {
    const { api } = await openWorklist({})
    expect(api.routes().filter((r) => r.startsWith('GET /api/referrals'))).toEqual(['GET /api/referrals?due=true&limit=25'])
  })

  it('postpones a follow-up to a later day', async () => {
    const { w, api } = await openWorklist({
      [`PATCH /api/referrals/${ANONYMOUS.id}`]: (call) =>
        json(200, { ...ANONYMOUS, followUpOn: (call.body as { followUpOn: string }).followUpOn }),
    })
    const item = w.findAll('.follow-up')[1]!
    await item.findAll('button').find((b) => b.text() === 'Verschieben')!.trigger('click')
    expect(w.get<HTMLInputElement>(`#outcome-${ANONYMOUS.id}-date`).element.value).toBe('27.06.2026')
    await item.findAll('button').find((b) => b.text() === 'Nachfrage verschieben')!.trigger('click')
    await flushPromises()

    expect(api.calls.find((c) => c.route.startsWith('PATCH'))!.body).toEqual({ followUpOn: '2026-06-27' })
    expect(titles(w)).toEqual(['Jürgen → Wohnungsbauförderstelle'])
    expect(w.get('[data-testid="follow-ups-announcement"]').text()).toBe(
      'Die Nachfrage zum Verweis an AWIG wurde auf den 27.06.2026 verschoben.',
    )
  })

  it('keeps the referral on the list when recording fails, and says why', async () => {
    const { w } = await openWorklist({
      [`POST /api/referrals/${JUERGEN.id}/outcome`]: () => apiError('NOT_FOUND'),
    })
    await w.findAll('.outcome-form__buttons')[0]!.findAll('button')[0]!.trigger('click')
    await flushPromises()
    expect(titles(w)).toHaveLength(2)
    expect(w.get('.follow-up [role="alert"]').text()).not.toBe('')
  })

  it('says when nothing is due', async () => {
    const { w } = await openWorklist({
      'GET /api/referrals?due=true&limit=25': () => json(200, { items: [], nextCursor: null }),
    })
    expect(w.get('.empty-state').text()).toBe('Keine Wiedervorlagen fällig. Alle Verweise sind nachgefragt.')
    expect(dueCount(w)).toBe('0')
  })
})

describe('InquiryDetailView', () => {
  it('shows the inquiry, its referrals, and no actions once it is closed', async () => {
    const id = '33333333-3333-4333-8333-333333333333'
    const closed = inquiry({
      name: 'Marta',
      contact: 'marta@example.org',
      topics: ['group_building', 'community_life'],
      status: 'closed',
      closeReason: 'Verweis hat geholfen',
      closedAt: '2026-06-10T13:00:00.000Z',
      notes: 'Sucht Anschluss an eine bestehende Hausgemeinschaft.',
    })
    const helped = referral({ outcome: 'helped', outcomeNote: 'Hat sich angeschlossen.', outcomeAt: '2026-06-10T08:00:00.000Z' })
    const app = createTestApp()
    const api = fakeApi({
      'POST /api/auth/refresh': () => json(200, session('token', 'frontdesk')),
      [`GET /api/inquiries/${id}`]: () => json(200, closed),
      [`GET /api/referrals?inquiryId=${id}&limit=200`]: () => json(200, { items: [helped], nextCursor: null }),
    })
    await app.router.push(`/front-desk/inquiries/${id}`)
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()

    expect(wrapper.get('h1').text()).toBe('Anfrage von Marta')
    expect(wrapper.get('.page-header .badge').text()).toBe('Abgeschlossen')
    const facts = wrapper.get('.inquiry-facts').findAll('dt, dd').map((x) => x.text())
    expect(facts).toContain('Gruppenfindung, Zusammenleben und Nachbarschaft')
    expect(facts).toContain('Abgeschlossen am 10.06.2026')
    expect(facts).toContain('Verweis hat geholfen')
    expect(wrapper.get('[data-testid="inquiry-referrals"] h3').text()).toBe('AWIG')
    expect(wrapper.get('[data-testid="inquiry-referrals"] .badge').text()).toBe('Hat geholfen')
    expect(wrapper.find('.outcome-form').exists()).toBe(false)
    expect(wrapper.find('.suggestions').exists()).toBe(false)
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Abschließen')
    expect(api.routes().filter((r) => r.includes('/api/offers'))).toEqual([])
  })
})
