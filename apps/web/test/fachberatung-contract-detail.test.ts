import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { CONTRACT_ID, contract, grant } from './fachberatung-fixtures.ts'
import { apiError, createTestApp, fakeApi, json, session } from './helpers.ts'

const GRANTS = `GET /api/grants?contractId=${CONTRACT_ID}&limit=200`

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-20T12:00:00Z') })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

async function open(routes: Parameters<typeof fakeApi>[0]) {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', 'coordinator')),
    [`GET /api/contracts/${CONTRACT_ID}`]: () => json(200, contract()),
    ...routes,
  })
  await app.router.push(`/expert-advice/contracts/${CONTRACT_ID}`)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w: wrapper, api }
}

const groupNames = (w: VueWrapper) => w.findAll('.contract-detail__grants tbody th').map((th) => th.text())

describe('ContractDetailView', () => {
  it("asks for the contract's grants and follows every page of them", async () => {
    const grants = ['Elbwiese', 'Hechtviertel', 'Pieschen'].map((name, i) =>
      grant({ id: `11111111-1111-4111-8111-00000000000${i}`, groupName: `Gruppe ${name}` }),
    )
    const { w, api } = await open({
      [GRANTS]: () => json(200, { items: grants.slice(0, 2), nextCursor: 'page-2' }),
      [`${GRANTS}&cursor=page-2`]: () => json(200, { items: grants.slice(2), nextCursor: null }),
    })
    expect(w.get('h1').text()).toBe('Rahmenvertrag RV-2025-01')
    expect(groupNames(w)).toEqual(['Gruppe Elbwiese', 'Gruppe Hechtviertel', 'Gruppe Pieschen'])
    expect(api.routes().filter((r) => r.startsWith('GET /api/grants'))).toEqual([GRANTS, `${GRANTS}&cursor=page-2`])
  })

  it('says so when no grant is under the contract', async () => {
    const { w } = await open({ [GRANTS]: () => json(200, { items: [], nextCursor: null }) })
    expect(w.find('.contract-detail__grants table').exists()).toBe(false)
    expect(w.get('.contract-detail__grants .empty-state').text()).toBe('Unter diesem Vertrag wurden noch keine Stunden gewährt.')
  })

  it('shows the failure, not a partial list, when a later page fails', async () => {
    const { w } = await open({
      [GRANTS]: () => json(200, { items: [grant()], nextCursor: 'page-2' }),
      [`${GRANTS}&cursor=page-2`]: () => apiError('INTERNAL_ERROR'),
    })
    expect(w.find('.contract-detail__grants').exists()).toBe(false)
    expect(w.get('.contract-detail [role="alert"] p').text()).toBe('Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.')
  })
})
