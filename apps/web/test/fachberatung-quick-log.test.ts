import type { TimeEntry } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { useAuthStore } from '../src/stores/auth.ts'
import QuickLogForm from '../src/views/advisor/QuickLogForm.vue'
import { remainingFromError } from '../src/views/advisor/time-entry-form.ts'
import { ApiError } from '../src/api/http.ts'
import { GRANT_ID, grant, timeEntry } from './fachberatung-fixtures.ts'
import { apiError, createTestApp, deferred, fakeApi, json } from './helpers.ts'

const NBSP = '\u00a0'
const LOG = `POST /api/grants/${GRANT_ID}/time-entries`

let wrapper: VueWrapper | undefined

beforeEach(() => {
  // 00:30 on 15 March in Dresden, still the 14th in UTC: "today" is the office's day.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-14T23:30:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
  setLocale('de')
})

function mountForm(props: { grantId: string; remaining?: number | null; entry?: TimeEntry } = { grantId: GRANT_ID, remaining: 285 }) {
  const app = createTestApp()
  useAuthStore().accessToken = 'token'
  wrapper = mount(QuickLogForm, { props, global: { plugins: [app.pinia, i18n] }, attachTo: document.body })
  return wrapper
}

const field = (w: VueWrapper, label: string) => {
  const l = w.findAll('label').find((x) => x.text().startsWith(label))
  if (!l) throw new Error(`no label ${label}`)
  return w.get(`[id="${l.attributes('for')}"]`)
}

const keyOf = (api: ReturnType<typeof fakeApi>, index: number) =>
  new Headers(api.fetchMock.mock.calls[index]?.[1]?.headers).get('Idempotency-Key')

describe('QuickLogForm', () => {
  it('offers the durations 0.25 h to 10.0 h in quarter hours only, 1.0 h preselected', () => {
    const w = mountForm()
    const select = field(w, 'Dauer')
    expect(select.element.tagName).toBe('SELECT')
    const options = select.findAll('option')
    expect(options.length).toBe(40)
    expect(options.slice(0, 3).map((o) => [o.attributes('value'), o.text()])).toEqual([
      ['15', `0,25${NBSP}Std.`],
      ['30', `0,5${NBSP}Std.`],
      ['45', `0,75${NBSP}Std.`],
    ])
    expect(options.at(-1)?.text()).toBe(`10,0${NBSP}Std.`)
    expect((select.element as HTMLSelectElement).value).toBe('60')
    expect(w.find('input[type="number"]').exists()).toBe(false)
    expect(w.text()).toContain(`Noch frei: 4,75${NBSP}Std.`)
  })

  it("defaults the date to today in Dresden, and allows nothing later", () => {
    const w = mountForm()
    const date = field(w, 'Datum')
    expect((date.element as HTMLInputElement).value).toBe('15.03.2026')
    expect(w.get('.date-field__native').attributes('max')).toBe('2026-03-15')
  })

  it('sends the entry with an idempotency key, and the same key again when retrying after a lost answer', async () => {
    let attempt = 0
    const api = fakeApi({
      [LOG]: (call) => {
        attempt += 1
        if (attempt === 1) throw new TypeError('Failed to fetch')
        return json(201, timeEntry({ minutes: 90, date: '2026-03-15', ...(call.body as object) }))
      },
    })
    const w = mountForm()
    await field(w, 'Dauer').setValue('90')
    await field(w, 'Kurzbeschreibung').setValue('  Bankgespräch vorbereitet  ')

    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe('Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung.')
    expect(w.emitted('saved')).toBeUndefined()

    await w.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.map((c) => [c.route, c.body])).toEqual([
      [LOG, { date: '2026-03-15', minutes: 90, activity: 'consultation', description: 'Bankgespräch vorbereitet' }],
      [LOG, { date: '2026-03-15', minutes: 90, activity: 'consultation', description: 'Bankgespräch vorbereitet' }],
    ])
    expect(keyOf(api, 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(keyOf(api, 1)).toBe(keyOf(api, 0))
    expect(w.emitted('saved')?.length).toBe(1)
  })

  it('uses a new key for a changed entry and after a success', async () => {
    const api = fakeApi({
      [LOG]: () => (api.calls.length === 1 ? apiError('INTERNAL_ERROR') : json(201, timeEntry())),
    })
    const w = mountForm()
    await w.get('form').trigger('submit')
    await flushPromises()
    await field(w, 'Dauer').setValue('75') // changed: a new attempt
    await w.get('form').trigger('submit')
    await flushPromises()
    await w.get('form').trigger('submit') // after the success: the next entry
    await flushPromises()

    const keys = [0, 1, 2].map((i) => keyOf(api, i))
    expect(new Set(keys).size).toBe(3)
  })

  it('says how much is left when the entry does not fit the grant', async () => {
    fakeApi({
      [LOG]: () =>
        json(409, {
          statusCode: 409,
          code: 'GRANT_EXCEEDED',
          message: 'Only 30 minutes are left on this grant; 90 minutes do not fit',
          details: [{ path: '/minutes', message: 'remainingMinutes=30' }],
        }),
    })
    const w = mountForm()
    await field(w, 'Dauer').setValue('90')
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(w.get('[data-testid="grant-exceeded"]').text()).toBe(
      `Dieses Kontingent hat nur noch 0,5${NBSP}Std. frei. Bitte tragen Sie höchstens so viel ein oder bitten Sie die Koordinationsstelle um eine Aufstockung.`,
    )
    expect(field(w, 'Dauer').attributes('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(field(w, 'Dauer').element)
    expect(w.emitted('remaining')).toEqual([[30]])
    expect(w.emitted('saved')).toBeUndefined()
  })

  it('re-reads the grant when the refusal does not carry the number', async () => {
    const api = fakeApi({
      [LOG]: () => apiError('GRANT_EXCEEDED'),
      [`GET /api/grants/${GRANT_ID}`]: () => json(200, grant({ remainingMinutes: 0 })),
    })
    const w = mountForm()
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(api.routes()).toEqual([LOG, `GET /api/grants/${GRANT_ID}`])
    expect(w.get('[data-testid="grant-exceeded"]').text()).toBe(
      'Dieses Kontingent ist ausgeschöpft. Wenn weitere Stunden nötig sind, wenden Sie sich bitte an die Koordinationsstelle.',
    )
    expect(w.emitted('remaining')).toEqual([[0]])
  })

  it('refuses a date in the future before sending', async () => {
    const api = fakeApi({})
    const w = mountForm()
    await field(w, 'Datum').setValue('16.03.2026')
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls).toEqual([])
    expect(w.text()).toContain('Das Datum darf nicht in der Zukunft liegen.')
  })

  it('in English, says the same in English', async () => {
    fakeApi({
      [LOG]: () =>
        json(409, { statusCode: 409, code: 'GRANT_EXCEEDED', message: 'x', details: [{ path: '/minutes', message: 'remainingMinutes=105' }] }),
    })
    const w = mountForm()
    setLocale('en')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="grant-exceeded"]').text()).toBe(
      `This grant has only 1.75${NBSP}h left. Please log at most that much, or ask the coordination office for a top-up.`,
    )
  })

  it('changes an entry with only what changed, and explains the limit for that entry', async () => {
    const entry = timeEntry({ minutes: 60, date: '2026-03-10', description: 'Alt' })
    const api = fakeApi({
      [`PATCH /api/time-entries/${entry.id}`]: () =>
        json(409, { statusCode: 409, code: 'GRANT_EXCEEDED', message: 'x', details: [{ path: '/minutes', message: 'remainingMinutes=15' }] }),
    })
    const w = mountForm({ grantId: GRANT_ID, entry })
    expect((field(w, 'Dauer').element as HTMLSelectElement).value).toBe('60')
    await field(w, 'Dauer').setValue('120')
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.map((c) => [c.route, c.body])).toEqual([[`PATCH /api/time-entries/${entry.id}`, { minutes: 120 }]])
    expect(new Headers(api.fetchMock.mock.calls[0]?.[1]?.headers).has('Idempotency-Key')).toBe(false)
    expect(w.get('[data-testid="grant-exceeded"]').text()).toBe(
      `Dieses Kontingent hat nur noch 0,25${NBSP}Std. frei; dieser Eintrag kann höchstens 1,25${NBSP}Std. lang sein.`,
    )
  })

  it('ignores a second tap while the first is on its way', async () => {
    const answer = deferred<Response>()
    const api = fakeApi({ [LOG]: () => answer.promise })
    const w = mountForm()
    await w.get('form').trigger('submit')
    await w.get('form').trigger('submit')
    answer.resolve(json(201, timeEntry()))
    await flushPromises()
    expect(api.calls.length).toBe(1)
  })
})

describe('remainingFromError()', () => {
  it('reads remainingMinutes from a GRANT_EXCEEDED answer only', () => {
    const details = [{ path: '/minutes', message: 'remainingMinutes=30' }]
    expect(remainingFromError(new ApiError(409, 'GRANT_EXCEEDED', 'x', details))).toBe(30)
    expect(remainingFromError(new ApiError(409, 'GRANT_EXCEEDED', 'x', []))).toBeNull()
    expect(remainingFromError(new ApiError(409, 'ENTRY_LOCKED', 'x', details))).toBeNull()
    expect(remainingFromError(new Error('x'))).toBeNull()
  })
})
