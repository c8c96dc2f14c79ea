import type { Referral } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { defaultRange, rangeFromQuery, rangeProblem } from '../src/views/frontdesk/follow-up-range.ts'
import { AWIG, WOHNSINN, referral } from './frontdesk-fixtures.ts'
import { createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-20T10:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

const TOMORROW = referral({
  id: '55555555-5555-4555-8555-000000000011',
  offerId: WOHNSINN.id,
  offerName: 'Wohnungsbauförderstelle',
  inquirerName: 'Jürgen',
  followUpOn: '2026-06-21',
})
const JUST_MADE = referral({
  id: '55555555-5555-4555-8555-000000000012',
  offerId: AWIG.id,
  offerName: 'AWIG',
  followUpOn: '2026-07-04',
  createdAt: '2026-06-20T09:00:00.000Z',
})
const LATER = referral({ id: '55555555-5555-4555-8555-000000000013', offerName: 'AWIG', inquirerName: 'Marta', followUpOn: '2026-07-03' })

const DEFAULT_QUERY = 'GET /api/referrals?outcome=pending&followUpFrom=2026-06-20&followUpTo=2026-07-04&limit=25'

async function openUpcoming(routes: Record<string, (call: RecordedCall) => Response>, path = '/front-desk/follow-ups/upcoming') {
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

const titles = (w: VueWrapper) => w.findAll('.follow-up__title').map((h) => h.text())

describe('follow-up range', () => {
  it('is today and the next 14 days by default, and takes valid days from the address', () => {
    expect(defaultRange('2026-06-20')).toEqual({ from: '2026-06-20', to: '2026-07-04' })
    expect(rangeFromQuery({ from: '2026-08-01', to: 'soon' }, '2026-06-20')).toEqual({ from: '2026-08-01', to: '2026-07-04' })
    expect(rangeProblem({ from: '2026-07-05', to: '2026-07-04' })).toBe('reversed')
    expect(rangeProblem({ from: '1.7.', to: '2026-07-04' })).toBe('fromInvalid')
    expect(rangeProblem({ from: '2026-07-04', to: '2026-07-04' })).toBeNull()
  })
})

describe('FollowUpsUpcomingView: the follow-ups coming up', () => {
  it('lists the pending referrals of today and the next 14 days, soonest first, with a tab back to the due ones', async () => {
    const { w, router } = await openUpcoming({ [DEFAULT_QUERY]: () => json(200, { items: [TOMORROW, JUST_MADE], nextCursor: null }) })

    expect(w.get('h1').text()).toBe('Wiedervorlagen anstehend')
    expect(document.title).toBe('Wiedervorlagen anstehend – Wohnlotse')
    expect(w.get<HTMLInputElement>('#upcoming-from').element.value).toBe('20.06.2026')
    expect(w.get<HTMLInputElement>('#upcoming-to').element.value).toBe('04.07.2026')
    expect(titles(w)).toEqual(['Jürgen → Wohnungsbauförderstelle', 'Anonym → AWIG'])
    expect(w.findAll('.follow-up__due').map((d) => d.text())).toEqual([
      'Nachfrage am 21.06.2026 (morgen)',
      'Nachfrage am 04.07.2026 (in 14 Tagen)',
    ])
    expect(w.get('[data-testid="upcoming-count"]').text()).toBe('2 Wiedervorlagen anstehend')
    const tabs = w.get('.fu-tabs').findAll('a')
    expect(tabs.map((a) => [a.text(), a.attributes('aria-current')])).toEqual([
      ['Fällig', undefined],
      ['Anstehend', 'page'],
    ])
    expect(w.get('.fd-nav a[aria-current="true"]').text()).toContain('Wiedervorlagen fällig')
    expect(router.currentRoute.value.query).toEqual({ from: '2026-06-20', to: '2026-07-04' })
  })

  it('asks for any range typed in German, and refuses an end before the start without asking', async () => {
    const { w, api } = await openUpcoming({
      [DEFAULT_QUERY]: () => json(200, { items: [], nextCursor: null }),
      'GET /api/referrals?outcome=pending&followUpFrom=2026-06-20&followUpTo=2026-08-31&limit=25': () =>
        json(200, { items: [LATER], nextCursor: null }),
    })
    expect(w.get('.empty-state').text()).toBe('Zwischen 20.06.2026 und 04.07.2026 steht keine Nachfrage an.')

    await w.get('#upcoming-to').setValue('31.08.2026')
    await flushPromises()
    expect(titles(w)).toEqual(['Marta → AWIG'])

    const before = api.calls.length
    await w.get('#upcoming-to').setValue('01.06.2026')
    await flushPromises()
    expect(w.get('#upcoming-range-error').text()).toBe('Das Ende des Zeitraums liegt vor seinem Anfang.')
    expect(w.get('#upcoming-to').attributes('aria-invalid')).toBe('true')
    expect(api.calls.length).toBe(before)
  })

  it('loads more with the cursor and moves focus to the first new referral', async () => {
    const { w } = await openUpcoming({
      [DEFAULT_QUERY]: () => json(200, { items: [TOMORROW], nextCursor: 'c1' }),
      [`${DEFAULT_QUERY}&cursor=c1`]: () => json(200, { items: [JUST_MADE], nextCursor: null }),
    })
    expect(w.get('[data-testid="upcoming-count"]').text()).toBe('Mehr als 1 Wiedervorlagen anstehend')
    await w.findAll('button').find((b) => b.text() === 'Weitere laden')!.trigger('click')
    await flushPromises()
    expect(titles(w)).toEqual(['Jürgen → Wohnungsbauförderstelle', 'Anonym → AWIG'])
    expect(document.activeElement?.id).toBe(`upcoming-${JUST_MADE.id}-title`)
    expect(w.findAll('button').map((b) => b.text())).not.toContain('Weitere laden')
  })

  it('takes a referral off the list once an early outcome is recorded', async () => {
    const { w } = await openUpcoming({
      [DEFAULT_QUERY]: () => json(200, { items: [TOMORROW, JUST_MADE], nextCursor: null }),
      [`POST /api/referrals/${TOMORROW.id}/outcome`]: (call) =>
        json(200, { ...TOMORROW, outcome: (call.body as { outcome: Referral['outcome'] }).outcome }),
    })
    await w.findAll('.outcome-form__buttons')[0]!.findAll('button')[1]!.trigger('click')
    await flushPromises()
    expect(titles(w)).toEqual(['Anonym → AWIG'])
    expect(w.get('[data-testid="upcoming-announcement"]').text()).toBe(
      'Ergebnis „Hat geholfen“ für den Verweis an Wohnungsbauförderstelle gespeichert.',
    )
    // The card that took its place has the focus, as on the "fällig" list.
    expect(document.activeElement?.id).toBe(`upcoming-${JUST_MADE.id}-title`)
  })

  it('recounts the due follow-ups when one due today is postponed to a day still in the range', async () => {
    const dueToday = referral({ id: '55555555-5555-4555-8555-000000000014', offerName: 'Wohnsinn', inquirerName: 'Lea', followUpOn: '2026-06-20' })
    // The API's count of due follow-ups: Lea's and one overdue before the range, until Lea's day moves.
    let due = 2
    const { w, api } = await openUpcoming({
      'GET /api/dashboard/counters': () => json(200, { followUpsDue: due }),
      [DEFAULT_QUERY]: () => json(200, { items: [dueToday, TOMORROW], nextCursor: null }),
      [`PATCH /api/referrals/${dueToday.id}`]: (call) => {
        due = 1
        return json(200, { ...dueToday, followUpOn: (call.body as { followUpOn: string }).followUpOn })
      },
    })
    expect(w.get('.fd-nav__count').text()).toBe('2')
    expect(w.get('.app-nav__count').text()).toBe('2')

    const item = w.findAll('.follow-up')[0]!
    await item.findAll('button').find((b) => b.text() === 'Verschieben')!.trigger('click')
    await item.findAll('button').find((b) => b.text() === 'Nachfrage verschieben')!.trigger('click')
    await flushPromises()

    expect(api.calls.find((c) => c.route.startsWith('PATCH'))!.body).toEqual({ followUpOn: '2026-06-27' })
    // Still in the range: it stays on the list with its new day …
    expect(titles(w)).toEqual(['Lea → Wohnsinn', 'Jürgen → Wohnungsbauförderstelle'])
    expect(w.findAll('.follow-up__due')[0]!.text()).toBe('Nachfrage am 27.06.2026 (in 7 Tagen)')
    // … but it is no longer due today: both counters say so.
    expect(w.get('.fd-nav__count').text()).toBe('1')
    expect(w.get('.app-nav__count').text()).toBe('1')
  })

  it('opens with the range from the address', async () => {
    const { w } = await openUpcoming(
      { 'GET /api/referrals?outcome=pending&followUpFrom=2026-07-01&followUpTo=2026-07-31&limit=25': () => json(200, { items: [LATER], nextCursor: null }) },
      '/front-desk/follow-ups/upcoming?from=2026-07-01&to=2026-07-31',
    )
    expect(titles(w)).toEqual(['Marta → AWIG'])
    expect(w.get<HTMLInputElement>('#upcoming-from').element.value).toBe('01.07.2026')
  })
})
