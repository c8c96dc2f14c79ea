import type { PersonExport, PersonPrivacy, PersonSummary, RetentionPreview, RetentionRun, RetentionSetting } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { apiError, createTestApp, deferred, fakeApi, json, session, type RecordedCall } from './helpers.ts'

// The Datenschutz screens against a fake API: person search, a person's page with erasure and restriction,
// retention settings with run now.

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('de')
})

async function open(path: string, handlers: Record<string, (call: RecordedCall) => Response | Promise<Response>>) {
  const app = createTestApp()
  const api = fakeApi({ 'POST /api/auth/refresh': () => json(200, session('token', 'coordinator')), ...handlers })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api, router: app.router }
}

const REF = 'contact:00000000-0000-4000-8000-0000000000c1'

const ida: PersonSummary = {
  ref: REF,
  kind: 'contact',
  name: 'Ida Muster',
  email: 'ida@example.org',
  phone: '0351 000001',
  context: 'Wohnhof Pieschen',
  groupId: '00000000-0000-4000-8000-0000000000a1',
  restricted: false,
}

describe('Datenschutz: person search', () => {
  it('searches by the address query and shows kind, context and restriction of each person', async () => {
    const anon: PersonSummary = { ...ida, ref: 'inquiry:00000000-0000-4000-8000-0000000000c2', kind: 'inquiry', name: null, email: null, phone: null, context: 'Anfrage vom 02.03.2026', groupId: null, restricted: true }
    const { w, api } = await open('/privacy?q=muster', { 'GET /api/privacy/people?q=muster': () => json(200, { items: [ida, anon] }) })
    expect(api.routes()).toContain('GET /api/privacy/people?q=muster')
    expect(w.get('h1').text()).toBe('Datenschutz')
    expect((w.get('#privacy-search-q').element as HTMLInputElement).value).toBe('muster')
    expect(w.get('[data-testid="privacy-search-status"]').text()).toBe('2 Personen gefunden')
    const hits = w.findAll('.privacy-hit').map((h) => [h.findAll('.privacy-hit__head > *').map((e) => e.text()), h.find('.privacy-hit__details').text()])
    expect(hits).toEqual([
      [['Ida Muster', 'Ansprechperson einer Gruppe'], 'ida@example.org · 0351 000001 · Wohnhof Pieschen'],
      [['Ohne Namen', 'Anfragende:r', 'Eingeschränkt'], 'Anfrage vom 02.03.2026'],
    ])
    expect(w.get('.privacy-hit a').attributes('href')).toBe(`/privacy/people/${REF}`)
  })

  it('asks for two characters before searching, and says when nobody is found', async () => {
    const { w, api, router } = await open('/privacy', { 'GET /api/privacy/people?q=zz': () => json(200, { items: [] }) })
    expect(w.find('.privacy-hit').exists()).toBe(false)
    await w.get('#privacy-search-q').setValue('z')
    await w.get('form[role="search"]').trigger('submit')
    expect(w.get('#privacy-search-error').text()).toBe('Bitte geben Sie mindestens zwei Zeichen ein.')
    expect(api.routes().filter((r) => r.startsWith('GET /api/privacy'))).toEqual([])

    await w.get('#privacy-search-q').setValue('zz')
    await w.get('form[role="search"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/privacy?q=zz')
    expect(w.get('.empty-state').text()).toBe('Zu „zz“ ist keine Person gespeichert.')
  })
})

const privacy: PersonPrivacy = {
  person: ida,
  restriction: { restricted: false, since: null, reason: null, by: null },
  consents: [],
}

const exported: PersonExport = {
  generatedAt: '2026-12-01T10:00:00.000Z',
  person: ida,
  records: [
    { source: 'group_contacts', title: 'Ansprechperson', id: 'c1', dataClass: 'contact_person', fields: { id: 'c1', name: 'Ida Muster', email: 'ida@example.org', since: '2026-01-15' } },
  ],
  consents: [],
  restriction: privacy.restriction,
  audit: [{ seq: 7, at: '2026-01-15T09:00:00.000Z', action: 'create', entity: 'contact', entityId: 'c1', before: null, after: null }],
  information: [{ heading: 'Zwecke', text: 'Beratung von Wohnprojektgruppen.' }],
}

function personHandlers(erase: (call: RecordedCall) => Response) {
  return {
    [`GET /api/privacy/people/${encodeURIComponent(REF)}`]: () => json(200, privacy),
    [`GET /api/privacy/people/${encodeURIComponent(REF)}/export`]: () => json(200, exported),
    [`POST /api/privacy/people/${encodeURIComponent(REF)}/erase`]: erase,
    [`PUT /api/privacy/people/${encodeURIComponent(REF)}/restriction`]: (call: RecordedCall) =>
      json(200, { restricted: (call.body as { restricted: boolean }).restricted, since: '2026-12-01T10:05:00.000Z', reason: 'Bestreitet Richtigkeit', by: { id: 'u1', name: 'Kora Koordinatorin' } }),
  }
}

describe('Datenschutz: a person', () => {
  it('says "Wird geladen …" once while loading, under a heading that names the page', async () => {
    const held = deferred<Response>()
    const { w } = await open(`/privacy/people/${REF}`, { ...personHandlers(() => json(500, {})), [`GET /api/privacy/people/${encodeURIComponent(REF)}`]: () => held.promise })
    expect(w.get('h1').text()).toBe('Person')
    expect(w.text().split('Wird geladen …')).toHaveLength(2)
    held.resolve(json(200, privacy))
    await flushPromises()
    expect(w.get('h1').text()).toBe('Ida Muster')
    expect(w.text()).not.toContain('Wird geladen …')
  })

  it('shows what is stored, from the export', async () => {
    const { w } = await open(`/privacy/people/${REF}`, personHandlers(() => json(500, {})))
    expect(w.get('h1').text()).toBe('Ida Muster')
    expect(document.title).toBe('Ida Muster – Wohnlotse')
    const record = w.get('[data-testid="privacy-record"]')
    expect(record.findAll('dt').map((d) => d.text())).toEqual(['Name', 'E-Mail-Adresse', 'Seit'])
    expect(record.findAll('dd').map((d) => d.text())).toEqual(['Ida Muster', 'ida@example.org', '15.01.2026'])
    expect(w.get('.privacy-details summary').text()).toBe('Ein Protokolleintrag über die Person')
    expect(w.get('[data-testid="restriction-state"]').text()).toBe('Die Verarbeitung ist nicht eingeschränkt.')
  })

  it('erases only with a reason, says what remains, and shows a refusal in the dialog', async () => {
    let answer: Response = apiError('LEGAL_HOLD_OPEN_GRANT')
    const { w, api } = await open(`/privacy/people/${REF}`, personHandlers(() => answer))
    await w.get('[data-action="erase"]').trigger('click')
    await flushPromises()
    const dialog = w.get('dialog[open]')
    expect(dialog.get('h2').text()).toBe('Daten von Ida Muster endgültig löschen?')
    expect(dialog.get('.confirm-dialog__remains').text()).toBe(
      'Die Gruppe bleibt als Datensatz erhalten, nur ohne diese Person. Beratungsgespräche, Verweise und Stunden der Gruppe bleiben unverändert. Statistiken und Berichte an die Stadt bleiben genau gleich.',
    )
    expect(document.activeElement?.textContent?.trim()).toBe('Abbrechen')

    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.routes().some((r) => r.endsWith('/erase'))).toBe(false)
    expect(dialog.find('.field__error').exists()).toBe(true)

    await dialog.get('textarea').setValue('Antrag nach Art. 17 vom 01.12.')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(dialog.get('[role="alert"]').text()).toBe(i18n.global.t('errors.LEGAL_HOLD_OPEN_GRANT'))

    answer = json(200, { id: 'e1', ref: REF, erasedAt: '2026-12-01T10:10:00.000Z', counts: { group_contacts: 1 }, remains: ['Die Gruppe bleibt als anonymer Datensatz.'] })
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.filter((c) => c.route.endsWith('/erase')).map((c) => c.body)).toEqual([
      { reason: 'Antrag nach Art. 17 vom 01.12.' },
      { reason: 'Antrag nach Art. 17 vom 01.12.' },
    ])
    expect(w.get('h1').text()).toBe('Daten gelöscht')
    expect(w.get('.privacy-erased li').text()).toBe('Die Gruppe bleibt als anonymer Datensatz.')
    expect(w.get('.privacy-erased a').attributes('href')).toBe('/groups/00000000-0000-4000-8000-0000000000a1')
  })

  it('restricts with a reason and shows since when and by whom', async () => {
    const { w, api } = await open(`/privacy/people/${REF}`, personHandlers(() => json(500, {})))
    await w.get('[data-action="restriction"]').trigger('click')
    await flushPromises()
    const dialog = w.get('dialog[open]')
    expect(dialog.get('h2').text()).toBe('Daten von Ida Muster einschränken?')
    await dialog.get('textarea').setValue('Bestreitet Richtigkeit')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route.startsWith('PUT'))?.body).toEqual({ restricted: true, reason: 'Bestreitet Richtigkeit' })
    expect(w.get('[data-testid="restriction-state"]').text()).toContain('Die Verarbeitung ist eingeschränkt')
    expect(w.get('[data-testid="restriction-state"]').text()).toContain('(durch Kora Koordinatorin)')
    expect(w.get('[data-action="restriction"]').text()).toBe('Einschränkung aufheben')
  })
})

const settings: RetentionSetting[] = [
  { dataClass: 'enquirer_contact', period: 6, unit: 'months', startsAt: 'Abschluss der Anfrage', action: 'Name und Kontakt werden entfernt.', defaultPeriod: 6, updatedAt: null, updatedBy: null },
  { dataClass: 'billing_record', period: 120, unit: 'months', startsAt: 'Ende des Jahres der Abrechnung', action: 'Beschreibungen werden entfernt.', defaultPeriod: 120, updatedAt: null, updatedBy: null },
]
const preview: RetentionPreview = { asOf: '2026-12-01T10:00:00.000Z', counts: [{ dataClass: 'enquirer_contact', count: 3 }, { dataClass: 'billing_record', count: 0 }], sample: [] }
const run: RetentionRun = {
  id: 'r1',
  trigger: 'manual',
  triggeredBy: { id: 'u1', name: 'Kora Koordinatorin' },
  asOf: '2026-12-01T10:01:00.000Z',
  startedAt: '2026-12-01T10:01:00.000Z',
  finishedAt: '2026-12-01T10:01:02.000Z',
  counts: [{ dataClass: 'enquirer_contact', count: 3 }],
}

describe('Datenschutz: retention', () => {
  it('shows periods in years where whole, saves only what changed, and runs now', async () => {
    const { w, api } = await open('/privacy/retention', {
      'GET /api/privacy/retention': () => json(200, { items: settings }),
      'PUT /api/privacy/retention': () => json(200, { items: [{ ...settings[0]!, period: 12 }, settings[1]] }),
      'GET /api/privacy/retention/preview': () => json(200, preview),
      'GET /api/privacy/retention/runs': () => json(200, { items: [] }),
      'POST /api/privacy/retention/runs': () => json(201, run),
    })
    expect(w.get('h1').text()).toBe('Aufbewahrung und Löschfristen')
    expect((w.get('#retention-billing_record').element as HTMLInputElement).value).toBe('10')
    expect(w.get('#retention-enquirer_contact-hint').text()).toContain('Voreinstellung: 6 Monate.')
    expect(w.get('[data-testid="retention-preview-total"]').text()).toContain('Der nächste Lauf würde 3 Datensätze anonymisieren')
    expect(w.get('.retention-counts').text()).toBe('Kontaktdaten von Anfragenden: 3')

    await w.get('#retention-enquirer_contact').setValue('1')
    const unit = w.findAll('select').find((s) => s.attributes('aria-label') === 'Einheit für Kontaktdaten von Anfragenden')!
    await unit.setValue('years')
    await w.get('form[aria-labelledby="retention-settings-title"]').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === 'PUT /api/privacy/retention')?.body).toEqual({ items: [{ dataClass: 'enquirer_contact', period: 12 }] })
    expect(w.text()).toContain('Eine Frist gespeichert.')

    await w.get('[data-action="run-retention"]').trigger('click')
    await flushPromises()
    expect(w.get('dialog[open] .modal__description').text()).toBe('3 fällige Datensätze werden jetzt anonymisiert.')
    await w.get('dialog[open] form').trigger('submit')
    await flushPromises()
    expect(w.text()).toContain('Der Lauf ist fertig: 3 Datensätze anonymisiert.')
    expect(w.findAll('.privacy-table tbody td').map((td) => td.text()).slice(1)).toEqual(['von Hand (Kora Koordinatorin)', '3', 'Kontaktdaten von Anfragenden: 3'])
  })

  it('keeps a run made while the history was still loading when the older answer arrives last', async () => {
    const history = deferred<Response>()
    const { w } = await open('/privacy/retention', {
      'GET /api/privacy/retention': () => json(200, { items: settings }),
      'GET /api/privacy/retention/preview': () => json(200, preview),
      'GET /api/privacy/retention/runs': () => history.promise,
      'POST /api/privacy/retention/runs': () => json(201, run),
    })
    await w.get('[data-action="run-retention"]').trigger('click')
    await flushPromises()
    await w.get('dialog[open] form').trigger('submit')
    await flushPromises()
    expect(w.text()).toContain('Der Lauf ist fertig: 3 Datensätze anonymisiert.')

    // The history as it was before the run arrives only now: the run just made stays listed.
    history.resolve(json(200, { items: [] }))
    await flushPromises()
    expect(w.findAll('.privacy-table tbody td').map((td) => td.text()).slice(1)).toEqual(['von Hand (Kora Koordinatorin)', '3', 'Kontaktdaten von Anfragenden: 3'])
  })

  it('refuses a period that is not a whole number, at the field', async () => {
    const { w, api } = await open('/privacy/retention', {
      'GET /api/privacy/retention': () => json(200, { items: settings }),
      'GET /api/privacy/retention/preview': () => json(200, preview),
      'GET /api/privacy/retention/runs': () => json(200, { items: [] }),
    })
    await w.get('#retention-billing_record').setValue('zehn')
    await w.get('form[aria-labelledby="retention-settings-title"]').trigger('submit')
    await flushPromises()
    expect(w.get('#retention-billing_record-error').text()).toBe('Bitte geben Sie eine ganze Zahl ein.')
    expect(w.get('#retention-billing_record').attributes('aria-invalid')).toBe('true')
    expect(document.activeElement?.id).toBe('retention-billing_record')
    expect(api.routes()).not.toContain('PUT /api/privacy/retention')
  })
})
