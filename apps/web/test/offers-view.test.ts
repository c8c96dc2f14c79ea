import { PHONE_PATTERN_SOURCE, type Offer, type Role } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { patchOf, valuesOf } from '../src/views/offers/offer-form.ts'
import { AWIG, WOHNSINN, offer } from './frontdesk-fixtures.ts'
import { createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const FULL = offer({
  id: '44444444-4444-4444-8444-444444444409',
  name: 'Beispielberatung',
  languages: ['de', 'en'],
  contact: {
    phone: '0351 000000',
    email: 'beratung@example.org',
    url: 'https://beratung.example.org',
    address: 'Beispielweg 1\n01067 Dresden',
    openingHours: 'Mo–Do 9–16 Uhr',
  },
})
const HALF = { ...WOHNSINN, active: false, contact: { ...WOHNSINN.contact, email: 'wohnsinn@example.org' } }

async function open(path: string, routes: Record<string, (call: RecordedCall) => Response>, role: Role = 'coordinator') {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', role)),
    'GET /api/offers?includeInactive=true': () => json(200, { items: [AWIG, FULL, HALF] }),
    ...routes,
  })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api, router: app.router }
}

const items = (w: VueWrapper) =>
  w.findAll('.offer-item').map((li) => ({
    name: li.get('.offer-item__name').text(),
    status: li.get('.offer-item__status').text(),
    facts: li.findAll('dt, dd').map((x) => x.text()),
  }))

describe('offer form', () => {
  it('sends only what changed, an emptied contact field as null, and nothing when nothing changed', () => {
    const values = valuesOf(FULL)
    expect(patchOf(FULL, values)).toBeNull()
    values.phone = ''
    values.openingHours = ' Di 10–12 Uhr '
    values.topics = [...values.topics].reverse()
    values.languages = ['de']
    expect(patchOf(FULL, values)).toEqual({ contact: { phone: null, openingHours: 'Di 10–12 Uhr' }, languages: ['de'] })
  })
})

describe('OffersView: the offers screen', () => {
  it('lists every offer with topics, target groups, languages and how far its contact data is entered', async () => {
    const { w } = await open('/offers', {})
    expect(w.get('h1').text()).toBe('Angebote')
    expect(document.title).toBe('Angebote – Wohnlotse')
    expect(items(w)).toEqual([
      {
        name: 'AWIG',
        status: 'Keine Kontaktdaten hinterlegt',
        facts: ['Themen', 'Wohnen im Alter', 'Zielgruppen', 'Ältere Menschen', 'Beratungssprachen', 'Nur Deutsch'],
      },
      {
        name: 'Beispielberatung',
        status: 'Kontaktdaten vollständig',
        facts: [
          'Themen',
          'Wohnen im Alter',
          'Zielgruppen',
          'Ältere Menschen',
          'Beratungssprachen',
          'Deutsch, Englisch',
          'Adresse',
          'Beispielweg 1\n01067 Dresden',
          'Telefon',
          '0351 000000',
          'E-Mail',
          'beratung@example.org',
          'Internet',
          'https://beratung.example.org',
          'Öffnungszeiten',
          'Mo–Do 9–16 Uhr',
        ],
      },
      expect.objectContaining({ name: 'Wohnsinn', status: 'Es fehlt: Adresse, Telefon, Internet, Öffnungszeiten' }),
    ])
    expect(w.findAll('.offer-item')[2]!.get('.badge').text()).toBe('Abgeschaltet')
    expect(w.findAll('.offer-item a').map((a) => a.attributes('aria-label'))).toEqual([
      'Bearbeiten: AWIG',
      'Bearbeiten: Beispielberatung',
      'Bearbeiten: Wohnsinn',
    ])
    expect(w.findAll('.offer-item a').map((a) => a.attributes('href'))).toEqual([
      `/offers/${AWIG.id}`,
      `/offers/${FULL.id}`,
      `/offers/${WOHNSINN.id}`,
    ])
  })

  it('is open to admins, and the front desk gets "not found" at its address', async () => {
    const admin = await open('/offers', {}, 'admin')
    expect(admin.w.findAll('nav a').map((a) => a.text())).toContain('Angebote')
    expect(admin.w.findAll('.offer-item')).toHaveLength(3)
    admin.w.unmount()
    wrapper = undefined

    const { w, api } = await open('/offers', {}, 'frontdesk')
    expect(w.findAll('nav a').map((a) => a.text())).not.toContain('Angebote')
    expect(w.find('.offer-item').exists()).toBe(false)
    expect(w.get('h1').text()).toBe('Seite nicht gefunden')
    expect(api.routes()).not.toContain('GET /api/offers?includeInactive=true')
  })
})

describe('OfferEditView: one offer', () => {
  const path = `/offers/${FULL.id}`
  const get = { [`GET /api/offers/${FULL.id}`]: () => json(200, FULL) }

  it('fills the form with the limits of the shared schema, sends the changes and goes back to the list', async () => {
    const saved: Offer = { ...FULL, contact: { ...FULL.contact, phone: '0351 111111' } }
    const { w, api, router } = await open(path, { ...get, [`PATCH /api/offers/${FULL.id}`]: () => json(200, saved) })
    expect(w.get('h1').text()).toBe('Angebot bearbeiten: Beispielberatung')
    const phone = w.get<HTMLInputElement>('#offer-phone')
    expect(phone.element.value).toBe('0351 000000')
    expect(phone.attributes('pattern')).toBe(PHONE_PATTERN_SOURCE)
    expect(w.get('#offer-email').attributes('maxlength')).toBe('254')
    expect(w.get('#offer-openingHours').attributes('maxlength')).toBe('500')
    expect(w.get('label[for="offer-phone"]').text()).toBe('Telefon (optional)')

    await phone.setValue('0351 111111')
    await w.findAll('#offer-targetGroups input')[1]!.setValue(true)
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.at(-1)!.route).toBe('GET /api/offers?includeInactive=true')
    const patch = api.calls.find((c) => c.route.startsWith('PATCH'))!
    expect(patch.body).toEqual({ contact: { phone: '0351 111111' }, targetGroups: ['seniors', 'families'] })
    expect(router.currentRoute.value.name).toBe('offers')
    expect(w.get('[data-testid="offers-flash"]').text()).toBe('Änderungen an Beispielberatung gespeichert.')
  })

  it('refuses a phone number before sending and shows the API refusal at its field', async () => {
    const { w, api } = await open(path, {
      ...get,
      [`PATCH /api/offers/${FULL.id}`]: () =>
        json(400, {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'body/contact/email must match format "email"',
          details: [{ path: '/contact/email', message: 'must match format "email"' }],
        }),
    })
    await w.get('#offer-phone').setValue('ruf mich an')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#offer-phone-error').text()).toBe('Bitte geben Sie eine Telefonnummer aus Ziffern ein, zum Beispiel 0351 000000.')
    expect(w.get('#offer-phone').attributes('aria-invalid')).toBe('true')
    expect(document.activeElement?.id).toBe('offer-phone')
    expect(api.routes().some((r) => r.startsWith('PATCH'))).toBe(false)

    await w.get('#offer-phone').setValue('0351 000000')
    await w.get('#offer-email').setValue('x@y.example')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#offer-email-error').text()).toBe('Bitte geben Sie eine gültige E-Mail-Adresse ein.')
    expect(document.activeElement?.id).toBe('offer-email')
    expect(w.find('[role="alert"]').exists()).toBe(false)
  })

  it('says when nothing changed', async () => {
    const { w, api } = await open(path, get)
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('.offer-form [role="status"]').text()).toBe('Es wurde nichts geändert.')
    expect(api.routes().some((r) => r.startsWith('PATCH'))).toBe(false)
  })
})
