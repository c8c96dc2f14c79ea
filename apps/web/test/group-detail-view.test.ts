import type { Consultation, Contact, Group, Role, StageHistoryEntry, StatusHistoryEntry } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { GROUP_ID, KORA, consultation, contact, group, historyEntry } from './group-fixtures.ts'
import { apiError, createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-20T12:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

const base = `/api/groups/${GROUP_ID}`

interface Case {
  group?: Group
  history?: StageHistoryEntry[]
  statusHistory?: StatusHistoryEntry[]
  contacts?: Contact[]
  consultations?: Consultation[]
  routes?: Record<string, (call: RecordedCall) => Response | Promise<Response>>
}

/** Mounts the app on the detail page of one group, with the API answering from `c` (and `c.routes` first). */
async function openDetail(role: Role, c: Case = {}) {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', role)),
    [`GET ${base}`]: () => json(200, c.group ?? group()),
    [`GET ${base}/stage-history`]: () => json(200, { items: c.history ?? [historyEntry()] }),
    [`GET ${base}/status-history`]: () => json(200, { items: c.statusHistory ?? [] }),
    [`GET ${base}/contacts`]: () => json(200, { items: c.contacts ?? [contact()] }),
    [`GET ${base}/consultations`]: () => json(200, { items: c.consultations ?? [consultation()] }),
    ...c.routes,
  })
  await app.router.push(`/groups/${GROUP_ID}`)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, router: app.router, api }
}

const button = (w: VueWrapper, text: string) => w.findAll('button').find((b) => b.text() === text)
const texts = (w: VueWrapper, selector: string) => w.findAll(selector).map((e) => e.text())

describe('GroupDetailView for a coordinator', () => {
  it('shows the header, the data, the timeline, contacts and consultations', async () => {
    const { w } = await openDetail('coordinator', {
      group: group({ stage: 'concept', stageSince: '2026-04-20T09:00:00Z' }),
      history: [
        historyEntry({ at: '2026-01-10T09:00:00Z' }),
        historyEntry({ from: 'orientation', to: 'concept', at: '2026-04-20T09:00:00Z', by: KORA }),
      ],
    })

    expect(w.get('h1').text()).toBe('Wohnhof Hechtviertel')
    expect(document.title).toBe('Wohnhof Hechtviertel – Wohnlotse')
    expect(texts(w, '.group-detail__summary > *')).toEqual(['Stufe II – Konzeptberatung', 'Aktiv', 'In dieser Stufe seit 2 Monaten'])
    expect(w.findAll('.facts > div').map((d) => [d.get('dt').text(), d.get('dd').text()])).toEqual([
      ['Rechtsform', 'Verein (e. V.)'],
      ['Stadtteil', 'Neustadt'],
      ['Geplante Wohnungen', '12'],
      ['Projektphase', 'Planung'],
      ['Zielgruppen', 'Familien mit Kindern, Mehrgenerationenwohnen'],
      ['Sprachen', 'Deutsch'],
      ['Beschreibung', 'Zwölf Haushalte suchen ein Haus mit Hof.'],
      ['Angelegt am', '10.01.2026'],
    ])
    expect(w.findAll('.timeline__step').map((s) => [s.get('h3').text(), s.get('.timeline__duration').text()])).toEqual([
      ['Stufe I – Orientierungsberatung', '3 Monate in dieser Stufe'],
      ['Stufe II – Konzeptberatung', 'Aktuelle Stufe, seit 2 Monaten'],
    ])
    expect(w.findAll('.timeline__meta').map((m) => m.text())).toEqual(['10.01.2026 · Fritz Empfang', '20.04.2026 · Kora Koordinatorin'])
    expect(texts(w, '.group-actions__buttons button')).toEqual(['Stufe ändern', 'Pausieren', 'Abschließen'])
    expect(w.find(`a[href="/groups/${GROUP_ID}/edit"]`).text()).toBe('Bearbeiten')
    expect(texts(w, '.contact__name')).toEqual(['Lena Hartmann · Sprecherin'])
    expect(w.get('.contact__meta').text()).toBe('seit 10.01.2026 · Einwilligung vom 10.01.2026')
    expect(w.get('.consultation h3').text()).toBe('01.02.2026 · Persönlich · 60 Min.')
    expect(w.get('.consultation .badge').text()).toBe('Stufe I – Orientierungsberatung')
    expect(texts(w, '.consultation .tag')).toEqual(['Erste Orientierung', 'Gruppenfindung'])
    expect(w.get('.consultation__notes').text()).toBe('Erstgespräch mit drei Gründungsmitgliedern.')
  })

  it('keeps former contact persons apart from current ones', async () => {
    const { w } = await openDetail('coordinator', {
      contacts: [
        contact({ id: 'c1', name: 'Lena Hartmann', until: null }),
        contact({ id: 'c2', name: 'Jonas Richter', role: null, since: '2026-01-01', until: '2026-03-31', consentAt: null }),
      ],
    })
    expect(texts(w, '.contacts__subtitle')).toEqual(['Aktuell', 'Frühere Ansprechpersonen'])
    expect(texts(w, '.contacts--former .contact__name')).toEqual(['Jonas Richter'])
    expect(w.get('.contacts--former .contact__meta').text()).toBe('01.01.2026 bis 31.03.2026 · Keine Einwilligung erfasst')
  })

  it('answers an unknown group with a friendly not-found', async () => {
    const { w } = await openDetail('coordinator', { routes: { [`GET ${base}`]: () => apiError('NOT_FOUND') } })
    expect(w.get('h1').text()).toBe('Gruppe nicht gefunden')
    expect(w.get('.empty-state p').text()).toBe('Diese Gruppe gibt es nicht oder Sie haben keinen Zugriff darauf.')
    expect(w.get('.empty-state a').attributes('href')).toBe('/groups')
    expect(document.title).toBe('Gruppe nicht gefunden – Wohnlotse')
  })
})

describe('GroupDetailView for the front desk', () => {
  it('shows no controls the front desk cannot use, and hides the minutes of Stufe II/III', async () => {
    const { w } = await openDetail('frontdesk', {
      group: group({ stage: 'concept' }),
      consultations: [
        consultation({ id: 'k2', stage: 'concept', notes: null, notesHidden: true, by: KORA }),
        consultation({ id: 'k1' }),
      ],
    })

    expect(w.find('.group-actions').exists()).toBe(false)
    expect(button(w, 'Stufe ändern')).toBeUndefined()
    expect(w.find(`a[href="/groups/${GROUP_ID}/edit"]`).exists()).toBe(false)
    expect(w.find('.contact__actions').exists()).toBe(false)
    expect(button(w, 'Person hinzufügen')).toBeDefined()
    expect(button(w, 'Gespräch erfassen')).toBeUndefined()
    expect(w.get('.detail-section__hint').text()).toBe(
      'Die Anlaufstelle erfasst Gespräche der Orientierungsberatung. Gespräche in Stufe II und III hält die Koordination fest.',
    )
    const [hidden, open] = w.findAll('.consultation')
    expect(hidden!.get('.consultation__hidden').text()).toBe('Notizen nur für die Koordination sichtbar')
    expect(hidden!.find('.consultation__notes').exists()).toBe(false)
    expect(open!.get('.consultation__notes').text()).toBe('Erstgespräch mit drei Gründungsmitgliedern.')
  })

  it('lets the front desk log a consultation while the group is in Stufe I', async () => {
    const { w } = await openDetail('frontdesk')
    expect(button(w, 'Gespräch erfassen')).toBeDefined()
    expect(w.find('.detail-section__hint').exists()).toBe(false)
  })
})

describe('stage dialog', () => {
  async function openDialog(role: Role, c: Case = {}) {
    const opened = await openDetail(role, c)
    const trigger = button(opened.w, 'Stufe ändern')!
    ;(trigger.element as HTMLButtonElement).focus()
    await trigger.trigger('click')
    await flushPromises()
    return { ...opened, trigger }
  }

  const dialog = (w: VueWrapper) => w.get('dialog')
  const radios = (w: VueWrapper) =>
    dialog(w)
      .findAll('input[type="radio"]')
      .map((r) => {
        const input = r.element as HTMLInputElement
        return [input.value, input.checked, input.disabled]
      })

  it('opens with the next stage preselected and focused, and needs no reason for one step forward', async () => {
    let stage: Group['stage'] = 'orientation'
    const { w, api } = await openDialog('coordinator', {
      routes: {
        [`GET ${base}`]: () => json(200, group({ stage })),
        [`POST ${base}/stage`]: () => {
          stage = 'concept'
          return json(200, group({ stage: 'concept', stageSince: '2026-06-20T12:00:00Z' }))
        },
        [`GET ${base}/stage-history`]: () =>
          json(200, {
            items:
              stage === 'orientation'
                ? [historyEntry()]
                : [historyEntry(), historyEntry({ from: 'orientation', to: 'concept', at: '2026-06-20T12:00:00Z', by: KORA })],
          }),
      },
    })

    expect((dialog(w).element as HTMLDialogElement).open).toBe(true)
    expect(dialog(w).get('h2').text()).toBe('Beratungsstufe ändern')
    expect(radios(w)).toEqual([
      ['orientation', false, true],
      ['concept', true, false],
      ['expert', false, false],
    ])
    expect((document.activeElement as HTMLInputElement).value).toBe('concept')
    expect(dialog(w).find('#stage-reason').exists()).toBe(false)
    expect(dialog(w).get('.stage-options__hint').text()).toBe('Ein Schritt nach vorn braucht keine Begründung.')

    await dialog(w).get('form').trigger('submit')
    await flushPromises()

    expect(api.calls.find((c) => c.route === `POST ${base}/stage`)?.body).toEqual({ to: 'concept' })
    expect((dialog(w).element as HTMLDialogElement).open).toBe(false)
    expect(w.get('.group-actions [role="status"]').text()).toBe('Die Gruppe ist jetzt in Stufe II – Konzeptberatung.')
    expect(texts(w, '.timeline__step h3')).toEqual(['Stufe I – Orientierungsberatung', 'Stufe II – Konzeptberatung'])
    expect(w.get('.group-detail__summary .badge').text()).toBe('Stufe II – Konzeptberatung')
    expect(document.activeElement?.textContent?.trim()).toBe('Stufe ändern')
  })

  it('asks for a reason when a stage is skipped, says why, and sends nothing without one', async () => {
    const { w, api } = await openDialog('coordinator', {
      routes: { [`POST ${base}/stage`]: () => json(200, group({ stage: 'expert' })) },
    })

    await dialog(w).get('input[value="expert"]').setValue(true)
    expect(dialog(w).get('label[for="stage-reason"]').text()).toBe('Begründung')
    expect(dialog(w).get('#stage-reason-hint').text()).toBe(
      'Sie überspringen eine Stufe. Das ist die Ausnahme – bitte begründen Sie es, damit der Verlauf für die Berichte nachvollziehbar bleibt.',
    )

    await dialog(w).get('textarea').setValue('   ')
    await dialog(w).get('form').trigger('submit')
    await flushPromises()
    expect(dialog(w).get('#stage-reason-error').text()).toBe('Bitte geben Sie eine Begründung an.')
    expect(dialog(w).get('textarea').attributes('aria-invalid')).toBe('true')
    expect(dialog(w).get('textarea').attributes('aria-describedby')).toBe('stage-reason-hint stage-reason-error')
    expect(document.activeElement).toBe(dialog(w).get('textarea').element)
    expect(api.routes()).not.toContain(`POST ${base}/stage`)

    await dialog(w).get('textarea').setValue('  Konzept lag bereits vor  ')
    await dialog(w).get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === `POST ${base}/stage`)?.body).toEqual({ to: 'expert', reason: 'Konzept lag bereits vor' })
  })

  it('drops the reason field again when the choice goes back to one step forward', async () => {
    const { w } = await openDialog('coordinator')
    await dialog(w).get('input[value="expert"]').setValue(true)
    expect(dialog(w).find('#stage-reason').exists()).toBe(true)
    await dialog(w).get('input[value="concept"]').setValue(true)
    expect(dialog(w).find('#stage-reason').exists()).toBe(false)
  })

  it('preselects nothing at the top of the ladder, and moving back needs a reason', async () => {
    const { w, api } = await openDialog('coordinator', {
      group: group({ stage: 'expert' }),
      routes: { [`POST ${base}/stage`]: () => json(200, group({ stage: 'concept' })) },
    })
    expect(radios(w).map(([, checked]) => checked)).toEqual([false, false, false])

    await dialog(w).get('form').trigger('submit')
    expect(dialog(w).get('#stage-target-error').text()).toBe('Bitte wählen Sie die neue Stufe.')

    await dialog(w).get('input[value="concept"]').setValue(true)
    expect(dialog(w).get('#stage-reason-hint').text()).toMatch(/^Sie stufen die Gruppe zurück\./)
    await dialog(w).get('textarea').setValue('Finanzierung muss neu geplant werden')
    await dialog(w).get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === `POST ${base}/stage`)?.body).toEqual({
      to: 'concept',
      reason: 'Finanzierung muss neu geplant werden',
    })
  })

  it('shows a refusal of the API in the dialog', async () => {
    const { w } = await openDialog('coordinator', { routes: { [`POST ${base}/stage`]: () => apiError('GROUP_CLOSED') } })
    await dialog(w).get('form').trigger('submit')
    await flushPromises()
    expect(dialog(w).get('[role="alert"]').text()).toBe('Bei einer abgeschlossenen Gruppe ist das nicht möglich.')
    expect(document.activeElement).toBe(dialog(w).get('[role="alert"]').element)
    expect((dialog(w).element as HTMLDialogElement).open).toBe(true)
  })

  it('closes on Escape (the dialog\'s close event) and gives the focus back to its button', async () => {
    const { w, trigger } = await openDialog('coordinator')
    ;(dialog(w).element as HTMLDialogElement).close()
    await flushPromises()
    expect((dialog(w).element as HTMLDialogElement).open).toBe(false)
    expect(document.activeElement).toBe(trigger.element)
  })
})

describe('status actions', () => {
  it('pauses at once and asks for a reason before closing', async () => {
    let status: Group['status'] = 'active'
    const changes: StatusHistoryEntry[] = []
    const { w, api } = await openDetail('coordinator', {
      routes: {
        [`POST ${base}/status`]: (call) => {
          const body = call.body as { to: Group['status']; reason?: string; closeReason?: StatusHistoryEntry['closeReason'] }
          changes.push({ from: status, to: body.to, at: '2026-06-20T12:00:00Z', by: KORA, reason: body.reason ?? null, closeReason: body.closeReason ?? null })
          status = body.to
          return json(200, group({ status }))
        },
        [`GET ${base}/status-history`]: () => json(200, { items: changes }),
      },
    })
    expect(w.find('.status-history').exists()).toBe(false)

    const statusBodies = () => api.calls.filter((c) => c.route === `POST ${base}/status`).map((c) => c.body)
    await button(w, 'Pausieren')!.trigger('click')
    await flushPromises()
    expect(statusBodies()).toEqual([{ to: 'paused' }])
    expect(texts(w, '.group-actions__buttons button')).toEqual(['Stufe ändern', 'Reaktivieren', 'Abschließen'])
    expect(w.get('.group-actions [role="status"]').text()).toBe('Status geändert: Pausiert.')
    // The status history is fetched again and shows the pause at once.
    expect(api.routes().filter((r) => r === `GET ${base}/status-history`)).toHaveLength(2)
    expect(texts(w, '.status-history__what')).toEqual(['Pausiert'])
    expect(texts(w, '.status-history__meta')).toEqual(['20.06.2026 · Kora Koordinatorin'])
    expect(w.get('[data-testid="status-note"]').text()).toBe('Pausiert seit 20.06.2026 · Kora Koordinatorin')

    await button(w, 'Abschließen')!.trigger('click')
    await flushPromises()
    const closeDialog = w.findAll('dialog').find((d) => d.text().includes('Grund für den Abschluss'))!
    await closeDialog.get('form').trigger('submit')
    expect(closeDialog.get('.field__error').text()).toBe('Bitte geben Sie an, warum die Gruppe abgeschlossen wird.')
    expect(statusBodies()).toHaveLength(1)

    await closeDialog.get('textarea').setValue('Gruppe hat sich aufgelöst')
    await closeDialog.get('form').trigger('submit')
    await flushPromises()
    // The cause is a choice of its own (the council report counts closings by it).
    expect(closeDialog.get('#group-close-reason-error').text()).toBe('Bitte wählen Sie, warum die Gruppe abgeschlossen wird.')
    expect(document.activeElement?.id).toBe('group-close-reason')
    expect(statusBodies()).toHaveLength(1)
    await closeDialog.get('select').setValue('dissolved')
    await closeDialog.get('form').trigger('submit')
    await flushPromises()
    expect(statusBodies()).toEqual([{ to: 'paused' }, { to: 'closed', reason: 'Gruppe hat sich aufgelöst', closeReason: 'dissolved' }])
    expect(texts(w, '.group-actions__buttons button')).toEqual(['Reaktivieren'])
    expect(w.get('.group-actions .field__hint').text()).toBe(
      'Die Gruppe ist abgeschlossen. Um ihre Stufe zu ändern, reaktivieren Sie sie zuerst.',
    )
    expect(document.activeElement?.textContent?.trim()).toBe('Reaktivieren')
    expect(texts(w, '.status-history__what')).toEqual(['Pausiert', 'Abgeschlossen, zuvor pausiert'])
    expect(texts(w, '.status-history__reason')).toEqual(['Grund: Gruppe hat sich aufgelöst'])
    expect(texts(w, '[data-testid="status-note"] p')).toEqual([
      'Abgeschlossen am 20.06.2026 · Kora Koordinatorin',
      'Grund: Gruppe hat sich aufgelöst',
    ])
  })
})

describe('status history', () => {
  const paused: StatusHistoryEntry = {
    from: 'active',
    to: 'paused',
    at: '2026-06-15T10:00:00Z',
    by: KORA,
    reason: 'Grundstückssuche ruht bis zum Frühjahr',
    closeReason: null,
  }

  it('says beside the status why and since when a paused group rests, and lists the change under the timeline', async () => {
    const { w } = await openDetail('frontdesk', { group: group({ status: 'paused' }), statusHistory: [paused] })

    expect(texts(w, '.group-detail__summary .badge')).toEqual(['Stufe I – Orientierungsberatung', 'Pausiert'])
    const note = w.get('[data-testid="status-note"]')
    expect(note.classes()).toContain('status-note--paused')
    expect(note.get('.status-note__what').text()).toBe('Pausiert seit 15.06.2026 · Kora Koordinatorin')
    expect(note.get('.status-note__reason').text()).toBe('Grund: Grundstückssuche ruht bis zum Frühjahr')
    expect(note.get('.status-note__reason .visually-hidden').text()).toBe('Grund:')

    const card = w.get('.status-history')
    expect(card.get('h2').text()).toBe('Statusverlauf')
    expect(card.element.parentElement?.classList.contains('group-detail__history')).toBe(true)
    expect(card.findAll('li').map((li) => li.attributes('data-status'))).toEqual(['paused'])
    expect(card.get('.status-history__what').text()).toBe('Pausiert')
    expect(card.get('time').attributes('datetime')).toBe('2026-06-15T10:00:00Z')
    expect(card.get('.status-history__meta').text()).toBe('15.06.2026 · Kora Koordinatorin')
    expect(card.get('.status-history__reason').text()).toBe('Grund: Grundstückssuche ruht bis zum Frühjahr')
  })

  it('tells reactivations apart from what came before, oldest first, and leaves out what was not given', async () => {
    const { w } = await openDetail('coordinator', {
      statusHistory: [
        paused,
        { from: 'paused', to: 'closed', at: '2026-06-16T10:00:00Z', by: KORA, reason: 'Gruppe hat sich aufgelöst', closeReason: 'dissolved' },
        { from: 'closed', to: 'active', at: '2026-06-18T10:00:00Z', by: null, reason: null, closeReason: null },
      ],
    })

    expect(w.findAll('.status-history li').map((li) => [li.get('.status-history__what').text(), li.get('.status-history__meta').text()])).toEqual([
      ['Pausiert', '15.06.2026 · Kora Koordinatorin'],
      ['Abgeschlossen, zuvor pausiert', '16.06.2026 · Kora Koordinatorin'],
      ['Reaktiviert, zuvor abgeschlossen', '18.06.2026'],
    ])
    expect(texts(w, '.status-history__reason')).toEqual([
      'Grund: Grundstückssuche ruht bis zum Frühjahr',
      'Grund: Gruppe hat sich aufgelöst',
    ])
    // Active again: no note beside the status.
    expect(w.find('[data-testid="status-note"]').exists()).toBe(false)
  })

  it('shows neither note nor list for a group that was always active', async () => {
    const { w } = await openDetail('coordinator')
    expect(w.find('[data-testid="status-note"]').exists()).toBe(false)
    expect(w.find('.status-history').exists()).toBe(false)
  })

  it('shows a paused status without a reason as just since when', async () => {
    const { w } = await openDetail('coordinator', {
      group: group({ status: 'paused' }),
      statusHistory: [{ ...paused, reason: null, by: null }],
    })
    expect(w.get('[data-testid="status-note"]').text()).toBe('Pausiert seit 15.06.2026')
    expect(w.find('.status-note__reason').exists()).toBe(false)
  })
})

describe('contacts', () => {
  it('checks the input, adds a person and announces it', async () => {
    const added = contact({ id: 'c9', name: 'Clara Weber', role: null, email: 'clara@example.org', since: null, consentAt: null })
    let items = [contact()]
    const { w, api } = await openDetail('frontdesk', {
      routes: {
        [`GET ${base}/contacts`]: () => json(200, { items }),
        [`POST ${base}/contacts`]: () => {
          items = [...items, added]
          return json(201, added)
        },
      },
    })

    await button(w, 'Person hinzufügen')!.trigger('click')
    expect(document.activeElement?.id).toBe('contact-new-name')
    await w.get('#contact-new-email').setValue('clara(at)example.org')
    await w.get('#contact-new-since').setValue('01.05.2026')
    await w.get('#contact-new-until').setValue('1.4.2026')
    await w.get('.contact-form').trigger('submit')
    await flushPromises()
    expect(texts(w, '.contact-form .field__error')).toEqual([
      'Bitte geben Sie einen Namen ein.',
      'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.',
      'Das Enddatum darf nicht vor dem Beginn liegen.',
    ])
    expect(document.activeElement?.id).toBe('contact-new-name')
    expect(api.routes()).not.toContain(`POST ${base}/contacts`)

    await w.get('#contact-new-name').setValue(' Clara Weber ')
    await w.get('#contact-new-email').setValue('clara@example.org')
    await w.get('#contact-new-since').setValue('')
    await w.get('#contact-new-until').setValue('')
    await w.get('.contact-form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route === `POST ${base}/contacts`)?.body).toEqual({ name: 'Clara Weber', email: 'clara@example.org' })
    expect(w.find('.contact-form').exists()).toBe(false)
    expect(texts(w, '.contact__name')).toEqual(['Lena Hartmann · Sprecherin', 'Clara Weber'])
    expect(w.get('#contacts-title').element.closest('section')!.querySelector('[role="status"]')!.textContent!.trim()).toBe(
      'Clara Weber wurde hinzugefügt.',
    )
  })

  it('records the consents ticked while adding, once, even when the first attempt to record them fails', async () => {
    const added = contact({ id: 'c9', name: 'Clara Weber', role: null, email: null, since: null, consentAt: null })
    let consentAnswer = () => json(503, { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'down' })
    const { w, api } = await openDetail('frontdesk', {
      routes: {
        [`POST ${base}/contacts`]: () => json(201, added),
        'POST /api/privacy/people/contact%3Ac9/consents': () => consentAnswer(),
      },
    })
    await button(w, 'Person hinzufügen')!.trigger('click')
    expect(texts(w, '.consent-checks label')).toEqual(['Darf kontaktiert werden', 'Daten dürfen an ein Angebot weitergegeben werden'])
    await w.get('#contact-new-name').setValue('Clara Weber')
    await w.get('#contact-new-consent-contact').setValue(true)
    await w.get('.contact-form').trigger('submit')
    await flushPromises()
    expect(w.find('.contact-form [role="alert"]').exists()).toBe(true)

    consentAnswer = () => json(201, {})
    await w.get('.contact-form').trigger('submit')
    await flushPromises()
    expect(api.routes().filter((r) => r === `POST ${base}/contacts`)).toHaveLength(1)
    expect(api.calls.filter((c) => c.route.endsWith('/consents')).map((c) => c.body)).toEqual([{ purpose: 'contact' }, { purpose: 'contact' }])
    expect(w.find('.contact-form').exists()).toBe(false)
  })

  it('puts the API\'s field problems at the fields', async () => {
    const { w } = await openDetail('coordinator', {
      routes: {
        [`POST ${base}/contacts`]: () =>
          json(400, {
            statusCode: 400,
            code: 'VALIDATION_FAILED',
            message: 'body/phone must match pattern',
            details: [{ path: '/phone', message: 'must match pattern "^\\+?[0-9][0-9 ()/-]{4,29}$"' }],
          }),
      },
    })
    await button(w, 'Person hinzufügen')!.trigger('click')
    await w.get('#contact-new-name').setValue('Clara Weber')
    await w.get('.contact-form').trigger('submit')
    await flushPromises()
    expect(w.get('#contact-new-phone-error').text()).toBe('Bitte prüfen Sie die Telefonnummer.')
    expect(document.activeElement?.id).toBe('contact-new-phone')
    expect(w.find('.contact-form [role="alert"]').exists()).toBe(false)
  })

  it('erases a person only after confirmation', async () => {
    let items = [contact()]
    const { w, api } = await openDetail('coordinator', {
      routes: {
        [`GET ${base}/contacts`]: () => json(200, { items }),
        [`DELETE ${base}/contacts/${contact().id}`]: () => {
          items = []
          return new Response(null, { status: 204 })
        },
      },
    })

    await w.get('[aria-label="Lena Hartmann löschen"]').trigger('click')
    await flushPromises()
    const confirm = w.findAll('dialog').find((d) => d.text().includes('Lena Hartmann löschen?'))!
    expect((confirm.element as HTMLDialogElement).open).toBe(true)
    expect(document.activeElement?.textContent?.trim()).toBe('Abbrechen')
    expect(api.routes()).not.toContain(`DELETE ${base}/contacts/${contact().id}`)

    await confirm.findAll('button').find((b) => b.text() === 'Endgültig löschen')!.trigger('click')
    await flushPromises()
    expect(api.routes()).toContain(`DELETE ${base}/contacts/${contact().id}`)
    expect(w.find('.contact').exists()).toBe(false)
    expect(w.get('#contacts-title').element.closest('section')!.querySelector('[role="status"]')!.textContent!.trim()).toBe(
      'Lena Hartmann wurde gelöscht.',
    )
  })

  it('changes a person and sends only what changed', async () => {
    const { w, api } = await openDetail('coordinator', {
      routes: { [`PATCH ${base}/contacts/${contact().id}`]: () => json(200, contact({ until: '2026-06-01' })) },
    })
    await w.get('[aria-label="Lena Hartmann bearbeiten"]').trigger('click')
    const prefix = `#contact-${contact().id}`
    expect(document.activeElement).toBe(w.get(`${prefix}-name`).element)
    await w.get(`${prefix}-until`).setValue('01.06.2026')
    await w.get(`${prefix}-role`).setValue('')
    await w.get('.contact-form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route.startsWith('PATCH'))?.body).toEqual({ role: null, until: '2026-06-01' })
  })
})

describe('consultations', () => {
  it('logs a consultation with today as the default date', async () => {
    let items = [consultation()]
    const { w, api } = await openDetail('coordinator', {
      routes: {
        [`GET ${base}/consultations`]: () => json(200, { items }),
        [`POST ${base}/consultations`]: (call) => {
          const created = consultation({ id: 'k9', ...(call.body as object), by: KORA })
          items = [created, ...items]
          return json(201, created)
        },
      },
    })

    await button(w, 'Gespräch erfassen')!.trigger('click')
    expect((w.get('#consultation-date').element as HTMLInputElement).value).toBe('20.06.2026')
    expect(w.get('.consultation-form .date-field__native').attributes('max')).toBe('2026-06-20')

    await w.get('#consultation-date').setValue('21.6.2026')
    await w.get('#consultation-minutes').setValue('4')
    await w.get('.consultation-form').trigger('submit')
    await flushPromises()
    expect(texts(w, '.consultation-form .field__error')).toEqual([
      'Das Datum darf nicht in der Zukunft liegen.',
      'Bitte geben Sie eine ganze Zahl von 5 bis 600 Minuten ein.',
      'Bitte wählen Sie die Art des Gesprächs.',
    ])
    expect(document.activeElement?.id).toBe('consultation-date')

    await w.get('#consultation-date').setValue('19.06.2026')
    await w.get('#consultation-minutes').setValue('45')
    await w.get('#consultation-channel').setValue('phone')
    await w.get('#consultation-language').setValue('ar')
    const topics = w.findAll('#consultation-topics input')
    await topics.find((t) => (t.element as HTMLInputElement).value === 'financing')!.setValue(true)
    await topics.find((t) => (t.element as HTMLInputElement).value === 'orientation')!.setValue(true)
    await w.get('#consultation-notes').setValue('  Finanzierung angesprochen.  ')
    await w.get('.consultation-form').trigger('submit')
    await flushPromises()

    expect(api.calls.find((c) => c.route === `POST ${base}/consultations`)?.body).toEqual({
      date: '2026-06-19',
      minutes: 45,
      channel: 'phone',
      language: 'ar',
      topics: ['orientation', 'financing'],
      notes: 'Finanzierung angesprochen.',
    })
    expect(w.get('.consultation h3').text()).toBe('19.06.2026 · Telefon · 45 Min.')
    expect(w.get('.consultation__meta').text()).toBe('Erfasst von Kora Koordinatorin · auf Arabisch')
    expect(document.activeElement).toBe(w.get('.consultation h3').element)
  })

  it('shows the API\'s date problem at the date field', async () => {
    const { w } = await openDetail('coordinator', {
      routes: {
        [`POST ${base}/consultations`]: () =>
          json(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', details: [{ path: '/date', message: 'must not be in the future' }] }),
      },
    })
    await button(w, 'Gespräch erfassen')!.trigger('click')
    await w.get('#consultation-minutes').setValue('30')
    await w.get('#consultation-channel').setValue('email')
    await w.get('.consultation-form').trigger('submit')
    await flushPromises()
    expect(w.get('#consultation-date-error').text()).toBe('Bitte prüfen Sie das Datum; es darf nicht in der Zukunft liegen.')
    expect(document.activeElement?.id).toBe('consultation-date')
  })
})
