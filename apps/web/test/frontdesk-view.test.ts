import type { Offer, ReferralCreate } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { AWIG, INQUIRY_ID, WOHNBERATUNG, WOHNSINN, inquiry, referral } from './frontdesk-fixtures.ts'
import { apiError, createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.documentElement.removeAttribute('data-printing')
  vi.unstubAllGlobals()
})

const scored = (offer: Offer, matchScore: number): Offer => ({ ...offer, matchScore })

/** The suggestions wait for a pause in picking (250 ms) before they ask. */
async function settle(ms = 300): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

function referralAnswer(call: RecordedCall): Response {
  const body = call.body as ReferralCreate
  const target = [AWIG, WOHNBERATUNG, WOHNSINN].find((o) => o.id === body.offerId)!
  return json(
    201,
    referral({
      id: `55555555-5555-4555-8555-5555555555${target.id.slice(-2)}`,
      offerId: target.id,
      offerName: target.name,
      consentToShare: body.consentToShare,
      reason: body.reason ?? null,
    }),
  )
}

async function openFrontDesk(role: 'frontdesk' | 'coordinator' = 'frontdesk', routes: Parameters<typeof fakeApi>[0] = {}) {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', role)),
    'GET /api/dashboard/counters': () => json(200, { followUpsDue: 0 }),
    'GET /api/offers': () => json(200, { items: [AWIG, WOHNBERATUNG, WOHNSINN] }),
    'GET /api/offers?topic=living_in_old_age': () =>
      json(200, { items: [scored(AWIG, 3), scored(WOHNBERATUNG, 3), scored(WOHNSINN, 0)] }),
    'GET /api/offers?topic=inclusive_living&topic=living_in_old_age': () =>
      json(200, { items: [scored(WOHNBERATUNG, 6), scored(AWIG, 3), scored(WOHNSINN, 3)] }),
    'POST /api/inquiries': (call) => json(201, inquiry({ ...(call.body as object), status: 'open' })),
    'POST /api/referrals': referralAnswer,
    ...routes,
  })
  await app.router.push('/front-desk')
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api, router: app.router }
}

/** What the page sent, without the session's own requests. */
const posts = (api: { calls: RecordedCall[] }) => api.calls.filter((c) => c.route.startsWith('POST') && !c.route.startsWith('POST /api/auth/'))
const names = (w: VueWrapper) => w.findAll('.suggestion__name').map((n) => n.text())
/** A topic or target group chip (a checkbox button of a roving-tabindex group). */
function chip(w: VueWrapper, text: string) {
  const button = () => w.findAll('[role="checkbox"]').find((c) => c.text() === text)!
  return {
    get checked(): boolean {
      return button().attributes('aria-checked') === 'true'
    },
    async setValue(on: boolean): Promise<void> {
      if (this.checked !== on) await button().trigger('click')
    },
  }
}
/** The page's dialog that holds `field`. */
const dialogWith = (w: VueWrapper, field: string) => w.findAll('dialog').find((d) => d.find(field).exists())!
const status = (w: VueWrapper) => w.get('[data-testid="frontdesk-status"]').text()
const referButton = (w: VueWrapper, offer: string) => w.get(`.suggestion[data-offer="${offer}"] .suggestion__action button`)

function pressShortcut(target: Element, digit: number): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, shiftKey: true, code: `Digit${digit}`, key: '!', bubbles: true }))
}

describe('FrontDeskView: taking an inquiry', () => {
  it('starts with a phone call, now, and every offer by name', async () => {
    const { w, api } = await openFrontDesk()

    expect(w.get('h1').text()).toBe('Anlaufstelle')
    expect(w.get('#intake-channel [aria-checked="true"]').attributes('data-value')).toBe('phone')
    expect(w.get<HTMLInputElement>('#intake-receivedAt').element.value).toMatch(/^\d{2}\.\d{2}\.\d{4}$/)
    expect(w.get<HTMLInputElement>('#intake-receivedTime').element.value).toMatch(/^\d{2}:\d{2}$/)
    expect(names(w)).toEqual(['AWIG', 'Wohnberatungsstelle', 'Wohnsinn'])
    expect(w.findAll('.suggestion__score')).toHaveLength(0)
    expect(w.get('[data-testid="suggestions-status"]').text()).toBe('3 Angebote, nach Namen sortiert.')
    expect(w.get('[data-testid="intake-state"]').text()).toBe(
      'Noch nicht gespeichert. Die Anfrage wird spätestens mit dem ersten Verweis angelegt.',
    )
    expect(api.routes()).toContain('GET /api/offers')
  })

  it('ranks the suggestions again as topics are picked, asking once per pause', async () => {
    const { w, api } = await openFrontDesk()

    await chip(w, 'Wohnen im Alter').setValue(true)
    await settle()
    expect(names(w)).toEqual(['AWIG', 'Wohnberatungsstelle', 'Wohnsinn'])
    // Why each fits, in words; the one that fits nothing folds away under "Weitere Angebote".
    expect(w.findAll('.suggestion__matches').map((s) => s.text())).toEqual([
      'Passt zu: Wohnen im Alter',
      'Passt zu: Wohnen im Alter',
      'Passt zu keiner der gewählten Angaben',
    ])
    expect(w.findAll('.suggestion__score')).toHaveLength(0)
    const more = w.get('[data-testid="suggestions-more"]')
    expect(more.get('summary').text()).toBe('Weitere Angebote (1)')
    expect(more.findAll('.suggestion__name').map((n) => n.text())).toEqual(['Wohnsinn'])
    expect(more.get('ol').attributes('start')).toBe('3')

    // Two picks in a row: one question, for both.
    await chip(w, 'Inklusives Wohnen').setValue(true)
    await chip(w, 'Steuern').setValue(true)
    await chip(w, 'Steuern').setValue(false)
    await settle()
    expect(names(w)).toEqual(['Wohnberatungsstelle', 'AWIG', 'Wohnsinn'])
    expect(w.get('.suggestion[data-offer="Wohnberatungsstelle"] .suggestion__matches').text()).toBe(
      'Passt zu: Inklusives Wohnen, Wohnen im Alter',
    )
    expect(w.get('[data-testid="suggestions-status"]').text()).toBe(
      '3 Angebote, nach Passung sortiert. Bester Vorschlag: Wohnberatungsstelle',
    )
    expect(api.routes().filter((r) => r.startsWith('GET /api/offers'))).toEqual([
      'GET /api/offers',
      'GET /api/offers?topic=living_in_old_age',
      'GET /api/offers?topic=inclusive_living&topic=living_in_old_age',
    ])
  })

  it('refers with Alt+Shift+1 from the notes: the inquiry is created first, then the referral', async () => {
    const { w, api } = await openFrontDesk()
    await chip(w, 'Wohnen im Alter').setValue(true)
    await chip(w, 'Inklusives Wohnen').setValue(true)
    await w.get('#intake-name').setValue('Erika')
    await w.get('#intake-notes').setValue('Sucht eine barrierearme Wohnung.')
    await w.get('#referral-consent').setValue(true)
    await w.get('#referral-reason').setValue('Wohnberatung vor Ort')
    await settle()

    pressShortcut(w.get('#intake-notes').element, 1)
    await flushPromises()

    const sent = posts(api)
    expect(sent.map((c) => c.route)).toEqual(['POST /api/inquiries', 'POST /api/referrals'])
    expect(sent[0]!.body).toEqual({
      channel: 'phone',
      receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/),
      name: 'Erika',
      topics: ['inclusive_living', 'living_in_old_age'],
      notes: 'Sucht eine barrierearme Wohnung.',
    })
    expect(sent[1]!.body).toEqual({ inquiryId: INQUIRY_ID, offerId: WOHNBERATUNG.id, consentToShare: true, reason: 'Wohnberatung vor Ort' })
    expect(status(w)).toBe('An Wohnberatungsstelle verwiesen. Nachfrage am 04.07.2026.')
    expect(referButton(w, 'Wohnberatungsstelle').text()).toBe('Bereits verwiesen')
    expect(referButton(w, 'Wohnberatungsstelle').attributes('aria-label')).toBe('Bereits verwiesen an Wohnberatungsstelle')
    expect(referButton(w, 'AWIG').attributes('aria-label')).toBe('Verweisen an AWIG')
    expect(referButton(w, 'Wohnberatungsstelle').attributes('aria-disabled')).toBe('true')
    expect(referButton(w, 'Wohnberatungsstelle').attributes('aria-keyshortcuts')).toBe('Alt+Shift+1')
    const card = w.get('.suggestion[data-offer="Wohnberatungsstelle"] [data-testid="contact-card"]')
    expect(card.get('h4').text()).toBe('Kontakt: Wohnberatungsstelle')
    expect(card.get('.contact-card__missing').text()).toBe('Kontaktdaten noch nicht hinterlegt')
    expect(card.find('dl').exists()).toBe(false)
    expect(w.get<HTMLInputElement>('#referral-reason').element.value).toBe('')
    expect(w.get('[data-testid="intake-state"]').text()).toBe('Gespeichert · Weiterverwiesen')

    // The same key again refers nowhere; it says why.
    pressShortcut(document.body, 1)
    await flushPromises()
    expect(posts(api)).toHaveLength(2)
    expect(status(w)).toBe('An Wohnberatungsstelle wurde in diesem Gespräch schon verwiesen.')

    // A second offer: the inquiry exists, only the referral is sent.
    await referButton(w, 'AWIG').trigger('click')
    await flushPromises()
    expect(posts(api).map((c) => c.route)).toEqual([
      'POST /api/inquiries',
      'POST /api/referrals',
      'POST /api/referrals',
    ])
    expect(api.calls.at(-1)!.body).toEqual({ inquiryId: INQUIRY_ID, offerId: AWIG.id, consentToShare: true })
    expect(w.get('.intake__referred').text()).toBe('In diesem Gespräch verwiesen an: Wohnberatungsstelle, AWIG')
  })

  it('says so when a shortcut has no suggestion, and ignores keys without the chord', async () => {
    const { w, api } = await openFrontDesk()
    pressShortcut(document.body, 7)
    await flushPromises()
    expect(status(w)).toBe('Es gibt keinen Vorschlag Nummer 7.')

    document.body.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code: 'Digit1', bubbles: true }))
    await flushPromises()
    expect(posts(api)).toHaveLength(0)
  })

  it('copies the contact card as text and prints only the card', async () => {
    const { w } = await openFrontDesk()
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const print = vi.fn()
    vi.stubGlobal('print', print)

    pressShortcut(document.body, 2)
    await flushPromises()
    const card = w.get('.suggestion[data-offer="Wohnberatungsstelle"] [data-testid="contact-card"]')

    await card.findAll('button').find((b) => b.text().startsWith('Kopieren'))!.trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('Wohnberatungsstelle\nLandeshauptstadt Dresden\nKontaktdaten noch nicht hinterlegt')
    expect(status(w)).toBe('Die Kontaktdaten von Wohnberatungsstelle wurden kopiert.')

    await card.findAll('button').find((b) => b.text().startsWith('Drucken'))!.trigger('click')
    expect(print).toHaveBeenCalledOnce()
    expect(card.attributes('data-print-target')).toBe('')
    expect(document.documentElement.hasAttribute('data-printing')).toBe(true)
    window.dispatchEvent(new Event('afterprint'))
    expect(card.attributes('data-print-target')).toBeUndefined()
    expect(document.documentElement.hasAttribute('data-printing')).toBe(false)
  })
})

describe('FrontDeskView: ending a call', () => {
  it('closes an answered call with a reason: creates the inquiry, closes it, and clears the form', async () => {
    const { w, api } = await openFrontDesk('frontdesk', {
      [`POST /api/inquiries/${INQUIRY_ID}/close`]: () => json(200, inquiry({ status: 'closed', closeReason: 'Am Telefon beantwortet' })),
    })
    await chip(w, 'Erste Orientierung').setValue(true)
    await w.findAll('.intake__actions button').find((b) => b.text() === 'Abschließen')!.trigger('click')
    await flushPromises()
    const dialog = dialogWith(w, '#close-reason')
    expect(dialog.get('h2').text()).toBe('Anfrage abschließen')
    // The safe choice has the focus.
    expect(document.activeElement?.textContent?.trim()).toBe('Abbrechen')

    // Without a reason it asks for one and sends nothing.
    await dialog.get('form').trigger('submit')
    expect(dialog.get('#close-reason-error').text()).toBe('Bitte geben Sie eine Begründung an.')
    await flushPromises()
    expect(document.activeElement?.id).toBe('close-reason')
    expect(posts(api)).toHaveLength(0)

    await dialog.get('#close-reason').setValue('Am Telefon beantwortet')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(posts(api).map((c) => [c.route, c.body])).toEqual([
      ['POST /api/inquiries', expect.objectContaining({ channel: 'phone', topics: ['orientation'] })],
      [`POST /api/inquiries/${INQUIRY_ID}/close`, { reason: 'Am Telefon beantwortet' }],
    ])
    expect(status(w)).toBe('Die Anfrage wurde abgeschlossen. Bereit für die nächste Anfrage.')
    expect(chip(w, 'Erste Orientierung').checked).toBe(false)
    expect(w.get('[data-testid="intake-state"]').text()).toBe(
      'Noch nicht gespeichert. Die Anfrage wird spätestens mit dem ersten Verweis angelegt.',
    )
  })

  it('opens a group from the call and goes to the group', async () => {
    const { w, api, router } = await openFrontDesk('frontdesk', {
      [`POST /api/inquiries/${INQUIRY_ID}/convert`]: (call) =>
        json(201, { ...(call.body as object), id: '11111111-1111-4111-8111-111111111111', inquiryId: INQUIRY_ID }),
      'GET /api/groups/11111111-1111-4111-8111-111111111111': () => apiError('NOT_FOUND'),
    })
    await w.get('#intake-name').setValue('Henrike')
    await w.get('#intake-notes').setValue('Sechs Haushalte wollen eine Genossenschaft gründen.')
    await w.findAll('.intake__actions button').find((b) => b.text() === 'Als Gruppe anlegen')!.trigger('click')
    await flushPromises()
    const dialog = dialogWith(w, '#convert-name')
    expect(document.activeElement?.id).toBe('convert-name')
    expect(dialog.get<HTMLTextAreaElement>('#convert-description').element.value).toBe('Sechs Haushalte wollen eine Genossenschaft gründen.')
    // Without a name it says so at the field, keeps the focus there and sends nothing.
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(dialog.get('#convert-name-error').text()).toBe('Bitte geben Sie den Namen der Gruppe ein.')
    expect(dialog.get('#convert-name').attributes('aria-describedby')).toBe('convert-name-error')
    expect(document.activeElement?.id).toBe('convert-name')
    expect(posts(api).filter((c) => c.route.endsWith('/convert'))).toHaveLength(0)
    await dialog.get('#convert-name').setValue('Genossenschaft Elbhang')
    await dialog.get('#convert-district').setValue('loschwitz')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()

    expect(posts(api).at(-1)!.body).toEqual({
      name: 'Genossenschaft Elbhang',
      description: 'Sechs Haushalte wollen eine Genossenschaft gründen.',
      district: 'loschwitz',
    })
    expect(router.currentRoute.value.fullPath).toBe('/groups/11111111-1111-4111-8111-111111111111')
  })
})

describe('FrontDeskView: contact data', () => {
  it('lets a coordinator enter the missing contact of an offer; the card and the copied text show it', async () => {
    const { w, api } = await openFrontDesk('coordinator', {
      [`PATCH /api/offers/${AWIG.id}`]: (call) =>
        json(200, { ...AWIG, contact: { ...AWIG.contact, ...(call.body as { contact: object }).contact } }),
    })
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    await referButton(w, 'AWIG').trigger('click')
    await flushPromises()
    const card = () => w.get('.suggestion[data-offer="AWIG"] [data-testid="contact-card"]')
    await card().findAll('button').find((b) => b.text() === 'Kontaktdaten eintragen')!.trigger('click')
    await flushPromises()

    const dialog = dialogWith(w, '#offer-contact-phone')
    await dialog.get('#offer-contact-phone').setValue('folgt noch')
    await dialog.get('form').trigger('submit')
    expect(dialog.get('#offer-contact-phone-error').text()).toBe(
      'Bitte geben Sie eine Telefonnummer aus Ziffern ein, zum Beispiel 0351 000000.',
    )
    await dialog.get('#offer-contact-phone').setValue('0351 123456')
    await dialog.get('#offer-contact-email').setValue('beratung@example.org')
    await dialog.get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.at(-1)!.body).toEqual({ contact: { phone: '0351 123456', email: 'beratung@example.org' } })
    expect(status(w)).toBe('Die Kontaktdaten von AWIG wurden gespeichert.')
    expect(card().findAll('dt, dd').map((x) => x.text())).toEqual(['Telefon', '0351 123456', 'E-Mail', 'beratung@example.org'])
    expect(card().get('a[href^="tel:"]').attributes('href')).toBe('tel:0351123456')
    await card().findAll('button').find((b) => b.text() === 'Kopieren')!.trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('AWIG\nTelefon: 0351 123456\nE-Mail: beratung@example.org')
  })

  it('offers the front desk no way to change an offer', async () => {
    const { w } = await openFrontDesk('frontdesk')
    await referButton(w, 'AWIG').trigger('click')
    await flushPromises()
    const buttons = w.get('[data-testid="contact-card"]').findAll('button').map((b) => b.text())
    expect(buttons).toEqual(['Kopieren', 'Drucken'])
  })
})
