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

/** Mounts the whole app at `path`, signed in (via the refresh cookie) with the given role. */
async function openAs(role: Role, path = '/') {
  const app = createTestApp()
  const api = fakeApi({
    'POST /api/auth/refresh': () => json(200, session('token', role)),
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

  it.each([...ROLES])('greets a signed-in %s on the start page with their role and cards', async (role) => {
    const { w } = await openAs(role)
    expect(w.get('h1').text()).toMatch(/^Willkommen, \S/)
    expect(w.text()).not.toContain('home.cards')
    expect(w.findAll('.home__cards > li').length).toBeGreaterThanOrEqual(2)
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
      'Reports',
      'Data protection',
      'Users',
      'Audit log',
    ])
    expect(w.findAll('button').map((b) => b.text())).toEqual(['Menu', 'Deutsch', 'Sign out'])
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

    expect(api.routes()).toEqual(['POST /api/auth/refresh', 'POST /api/auth/logout'])
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
