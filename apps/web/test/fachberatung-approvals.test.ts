import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import App from '../src/App.vue'
import { useSelection } from '../src/composables/use-selection.ts'
import { i18n } from '../src/i18n/index.ts'
import { queueByAdvisor } from '../src/views/fachberatung/approval-queue.ts'
import { MIRIAM, PAUL, timeEntry } from './fachberatung-fixtures.ts'
import { apiError, createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

const NBSP = '\u00a0'

describe('useSelection()', () => {
  const make = () => effectScope().run(() => useSelection())!

  it('toggles single ids and counts them', () => {
    const s = make()
    s.toggle('a')
    s.toggle('b')
    s.toggle('a')
    expect([s.has('a'), s.has('b'), s.count.value]).toEqual([false, true, 1])
    s.toggle('b', true)
    expect(s.count.value).toBe(1)
  })

  it('selects all of a part, and deselects them when all were selected', () => {
    const s = make()
    s.toggle('x')
    s.toggleAll(['a', 'b', 'c'])
    expect(s.inOrder(['c', 'x', 'a', 'b'])).toEqual(['c', 'x', 'a', 'b'])
    expect(s.allOf(['a', 'b', 'c'])).toBe(true)
    s.toggleAll(['a', 'b', 'c'])
    expect(s.inOrder(['a', 'b', 'c', 'x'])).toEqual(['x'])
  })

  it('knows "some but not all" for the mixed state of a select-all box', () => {
    const s = make()
    expect([s.allOf([]), s.someOf([])]).toEqual([false, false])
    s.toggle('a')
    expect([s.allOf(['a', 'b']), s.someOf(['a', 'b'])]).toEqual([false, true])
    s.toggle('b')
    expect([s.allOf(['a', 'b']), s.someOf(['a', 'b'])]).toEqual([true, false])
  })

  it('gives the selected ids in the order of the list, and forgets ids that left it', () => {
    const s = make()
    s.toggleAll(['c', 'a', 'b'])
    expect(s.inOrder(['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c'])
    s.keepOnly(['b', 'd'])
    expect([s.count.value, s.inOrder(['a', 'b', 'c', 'd'])]).toEqual([1, ['b']])
    s.clear()
    expect(s.count.value).toBe(0)
  })
})

describe('queueByAdvisor()', () => {
  it('groups entries per advisor by name, each oldest first, with ids and minutes', () => {
    const a = timeEntry({ advisorId: PAUL, advisorName: 'Paul Schubert', date: '2026-03-02', minutes: 60 })
    const b = timeEntry({ date: '2026-03-09', minutes: 45 })
    const c = timeEntry({ date: '2026-03-01', minutes: 90 })
    const queues = queueByAdvisor([a, b, c])
    expect(queues.map((q) => [q.advisorName, q.ids, q.minutes])).toEqual([
      ['Miriam Hoffmann', [c.id, b.id], 135],
      ['Paul Schubert', [a.id], 60],
    ])
  })
})

describe('ApprovalsView', () => {
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-20T12:00:00Z') })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    vi.useRealTimers()
  })

  const m1 = timeEntry({ date: '2026-03-02', minutes: 60, description: 'Bankgespräch' })
  const m2 = timeEntry({ date: '2026-03-05', minutes: 45, description: 'Nachbereitung' })
  const p1 = timeEntry({ advisorId: PAUL, advisorName: 'Paul Schubert', date: '2026-03-03', minutes: 90, description: 'Satzung' })
  const LIST = 'GET /api/time-entries?status=submitted&limit=500'

  async function open(routes: Record<string, (call: RecordedCall) => Response | Promise<Response>> = {}) {
    const app = createTestApp()
    const api = fakeApi({
      'POST /api/auth/refresh': () => json(200, session('token', 'coordinator')),
      [LIST]: () => json(200, { items: [p1, m2, m1], nextCursor: null }),
      ...routes,
    })
    await app.router.push('/approvals')
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    return { w: wrapper, api }
  }

  const checkbox = (w: VueWrapper, label: string) => {
    const l = w.findAll('label').find((x) => x.text().includes(label))
    if (!l) throw new Error(`no checkbox "${label}"`)
    return l.get('input[type="checkbox"]')
  }
  const button = (w: VueWrapper, text: string) => w.findAll('button').find((b) => b.text().startsWith(text))!
  // The group cell also holds the grant lines (asserted on their own): the row reads the group's link there.
  const rows = (w: VueWrapper) => w.findAll('tbody tr').map((r) => r.findAll('td').slice(1, 6).map((c) => (c.find('a').exists() ? c.get('a') : c).text()))

  it('lists the submitted entries per advisor, oldest first, with a summary', async () => {
    const { w } = await open()
    expect(w.get('h1').text()).toBe('Freigaben')
    expect(w.findAll('.approvals__advisor h2').map((h) => h.text())).toEqual([
      `Miriam Hoffmann 2 Einträge · 1,75${NBSP}Std.`,
      `Paul Schubert ein Eintrag · 1,5${NBSP}Std.`,
    ])
    expect(rows(w)).toEqual([
      ['02.03.2026', 'Genossenschaftsinitiative Elbwiese', 'Beratungsgespräch', 'Bankgespräch', `1,0${NBSP}Std.`],
      ['05.03.2026', 'Genossenschaftsinitiative Elbwiese', 'Beratungsgespräch', 'Nachbereitung', `0,75${NBSP}Std.`],
      ['03.03.2026', 'Genossenschaftsinitiative Elbwiese', 'Beratungsgespräch', 'Satzung', `1,5${NBSP}Std.`],
    ])
    expect(w.get('[data-testid="approvals-status"]').text()).toBe(`3 Stundennachweise warten auf Freigabe (3,25${NBSP}Std.).`)
  })

  it('approves the selected entries in one request, in the order shown, and announces it', async () => {
    const { w, api } = await open({
      'POST /api/time-entries/approve': (call) =>
        json(200, { items: (call.body as { ids: string[] }).ids.map((id) => ({ ...[m1, m2, p1].find((e) => e.id === id), status: 'approved' })) }),
    })
    await checkbox(w, 'Auswählen: 03.03.2026').setValue(true)
    await checkbox(w, 'Auswählen: 02.03.2026').setValue(true)
    expect(button(w, 'Ausgewählte freigeben').text()).toBe('Ausgewählte freigeben (2)')
    expect(w.text()).toContain(`Ausgewählt: 2,5${NBSP}Std.`)

    await button(w, 'Ausgewählte freigeben').trigger('click')
    await flushPromises()

    expect(api.calls.filter((c) => c.route.startsWith('POST /api/time-entries')).map((c) => [c.route, c.body])).toEqual([
      ['POST /api/time-entries/approve', { ids: [m1.id, p1.id] }],
    ])
    expect(rows(w).map((r) => r[3])).toEqual(['Nachbereitung'])
    expect(w.findAll('[data-testid="approvals-status"] p').map((p) => p.text())).toEqual([
      `2 Stundennachweise freigegeben (2,5${NBSP}Std.).`,
      `Ein Stundennachweis wartet auf Freigabe (0,75${NBSP}Std.).`,
    ])
    expect(button(w, 'Ausgewählte freigeben').text()).toBe('Ausgewählte freigeben (0)')
  })

  it("selects all of one advisor's entries with their box, and all entries with the toolbar's", async () => {
    const { w } = await open()
    const miriamBox = checkbox(w, 'Alle Einträge von Miriam Hoffmann auswählen')
    await checkbox(w, 'Auswählen: 02.03.2026').setValue(true)
    expect((miriamBox.element as HTMLInputElement).indeterminate).toBe(true)
    await miriamBox.setValue(true)
    expect(button(w, 'Ausgewählte freigeben').text()).toBe('Ausgewählte freigeben (2)')
    expect((miriamBox.element as HTMLInputElement).checked).toBe(true)

    await checkbox(w, 'Alle auswählen').setValue(true)
    expect(button(w, 'Ausgewählte freigeben').text()).toBe('Ausgewählte freigeben (3)')
    await checkbox(w, 'Alle auswählen').setValue(false)
    expect(button(w, 'Ausgewählte freigeben').text()).toBe('Ausgewählte freigeben (0)')
  })

  it('asks for a selection instead of sending an empty one', async () => {
    const { w, api } = await open()
    await button(w, 'Ausgewählte freigeben').trigger('click')
    await flushPromises()
    expect(w.get('#approvals-hint').text()).toBe('Bitte wählen Sie mindestens einen Stundennachweis aus.')
    expect(api.routes().filter((r) => r.startsWith('POST /api/time-entries'))).toEqual([])
  })

  it('rejects one entry only with a reason, and takes it off the list', async () => {
    const { w, api } = await open({
      [`POST /api/time-entries/${p1.id}/reject`]: () => json(200, { ...p1, status: 'rejected', rejectionReason: 'Nicht abrechenbar' }),
    })
    const row = w.findAll('tbody tr').find((r) => r.text().includes('Satzung'))!
    await row.findAll('button').find((b) => b.text().startsWith('Zurückweisen'))!.trigger('click')
    await flushPromises()
    const dialog = w.get('dialog')
    expect(dialog.get('h2').text()).toBe('Stundennachweis zurückweisen')
    expect(dialog.text()).toContain(`Paul Schubert: 03.03.2026, Genossenschaftsinitiative Elbwiese, 1,5${NBSP}Std.`)

    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(dialog.get('.field__error').text()).toBe('Bitte geben Sie einen Grund an.')
    expect(document.activeElement).toBe(dialog.get('textarea').element)
    expect(api.routes().filter((r) => r.includes('/reject'))).toEqual([])

    await dialog.get('textarea').setValue('  Nicht abrechenbar  ')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.filter((c) => c.route.includes('/reject')).map((c) => c.body)).toEqual([{ reason: 'Nicht abrechenbar' }])
    expect(rows(w).map((r) => r[3])).toEqual(['Bankgespräch', 'Nachbereitung'])
    expect(w.get('[data-testid="approvals-status"] .notice').text()).toBe(
      `Stundennachweis von Paul Schubert (03.03.2026, Genossenschaftsinitiative Elbwiese, 1,5${NBSP}Std.) zurückgewiesen.`,
    )
  })

  it("shows each entry's grant and the hours it leaves, and warns when approving would overdraw it", async () => {
    const over = timeEntry({
      date: '2026-03-06',
      minutes: 120,
      description: 'Überzug',
      grant: { purpose: 'Satzungsentwurf', grantedMinutes: 300, approvedMinutes: 210, submittedMinutes: 120 },
    })
    const { w } = await open({ [LIST]: () => json(200, { items: [m1, over], nextCursor: null }) })
    const grantOf = (text: string) => {
      const row = w.findAll('tbody tr').find((r) => r.text().includes(text))!
      return [row.get('[data-testid="entry-grant"]').text(), row.get('[data-testid="entry-left"]').text(), row.find('.approvals__left--over').exists()]
    }
    // 600 granted − 270 approved − 60 this entry = 270 minutes.
    expect(grantOf('Bankgespräch')).toEqual([`Kontingent „Finanzierungskonzept“: 10,0${NBSP}Std. bewilligt`, `Danach frei: 4,5${NBSP}Std.`, false])
    // 300 − 210 − 120 = −30 minutes.
    expect(grantOf('Überzug')).toEqual([`Kontingent „Satzungsentwurf“: 5,0${NBSP}Std. bewilligt`, `Würde das Kontingent um 0,5${NBSP}Std. überziehen`, true])
  })

  it('rejects the selected entries with one reason in one request, and announces it', async () => {
    const { w, api } = await open({
      'POST /api/time-entries/reject': (call) =>
        json(200, { items: (call.body as { ids: string[] }).ids.map((id) => ({ ...[m1, m2, p1].find((e) => e.id === id), status: 'rejected' })) }),
    })
    await checkbox(w, 'Auswählen: 03.03.2026').setValue(true)
    await checkbox(w, 'Auswählen: 05.03.2026').setValue(true)
    expect(button(w, 'Ausgewählte zurückweisen').text()).toBe('Ausgewählte zurückweisen (2)')
    await button(w, 'Ausgewählte zurückweisen').trigger('click')
    await flushPromises()
    const dialog = w.get('dialog')
    expect(dialog.get('h2').text()).toBe('2 Stundennachweise zurückweisen')
    expect(dialog.text()).toContain(`2 Stundennachweise (2,25${NBSP}Std.) von Miriam Hoffmann, Paul Schubert; alle mit demselben Grund.`)
    const textarea = dialog.get('textarea')
    expect([textarea.attributes('maxlength'), textarea.attributes('required')]).toEqual(['2000', ''])

    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(dialog.get('.field__error').text()).toBe('Bitte geben Sie einen Grund an.')
    expect(api.routes().filter((r) => r.includes('/reject'))).toEqual([])

    await textarea.setValue(' Doppelt erfasst ')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.filter((c) => c.route.includes('/reject')).map((c) => [c.route, c.body])).toEqual([
      ['POST /api/time-entries/reject', { ids: [m2.id, p1.id], reason: 'Doppelt erfasst' }],
    ])
    expect(rows(w).map((r) => r[3])).toEqual(['Bankgespräch'])
    expect(w.get('[data-testid="approvals-status"] .notice').text()).toBe(`2 Stundennachweise zurückgewiesen (2,25${NBSP}Std.).`)
    expect(w.get('dialog').attributes('open')).toBeUndefined()
  })

  it('asks for a selection before rejecting', async () => {
    const { w } = await open()
    await button(w, 'Ausgewählte zurückweisen').trigger('click')
    await flushPromises()
    expect(w.get('#approvals-hint').text()).toBe('Bitte wählen Sie mindestens einen Stundennachweis aus.')
    expect(w.find('dialog[open]').exists()).toBe(false)
  })

  it('shows a refused multi-reject in the dialog, rejects none and re-reads the queue', async () => {
    let reads = 0
    const { w, api } = await open({
      [LIST]: () => {
        reads += 1
        return json(200, { items: reads === 1 ? [p1, m2, m1] : [p1, m2], nextCursor: null })
      },
      'POST /api/time-entries/reject': () => apiError('ENTRY_LOCKED'),
    })
    await checkbox(w, 'Alle auswählen').setValue(true)
    await button(w, 'Ausgewählte zurückweisen').trigger('click')
    await flushPromises()
    const dialog = w.get('dialog')
    await dialog.get('textarea').setValue('Nicht abrechenbar')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.filter((c) => c.route.includes('/reject')).map((c) => (c.body as { ids: string[] }).ids.length)).toEqual([3])
    expect(dialog.get('[role="alert"]').text()).toBe('Dieser Stundennachweis ist freigegeben oder abgerechnet und kann nicht mehr geändert werden.')
    expect(dialog.attributes('open')).toBeDefined()
    expect(api.routes().filter((r) => r === LIST).length).toBe(2)
    expect(rows(w).map((r) => r[3])).toEqual(['Nachbereitung', 'Satzung'])
  })

  it('re-reads the queue when someone else reviewed an entry meanwhile', async () => {
    let reads = 0
    const { w, api } = await open({
      [LIST]: () => {
        reads += 1
        return json(200, { items: reads === 1 ? [p1, m2, m1] : [m2], nextCursor: null })
      },
      [`POST /api/time-entries/${m1.id}/approve`]: () => apiError('ENTRY_LOCKED'),
    })
    const row = w.findAll('tbody tr').find((r) => r.text().includes('Bankgespräch'))!
    await row.findAll('button').find((b) => b.text().startsWith('Freigeben'))!.trigger('click')
    await flushPromises()
    expect(api.routes().filter((r) => r === LIST).length).toBe(2)
    expect(w.text()).toContain('Dieser Stundennachweis ist freigegeben oder abgerechnet und kann nicht mehr geändert werden.')
    expect(rows(w).map((r) => r[3])).toEqual(['Nachbereitung'])
  })

  it('says so when nothing waits', async () => {
    const { w } = await open({ [LIST]: () => json(200, { items: [], nextCursor: null }) })
    expect(w.get('[data-testid="approvals-empty"]').text()).toBe('Keine offenen Stundennachweise.')
    expect(w.find('table').exists()).toBe(false)
  })
})

describe('MyGrantsView', () => {
  let wrapper: VueWrapper | undefined

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('updates the remaining hours at once after logging, before the grant is re-read', async () => {
    const { grant, GRANT_ID } = await import('./fachberatung-fixtures.ts')
    const { deferred } = await import('./helpers.ts')
    const reread = deferred<Response>()
    const app = createTestApp()
    fakeApi({
      'POST /api/auth/refresh': () => json(200, session('token', 'advisor')),
      'GET /api/grants?limit=200': () => json(200, { items: [grant()], nextCursor: null }),
      [`POST /api/grants/${GRANT_ID}/time-entries`]: (call) => json(201, timeEntry({ ...(call.body as object), advisorId: MIRIAM })),
      [`GET /api/grants/${GRANT_ID}`]: () => reread.promise,
    })
    await app.router.push('/grants')
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    const w = wrapper

    const remaining = () => w.get('[data-testid="remaining-hours"]').text()
    expect(remaining()).toBe(`4,75${NBSP}Std.`)
    await w.get('[data-action="log-hours"]').trigger('click')
    await w.get('select').setValue('90')
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(remaining()).toBe(`3,25${NBSP}Std.`)
    expect(w.get('[data-testid="hours-submitted"]').text()).toBe(`2,25${NBSP}Std.`)
    expect(w.get('[data-testid="logged-notice"]').text()).toMatch(new RegExp(`^1,5${NBSP}Std. am \\d\\d\\.\\d\\d\\.\\d{4} eingereicht\\. Noch frei: 3,25${NBSP}Std.\\.$`))

    // The re-read grant wins (another device logged 0,25 Std. meanwhile).
    reread.resolve(json(200, grant({ submittedMinutes: 150, remainingMinutes: 180 })))
    await flushPromises()
    expect(remaining()).toBe(`3,0${NBSP}Std.`)
  })
})
