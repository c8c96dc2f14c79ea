import type { Referral, ReferralListQuery } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { ApiError } from '../src/api/http.ts'
import { useKeysetPages, type KeysetPage } from '../src/composables/use-keyset-pages.ts'
import { i18n } from '../src/i18n/index.ts'
import FollowUpCards from '../src/views/frontdesk/FollowUpCards.vue'
import FollowUpWorklist from '../src/views/frontdesk/FollowUpWorklist.vue'
import { referral } from './frontdesk-fixtures.ts'

// The worklist shared by "fällig" and "anstehend", mounted on its own with a fake page source: its states,
// what it says after an outcome, and where the focus goes.

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const FIRST = referral({ id: '55555555-5555-4555-8555-000000000021', offerName: 'Wohnsinn', inquirerName: 'Lea' })
const SECOND = referral({ id: '55555555-5555-4555-8555-000000000022', offerName: 'AWIG', inquirerName: 'Jürgen' })

type Fetch = (query: ReferralListQuery, cursor: string | null, signal: AbortSignal) => Promise<KeysetPage<Referral>>

/** A page with the worklist under a focusable heading, as the views have it. */
async function mountWorklist(fetchPage: Fetch, extra: Record<string, unknown> = {}) {
  const retry = vi.fn()
  const changed = vi.fn()
  const Page = defineComponent({
    setup() {
      const pages = useKeysetPages<Referral, ReferralListQuery>(fetchPage)
      void pages.load({ due: true })
      return () =>
        h('section', [
          h('h1', { id: 'list-title', tabindex: '-1' }, 'Wiedervorlagen'),
          h(FollowUpWorklist, {
            pages,
            name: 'follow-ups',
            idPrefix: 'follow-up',
            headingId: 'list-title',
            when: () => 'heute fällig',
            foundKey: 'frontdesk.followUps.found',
            foundMoreKey: 'frontdesk.followUps.foundMore',
            emptyText: 'Keine Wiedervorlagen fällig. Alle Verweise sind nachgefragt.',
            onRetry: retry,
            onChanged: changed,
            ...extra,
          }),
        ])
    },
  })
  wrapper = mount(Page, { global: { plugins: [i18n], stubs: { RouterLink: true } }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, retry, changed }
}

const titles = (w: VueWrapper) => w.findAll('.follow-up__title').map((t) => t.text())
const count = (w: VueWrapper) => w.get('[data-testid="follow-ups-count"]').text()
const announcement = (w: VueWrapper) => w.get('[data-testid="follow-ups-announcement"]').text()

describe('FollowUpWorklist', () => {
  it('says it is loading, once, until the first answer', async () => {
    const { w } = await mountWorklist(() => new Promise(() => {}))
    expect(count(w)).toBe('Wird geladen …')
    expect(w.get('.paged-results').text()).toBe('Wird geladen …')
    expect(w.get('.paged-results').attributes('aria-busy')).toBe('true')
  })

  it('shows a failure with a retry', async () => {
    const { w, retry } = await mountWorklist(() => Promise.reject(new ApiError(503, 'DATABASE_UNAVAILABLE', 'down')))
    expect(w.get('[role="alert"] p').text()).toBe(i18n.global.t('errors.DATABASE_UNAVAILABLE'))
    expect(count(w)).toBe('')
    await w.get('[role="alert"] button').trigger('click')
    expect(retry).toHaveBeenCalledTimes(1)
  })

  it('says when nothing is there, and counts what is', async () => {
    const empty = await mountWorklist(async () => ({ items: [], nextCursor: null }))
    expect(empty.w.get('.empty-state').text()).toBe('Keine Wiedervorlagen fällig. Alle Verweise sind nachgefragt.')
    expect(count(empty.w)).toBe('Keine Wiedervorlagen fällig')
    empty.w.unmount()
    const { w } = await mountWorklist(async () => ({ items: [FIRST, SECOND], nextCursor: 'c' }))
    expect(titles(w)).toEqual(['Lea → Wohnsinn', 'Jürgen → AWIG'])
    expect(count(w)).toBe('Mehr als 2 Wiedervorlagen fällig')
    expect(w.find('[data-testid="follow-up-list"]').exists()).toBe(true)
  })

  it('takes a recorded referral off, says so, and hands the focus to the card in its place, then to the heading', async () => {
    const { w, changed } = await mountWorklist(async () => ({ items: [FIRST, SECOND], nextCursor: null }))
    const cards = w.getComponent(FollowUpCards)
    cards.vm.$emit('recorded', { ...FIRST, outcome: 'helped' })
    await flushPromises()
    expect(titles(w)).toEqual(['Jürgen → AWIG'])
    expect(announcement(w)).toBe('Ergebnis „Hat geholfen“ für den Verweis an Wohnsinn gespeichert.')
    expect(document.activeElement?.id).toBe(`follow-up-${SECOND.id}-title`)
    expect(changed).toHaveBeenCalledTimes(1)
    cards.vm.$emit('postponed', { ...SECOND, followUpOn: '2026-08-03' })
    await flushPromises()
    expect(titles(w)).toEqual([])
    expect(announcement(w)).toBe('Die Nachfrage zum Verweis an AWIG wurde auf den 03.08.2026 verschoben.')
    expect(document.activeElement?.id).toBe('list-title')
    expect(changed).toHaveBeenCalledTimes(2)
  })

  it('keeps a postponed referral in place with its new day when the page says so, and still tells the page it changed', async () => {
    const { w, changed } = await mountWorklist(async () => ({ items: [FIRST, SECOND], nextCursor: null }), { keepsPostponed: () => true })
    const moved = { ...FIRST, inquirerName: 'Lea B.', followUpOn: '2026-08-03' }
    w.getComponent(FollowUpCards).vm.$emit('postponed', moved)
    await flushPromises()
    expect(titles(w)).toEqual(['Lea B. → Wohnsinn', 'Jürgen → AWIG'])
    // A referral due today moved to a later day in the range is no longer due: the page must recount.
    expect(changed.mock.calls).toEqual([[moved]])
  })
})
