import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { createTestApp, fakeApi, json, session } from './helpers.ts'

// "Integrität prüfen" on the Protokoll screen: asks the API to recompute the audit's hash chain and says the answer.

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('de')
})

async function open(verify: () => Response, role: 'admin' | 'coordinator' = 'coordinator') {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', role)),
    'GET /api/audit?limit=50': () => json(200, { items: [], nextCursor: null }),
    'GET /api/audit/verify': verify,
  })
  await app.router.push('/audit')
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api }
}

const result = (w: VueWrapper) => w.get('[data-testid="audit-verify-result"]')

describe('AuditView: Integrität prüfen', () => {
  it('checks only when asked, and says that the chain is intact with the number of entries', async () => {
    const { w, api } = await open(() => json(200, { intact: true, checked: 1520, firstBrokenSeq: null }))
    const button = w.get('[data-testid="audit-verify"]')
    expect(button.text()).toBe('Integrität prüfen')
    expect(button.attributes('aria-describedby')).toBe('audit-verify-hint')
    expect(api.routes()).not.toContain('GET /api/audit/verify')
    // The answer appears in a live region that is there from the start, so it is announced.
    expect(result(w).attributes('role')).toBe('status')
    expect(result(w).text()).toBe('')

    await button.trigger('click')
    await flushPromises()
    expect(result(w).text()).toBe('Das Protokoll ist unverändert: 1520 Einträge geprüft, die Kette ist vollständig.')
    expect(result(w).find('.notice--success').exists()).toBe(true)
  })

  it('names the entry where the chain breaks', async () => {
    const { w } = await open(() => json(200, { intact: false, checked: 88, firstBrokenSeq: 42 }), 'admin')
    await w.get('[data-testid="audit-verify"]').trigger('click')
    await flushPromises()
    expect(result(w).text()).toBe(
      'Das Protokoll wurde verändert: Die Kette bricht bei Eintrag Nr. 42 (88 Einträge geprüft). Bitte informieren Sie die Datenschutzbeauftragte oder den Datenschutzbeauftragten.',
    )
    expect(result(w).find('.notice--error').exists()).toBe(true)
  })

  it('speaks English too', async () => {
    const { w } = await open(() => json(200, { intact: false, checked: 3, firstBrokenSeq: 2 }))
    setLocale('en')
    await flushPromises()
    expect(w.get('[data-testid="audit-verify"]').text()).toBe('Check integrity')
    await w.get('[data-testid="audit-verify"]').trigger('click')
    await flushPromises()
    expect(result(w).text()).toBe('The audit trail has been changed: the chain breaks at entry no. 2 (3 entries checked). Please inform the data protection officer.')
  })

  it('says why when the check itself fails', async () => {
    const { w } = await open(() => json(403, { statusCode: 403, code: 'FORBIDDEN', message: 'no' }))
    await w.get('[data-testid="audit-verify"]').trigger('click')
    await flushPromises()
    expect(result(w).find('.notice--error').exists()).toBe(true)
    expect(result(w).text()).toBe(i18n.global.t('errors.FORBIDDEN'))
  })
})
