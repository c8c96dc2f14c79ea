import { ROLES, type Role } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import App from '../src/App.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { NAVIGATION } from '../src/navigation.ts'
import { safeRedirect } from '../src/router/index.ts'
import { apiError, createTestApp, fakeApi, json, session } from './helpers.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('de')
})

const budget = { year: 2026, amountCents: 0, committedCents: 0, spentCents: 0, availableCents: 0, dayOfYear: 335, daysInYear: 365 }
const stages = { counts: { orientation: 0, concept: 0, expert: 0 }, since: '2026-09-02', moves: [], opened: 0 }

/** An empty office's Start page for each role (GET /api/dashboard). */
function emptyDashboard(role: Role) {
  const today = '2026-12-01'
  switch (role) {
    case 'coordinator':
      return {
        role, today, budget, stages, grantsNearlyUsed: [], inquiryWeeks: [],
        approvals: { count: 0, minutes: 0, oldestDate: null },
        followUps: { due: 0, overdue: 0, oldestDate: null },
      }
    case 'frontdesk':
      return { role, today, followUps: { dueToday: 0, overdue: 0, dueThisWeek: 0, upcoming: [] }, inquiriesToday: 0 }
    case 'advisor':
      return { role, today, grants: [], entries: { submittedCount: 0, submittedMinutes: 0, rejectedCount: 0 }, lastStatement: null }
    case 'admin':
      return { role, today, accountsByRole: { admin: 1, coordinator: 0, frontdesk: 0, advisor: 0, city: 0 }, deactivated: 0, signInFailures7d: 0 }
    case 'city':
      return { role, today, budget, stages, inquiryWeeks: [] }
  }
}

/** Mounts the whole app at `path`, signed in (via the refresh cookie) with the given role. */
async function openAs(role: Role, path = '/') {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', role)),
    'GET /api/dashboard': () => json(200, emptyDashboard(role)),
    'GET /api/dashboard/counters': () => json(200, {}),
    'POST /api/auth/logout': () => new Response(null, { status: 204 }),
  })
  await app.router.push(path)
  wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { w: wrapper, router: app.router, api }
}

function navLinks(w: VueWrapper): [string, string | undefined][] {
  return w.findAll('nav a').map((a) => [a.text(), a.attributes('href')])
}

describe('navigation per role', () => {
  it.each<[Role, [string, string][]]>([
    [
      'coordinator',
      [
        ['Start', '/'],
        ['Gruppen', '/groups'],
        ['Fachberatung', '/expert-advice'],
        ['Freigaben', '/approvals'],
        ['Anlaufstelle', '/front-desk'],
        ['Angebote', '/offers'],
        ['Berichte', '/reports'],
        ['Datenschutz', '/privacy'],
        ['Benutzer', '/users'],
        ['Protokoll', '/audit'],
      ],
    ],
    [
      'frontdesk',
      [
        ['Start', '/'],
        ['Anlaufstelle', '/front-desk'],
        ['Gruppen', '/groups'],
      ],
    ],
    [
      'advisor',
      [
        ['Start', '/'],
        ['Meine Kontingente', '/grants'],
        ['Meine Stunden', '/time-entries'],
        ['Abrechnungen', '/statements'],
      ],
    ],
    [
      'admin',
      [
        ['Start', '/'],
        ['Benutzer', '/users'],
        ['Angebote', '/offers'],
        ['Protokoll', '/audit'],
      ],
    ],
    [
      'city',
      [
        ['Start', '/'],
        ['Berichte', '/reports'],
      ],
    ],
  ])('shows %s exactly their areas, in order', async (role, expected) => {
    const { w } = await openAs(role)
    expect(navLinks(w)).toEqual(expected)
  })

  it('covers every role', () => {
    expect(Object.keys(NAVIGATION).sort()).toEqual([...ROLES].sort())
  })

  it.each([...ROLES])('greets a signed-in %s on the start page with their role', async (role) => {
    const { w } = await openAs(role)
    expect(w.get('h1').text()).toMatch(/^Willkommen, \S/)
    expect(w.text()).not.toMatch(/home\.|dashboard\./)
  })

  it('names the open approvals and due follow-ups in the navigation links', async () => {
    const app = createTestApp()
    fakeApi({
      'POST /api/auth/refresh': () => json(200, session('token', 'coordinator')),
      'GET /api/dashboard/counters': () => json(200, { approvals: 3, followUpsDue: 0 }),
    })
    await app.router.push('/')
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    const approvals = wrapper.get('nav a[href="/approvals"]')
    // The name is the text itself, so it begins with what is seen (axe: label-content-name-mismatch).
    expect(approvals.text().replace(/\s+/g, ' ')).toBe('Freigaben, 3 offen')
    expect(approvals.get('.app-nav__count').text()).toBe('3')
    // No badge for nothing due.
    expect(wrapper.get('nav a[href="/front-desk"]').text()).toBe('Anlaufstelle')
  })

  it('sums what waits on the phone\'s "Menü" button, hidden from screen readers and gone while the menu is open', async () => {
    const app = createTestApp()
    fakeApi({
      'POST /api/auth/refresh': () => json(200, session('token', 'coordinator')),
      'GET /api/dashboard': () => json(200, emptyDashboard('coordinator')),
      'GET /api/dashboard/counters': () => json(200, { approvals: 3, followUpsDue: 2 }),
    })
    await app.router.push('/')
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    const menu = wrapper.get('button.menu-toggle')
    const count = menu.get('[data-testid="menu-count"]')
    expect(count.text()).toBe('5')
    // The links inside say it ("Freigaben, 3 offen"); the button keeps the name "Menü".
    expect(count.attributes('aria-hidden')).toBe('true')
    await menu.trigger('click')
    expect(menu.find('[data-testid="menu-count"]').exists()).toBe(false)
  })

  it('shows no count on "Menü" when nothing waits', async () => {
    const { w } = await openAs('frontdesk')
    expect(w.get('button.menu-toggle').text()).toBe('Menü')
    expect(w.find('[data-testid="menu-count"]').exists()).toBe(false)
  })

  it('shows the coordinator name, role and the start page in German, then in English', async () => {
    const { w } = await openAs('coordinator')
    expect(w.get('h1').text()).toBe('Willkommen, Kora Koordinatorin')
    expect(w.get('.home__role').text()).toBe('Ihre Rolle: Koordination')
    expect(w.get('.session-user').text()).toBe('Angemeldet als\u00a0Kora Koordinatorin, Koordination')
    expect(w.get('nav a[aria-current="page"]').text()).toBe('Start')

    const switchButton = w.findAll('button').find((b) => b.text() === 'English')
    expect(switchButton?.attributes('lang')).toBe('en')
    await switchButton?.trigger('click')

    expect(w.get('h1').text()).toBe('Welcome, Kora Koordinatorin')
    expect(w.get('.home__role').text()).toBe('Your role: Coordinator')
    expect(navLinks(w).map(([label]) => label)).toEqual([
      'Home',
      'Groups',
      'Expert advice',
      'Approvals',
      'Front desk',
      'Offers',
      'Reports',
      'Data protection',
      'Users',
      'Audit log',
    ])
    expect(w.findAll('button').map((b) => b.text())).toEqual(['Menu', 'Deutsch', 'Sign out', 'More'])
    expect(document.documentElement.lang).toBe('en')
  })

  it('folds the navigation behind "Menü" (phones): Escape closes it and gives focus back, a link closes it', async () => {
    const { w, router } = await openAs('advisor')
    const header = w.get('header.app-header')
    const menu = w.get('button.menu-toggle')
    expect(menu.text()).toBe('Menü')
    expect(menu.attributes('aria-controls')).toBe('app-header-buttons app-nav')
    expect(menu.attributes('aria-expanded')).toBe('false')
    expect(header.classes()).not.toContain('app-header--open')

    await menu.trigger('click')
    expect(menu.attributes('aria-expanded')).toBe('true')
    expect(header.classes()).toContain('app-header--open')
    ;(w.get('#app-nav a').element as HTMLElement).focus()
    await header.trigger('keydown', { key: 'Escape' })
    expect(menu.attributes('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(menu.element)

    await menu.trigger('click')
    await router.push('/time-entries')
    await flushPromises()
    expect(menu.attributes('aria-expanded')).toBe('false')
  })

  it('keeps the coordinator\'s last three areas under "Mehr": Escape folds it and gives focus back, a link folds it', async () => {
    const { w, router } = await openAs('coordinator')
    const more = w.get('.app-nav-more__toggle')
    expect(more.text()).toBe('Mehr')
    expect(more.attributes('aria-expanded')).toBe('false')
    expect(w.findAll('.app-nav-more__list a').map((a) => a.text())).toEqual(['Datenschutz', 'Benutzer', 'Protokoll'])
    expect(w.get(`#${more.attributes('aria-controls')}`).classes()).toContain('app-nav-more__list')

    await more.trigger('click')
    expect(more.attributes('aria-expanded')).toBe('true')
    ;(w.get('.app-nav-more__list a').element as HTMLElement).focus()
    await w.get('.app-nav-more').trigger('keydown', { key: 'Escape' })
    expect(more.attributes('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(more.element)

    await more.trigger('click')
    await router.push('/audit')
    await flushPromises()
    expect(more.attributes('aria-expanded')).toBe('false')
    expect(more.classes()).toContain('app-nav-more__toggle--current')
  })

  it('answers an area of another role like an address that does not exist', async () => {
    const { w, router } = await openAs('advisor', '/reports')
    expect(router.currentRoute.value.fullPath).toBe('/reports')
    expect(w.get('h1').text()).toBe('Seite nicht gefunden')
  })

  it('opens the Berichte page (the last placeholder area) with its heading and title', async () => {
    const { w } = await openAs('coordinator', '/reports')
    await flushPromises()
    expect(w.get('h1').text()).toBe('Berichte')
    expect(w.find('.empty-state').exists()).toBe(false)
    expect(document.title).toBe('Berichte – Wohnlotse')
  })

  it('logs out to the login page', async () => {
    const { w, router, api } = await openAs('frontdesk')
    await w.findAll('button').find((b) => b.text() === 'Abmelden')?.trigger('click')
    await flushPromises()

    expect(api.routes()).toEqual(['POST /api/auth/refresh', 'GET /api/dashboard', 'POST /api/auth/logout'])
    expect(router.currentRoute.value.fullPath).toBe('/login')
    expect(w.get('h1').text()).toBe('Anmelden')
    expect(w.find('nav').exists()).toBe(false)
  })

  it('sends a signed-out visitor to the login page with the way back', async () => {
    const app = createTestApp()
    fakeApi({ 'POST /api/auth/refresh': () => apiError('UNAUTHENTICATED') })
    await app.router.push('/approvals')
    expect(app.router.currentRoute.value.fullPath).toBe('/login?redirect=/approvals')
  })
})

describe('safeRedirect()', () => {
  it.each([
    ['/groups?stage=expert', '/groups?stage=expert'],
    [undefined, '/'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/login?redirect=/x', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })
})
