import type { DashboardCounters } from '@wohnlotse/shared'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { getDashboardCounters } from '../src/api/dashboard.ts'
import { useNavCountersStore } from '../src/stores/nav-counters.ts'

vi.mock('../src/api/dashboard.ts', () => ({ getDashboardCounters: vi.fn() }))

/** Answers of the counter endpoint that the test resolves in an order of its choosing. */
function pendingAnswers() {
  const answers: ((counters: DashboardCounters) => void)[] = []
  vi.mocked(getDashboardCounters).mockImplementation(() => new Promise((resolve) => answers.push(resolve)))
  return answers
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.mocked(getDashboardCounters).mockReset()
})

describe('the navigation counters', () => {
  it('keeps the answer to the newest question when an older one arrives after it', async () => {
    const answers = pendingAnswers()
    const store = useNavCountersStore()
    // A route change asks; then a postponement forces another question before the first is answered.
    const routeChange = store.refresh(true)
    const afterPostponing = store.refresh(true)
    answers[1]!({ followUpsDue: 1 })
    await afterPostponing
    answers[0]!({ followUpsDue: 2 })
    await routeChange
    expect(store.countFor('frontDesk')).toBe(1)
  })

  it('keeps a settled count over the answer to a question asked before it', async () => {
    const answers = pendingAnswers()
    const store = useNavCountersStore()
    const earlier = store.refresh(true)
    store.settle('followUpsDue', 0)
    answers[0]!({ followUpsDue: 3 })
    await earlier
    expect(store.countFor('frontDesk')).toBe(0)
  })

  it('takes the answer to a question asked after the count was settled', async () => {
    const answers = pendingAnswers()
    const store = useNavCountersStore()
    store.settle('followUpsDue', 0)
    const later = store.refresh(true)
    answers[0]!({ followUpsDue: 1 })
    await later
    expect(store.countFor('frontDesk')).toBe(1)
  })
})
