import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import { i18n } from '../src/i18n/index.ts'
import BudgetPanel from '../src/views/fachberatung/BudgetPanel.vue'
import DefaultGrantSetting from '../src/views/fachberatung/DefaultGrantSetting.vue'
import SuppressionSetting from '../src/views/reports/SuppressionSetting.vue'
import { apiError, createTestApp, deferred, fakeApi, json, type RecordedCall } from './helpers.ts'

// The small settings panels ("Standardkontingent", threshold k): loading, a failed load with its retry, and the
// saved notice or refusal of a save, each said once (ActionNotice, PagedResults).

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

async function mountPanel(component: Component, handlers: Record<string, (call: RecordedCall) => Response | Promise<Response>>) {
  const app = createTestApp()
  const api = fakeApi(handlers)
  wrapper = mount(component, { global: { plugins: [app.pinia, i18n] }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, api }
}

const SETTINGS = { defaultGrantMinutes: 600 }

describe('Standardkontingent', () => {
  it('says it is loading, then shows the hours', async () => {
    const held = deferred<Response>()
    const { w } = await mountPanel(DefaultGrantSetting, { 'GET /api/settings': () => held.promise })
    expect(w.get('.paged-results').text()).toBe('Wird geladen …')
    expect(w.find('[data-action="edit-default-grant"]').exists()).toBe(false)
    held.resolve(json(200, SETTINGS))
    await flushPromises()
    expect(w.get('[data-testid="default-grant"]').text()).toBe('10,0\u00a0Std.')
    expect(w.text()).not.toContain('Wird geladen …')
  })

  it('shows a failed load with a retry that loads again', async () => {
    let calls = 0
    const { w } = await mountPanel(DefaultGrantSetting, {
      'GET /api/settings': () => (++calls === 1 ? apiError('DATABASE_UNAVAILABLE') : json(200, SETTINGS)),
    })
    const alert = w.get('[role="alert"]')
    expect(alert.get('p').text()).toBe(i18n.global.t('errors.DATABASE_UNAVAILABLE'))
    await alert.get('button').trigger('click')
    await flushPromises()
    expect(w.find('[role="alert"]').exists()).toBe(false)
    expect(w.get('[data-testid="default-grant"]').text()).toBe('10,0\u00a0Std.')
  })

  it('says what was saved, and shows a refusal', async () => {
    let refuse = true
    const { w } = await mountPanel(DefaultGrantSetting, {
      'GET /api/settings': () => json(200, SETTINGS),
      'PATCH /api/settings': (call) => (refuse ? apiError('FORBIDDEN') : json(200, call.body)),
    })
    await w.get('[data-action="edit-default-grant"]').trigger('click')
    await w.get('#default-grant-hours').setValue('12')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe(i18n.global.t('errors.FORBIDDEN'))
    refuse = false
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.find('[role="alert"]').exists()).toBe(false)
    expect(w.get('[role="status"]').text()).toBe('Standardkontingent auf 12,0\u00a0Std. geändert.')
    expect(w.get('[data-testid="default-grant"]').text()).toBe('12,0\u00a0Std.')
  })
})

describe('Schwelle für kleine Fallzahlen', () => {
  it('shows a failed load with a retry, then the threshold and its form', async () => {
    let calls = 0
    const { w } = await mountPanel(SuppressionSetting, {
      'GET /api/reports/council/settings': () => (++calls === 1 ? apiError('DATABASE_UNAVAILABLE') : json(200, { minCellSize: 5 })),
    })
    expect(w.find('form').exists()).toBe(false)
    await w.get('[role="alert"] button').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="min-cell-size"]').text()).toBe('Aktuell: k = 5 (Fallzahlen von 1 bis 4 werden zurückgehalten).')
    expect((w.get('#min-cell-size').element as HTMLInputElement).value).toBe('5')
  })

  it('says what was saved', async () => {
    const { w } = await mountPanel(SuppressionSetting, {
      'GET /api/reports/council/settings': () => json(200, { minCellSize: 5 }),
      'PUT /api/reports/council/settings': (call) => json(200, call.body),
    })
    await w.get('#min-cell-size').setValue('7')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[role="status"]').text()).toBe('Gespeichert: Fallzahlen von 1 bis 6 erscheinen jetzt als „< 7“.')
    expect(w.get('[data-testid="min-cell-size"]').text()).toBe('Aktuell: k = 7 (Fallzahlen von 1 bis 6 werden zurückgehalten).')
    expect(w.emitted('saved')).toEqual([[7]])
  })
})

describe('Beraterbudget', () => {
  const BUDGET = { year: 2026, amountCents: 0, committedCents: 90_000, spentCents: 0, availableCents: 0 }

  it('says there is none yet, checks the amount at its field, and says what was set', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-20T12:00:00Z') })
    const { w, api } = await mountPanel(BudgetPanel, {
      'GET /api/advisor-budgets/2026': () => json(200, BUDGET),
      'PUT /api/advisor-budgets/2026': (call) => {
        const amountCents = (call.body as { amountCents: number }).amountCents
        return json(200, { ...BUDGET, amountCents, availableCents: amountCents - BUDGET.committedCents })
      },
    })
    expect(w.get('.budget__none').text()).toBe('Für 2026 ist noch kein Beraterbudget festgelegt.')
    await w.get('[data-action="set-budget"]').trigger('click')
    const input = w.get('#budget-amount')
    expect(w.get('label[for="budget-amount"]').text()).toBe('Beraterbudget 2026 in Euro')
    expect(input.attributes('aria-describedby')).toBe('budget-amount-hint')
    await input.setValue('viel')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#budget-amount-error').text()).toBe('Bitte geben Sie einen Betrag in Euro an, z. B. 60.000 oder 60000,00.')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(api.routes().filter((r) => r.startsWith('PUT'))).toEqual([])
    await input.setValue('60.000')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(api.calls.find((c) => c.route.startsWith('PUT'))?.body).toEqual({ amountCents: 6_000_000 })
    expect(w.get('[role="status"]').text()).toBe('Beraterbudget 2026 auf 60.000,00\u00a0€ festgelegt.')
    expect(w.get('[data-testid="budget-available"]').text()).toBe('59.100,00\u00a0€')
  })
})
