import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Role } from '@wohnlotse/shared'
import { NAVIGATION, type AreaKey } from '../src/navigation.ts'
import { apiGet } from './api-read.ts'
import {
  accessibilityViolations,
  apiToken,
  clippedCells,
  launchBrowser,
  noSidewaysScrolling,
  screenshot,
  signInAs,
  watchConsole,
} from './support.ts'

/**
 * The tour (issue 12: "axe stays at 0 violations on every page"): every role visits every page it may open — every
 * route of the SPA's router, detail pages included — at desktop (1280 px) and phone width (390 px). On each page:
 * axe without findings, no console problem, no failed request, no error notice, no sideways scrolling and no cut-off
 * card cell on a phone, no duration written like a time of day ("22:00 h"), no native date field, the due follow-ups
 * counted in the header (on "Menü" on a phone); then a screenshot
 * (`artifacts/tour-<role>-<width>-<route>.png`). The route list is read from the running SPA's router, so a route
 * without an entry in STOPS fails the tour, and so does a role reaching fewer or more routes than the router allows.
 * One browser, one sign-in per role; each page loads once at desktop width and is checked again after narrowing the
 * window to a phone's width (the layout follows the width; `PHONE`'s touch emulation is the other journeys' part).
 * `TOUR_TIMING=1` prints how long each page took.
 */

const baseUrl = inject('baseUrl')
const ROLES: readonly Role[] = ['coordinator', 'frontdesk', 'advisor', 'admin', 'city']
const WIDTHS = [
  { name: 'desktop', size: { width: 1280, height: 860 } },
  { name: 'phone', size: { width: 390, height: 844 } },
] as const

/** Ids of real demo records for the detail pages, read through the API before the tour starts. */
interface Fixtures {
  group: string
  contract: string
  contractMonth: string
  advisorContract: string
  advisorMonth: string
  inquiry: string
  person: string
  offer: string
}

/** Where each route of the router is visited. A new route needs an entry here, or the tour fails. */
const STOPS: Record<string, (f: Fixtures) => string> = {
  login: () => '/login',
  home: () => '/',
  account: () => '/account',
  groups: () => '/groups',
  groupNew: () => '/groups/new',
  group: (f) => `/groups/${f.group}`,
  groupEdit: (f) => `/groups/${f.group}/edit`,
  expertAdvice: () => '/expert-advice',
  contract: (f) => `/expert-advice/contracts/${f.contract}`,
  contractStatement: (f) => `/expert-advice/contracts/${f.contract}/statements/${f.contractMonth}`,
  approvals: () => '/approvals',
  grants: () => '/grants',
  timeEntries: () => '/time-entries',
  statements: () => '/statements',
  myStatement: (f) => `/statements/${f.advisorContract}/${f.advisorMonth}`,
  frontDesk: () => '/front-desk',
  frontDeskFollowUps: () => '/front-desk/follow-ups',
  frontDeskFollowUpsUpcoming: () => '/front-desk/follow-ups/upcoming',
  frontDeskInquiries: () => '/front-desk/inquiries',
  frontDeskInquiry: (f) => `/front-desk/inquiries/${f.inquiry}`,
  offers: () => '/offers',
  offerEdit: (f) => `/offers/${f.offer}`,
  users: () => '/users',
  userNew: () => '/users/new',
  audit: () => '/audit',
  privacy: () => '/privacy',
  privacyPerson: (f) => `/privacy/people/${encodeURIComponent(f.person)}`,
  privacyRetention: () => '/privacy/retention',
  privacyRecord: () => '/privacy/record',
  reports: () => '/reports',
  notFound: () => '/gibt-es-nicht',
}

interface RouteInfo {
  name: string
  public: boolean
  area?: AreaKey
  roles?: readonly Role[]
}

/**
 * The routes a signed-in role may open, by the guard's own rule (src/router/index.ts): its area is in the role's
 * navigation and the route's roles, if any, include it. Public routes: the login page is visited signed out (signed
 * in it sends you on), the not-found page by every role.
 */
function reachable(routes: readonly RouteInfo[], role: Role): string[] {
  return routes
    .filter((r) => (r.public ? r.name === 'notFound' : (!r.area || NAVIGATION[role].includes(r.area)) && (!r.roles || r.roles.includes(role))))
    .map((r) => r.name)
}

const NOT_FOUND_HEADING = 'Seite nicht gefunden'

let browser: Browser
let routes: RouteInfo[] = []
let fixtures: Fixtures
/** Every main-frame document load the tour made, and every route each role visited. */
let pageLoads = 0
const visited = new Map<Role | 'signedOut', string[]>()

async function readFixtures(): Promise<Fixtures> {
  const coordinator = await apiToken(baseUrl, 'coordinator')
  const frontdesk = await apiToken(baseUrl, 'frontdesk')
  const advisor = await apiToken(baseUrl, 'advisor')
  type Items<T> = { items: T[] }
  type Month = { contractId: string; month: string; status: string; entryCount: number }
  const filled = (months: Month[]) => months.find((m) => m.status === 'finalized' && m.entryCount > 0) ?? months[0]!
  const groups = await apiGet<Items<{ id: string }>>(baseUrl, frontdesk, '/api/groups?status=active&limit=1')
  const months = filled((await apiGet<Items<Month>>(baseUrl, coordinator, '/api/statements')).items)
  const own = filled((await apiGet<Items<Month>>(baseUrl, advisor, '/api/statements')).items)
  const inquiries = await apiGet<Items<{ id: string }>>(baseUrl, frontdesk, '/api/inquiries?limit=1')
  const people = await apiGet<Items<{ ref: string; restricted: boolean }>>(baseUrl, coordinator, '/api/privacy/people?q=example.org')
  const offers = await apiGet<Items<{ id: string }>>(baseUrl, coordinator, '/api/offers')
  return {
    group: groups.items[0]!.id,
    contract: months.contractId,
    contractMonth: months.month,
    advisorContract: own.contractId,
    advisorMonth: own.month,
    inquiry: inquiries.items[0]!.id,
    person: people.items.find((p) => !p.restricted)!.ref,
    offer: offers.items[0]!.id,
  }
}

/** A page that counts its document loads and tells when no request of the app is in flight. */
interface TourPage {
  page: Page
  problems: string[]
  quiet: () => Promise<void>
}

async function tourPage(context: BrowserContext): Promise<TourPage> {
  const page = await context.newPage()
  const problems = watchConsole(page)
  let inFlight = 0
  let lastChange = Date.now()
  const change = (delta: number) => {
    inFlight += delta
    lastChange = Date.now()
  }
  const own = (url: string) => url.startsWith(baseUrl)
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) pageLoads++
    if (own(request.url())) change(1)
  })
  page.on('requestfinished', (request) => {
    if (own(request.url())) change(-1)
  })
  page.on('requestfailed', (request) => {
    if (!own(request.url())) return
    change(-1)
    // The app aborts a read it no longer needs (a newer load, the worklist's own count); the tour never navigates
    // while a request is open, so such an abort is the app's and expected.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && request.method() === 'GET' && new URL(request.url()).pathname.startsWith('/api/')) return
    problems.push(`on ${new URL(page.url()).pathname}: request failed: ${request.method()} ${new URL(request.url()).pathname} (${request.failure()?.errorText})`)
  })
  // watchConsole lets 401s pass (expected on the login page elsewhere); the tour expects none, nor any other error.
  page.on('response', (response) => {
    if (own(response.url()) && response.status() >= 400) problems.push(`on ${new URL(page.url()).pathname}: ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`)
  })
  /** No request of the app for 150 ms, nothing marked busy or loading. */
  async function quiet(): Promise<void> {
    const deadline = Date.now() + 20_000
    while (inFlight > 0 || Date.now() - lastChange < 150) {
      if (Date.now() > deadline) throw new Error(`${page.url()}: requests still in flight after 20 s`)
      await page.waitForTimeout(50)
    }
    await page
      .waitForFunction(() => !document.querySelector('[aria-busy="true"], .paged-results__loading'), undefined, { timeout: 20_000 })
      .catch(async () => {
        const busy = await page.locator('[aria-busy="true"], .paged-results__loading').evaluateAll((els) => els.map((el) => el.outerHTML.slice(0, 200)))
        throw new Error(`${page.url()}: still busy after 20 s: ${busy.join(' | ')}`)
      })
  }
  return { page, problems, quiet }
}

/** What the tour checks on every page besides axe; answers findings as text. */
async function pageFindings(page: Page, phone: boolean): Promise<string[]> {
  const findings = await page.evaluate(() => {
    const found: string[] = []
    const main = document.querySelector('main')
    if (!main?.querySelector('h1')?.textContent?.trim()) found.push('no h1 in main')
    // Issue 12: a duration is "1,5 Std.", never "22:00 h" (which reads as a time of day).
    const clock = (main?.innerText ?? '').match(/\b\d{1,3}:\d{2}\s?h\b/)
    if (clock) found.push(`duration written as a time: "${clock[0]}"`)
    // Issue 12: dates are typed as TT.MM.JJJJ in every browser language, not in the browser's native date field.
    const native = Array.from(document.querySelectorAll('input[type="date"], input[type="datetime-local"]')).filter((el) => el.getAttribute('aria-hidden') !== 'true')
    if (native.length > 0) found.push(`native date field: #${native.map((el) => el.id).join(', #')}`)
    const errors = Array.from(document.querySelectorAll('main .notice--error')).filter((el) => (el as HTMLElement).offsetParent !== null)
    if (errors.length > 0) found.push(`error notice: ${errors.map((el) => (el as HTMLElement).innerText.trim()).join(' | ')}`)
    if (!/ – Wohnlotse$/.test(document.title)) found.push(`title "${document.title}"`)
    return found
  })
  if (phone) {
    if (!(await noSidewaysScrolling(page))) findings.push('scrolls sideways')
    const clipped = await clippedCells(page)
    if (clipped.length > 0) findings.push(`cut-off cells: ${clipped.join(' | ')}`)
  }
  return findings
}

/** Opens one route, waits until it has settled, checks it at each width and takes its screenshots. */
/** What the header should count: the due follow-ups (on Anlaufstelle) and everything waiting (on "Menü", phones). */
interface Counts {
  due: number
  waiting: number
}

async function visit(tour: TourPage, who: string, name: string, counts: Counts): Promise<string[]> {
  const { page, quiet } = tour
  const path = STOPS[name]!(fixtures)
  const findings: string[] = []
  await page.setViewportSize(WIDTHS[0].size)
  const started = Date.now()
  await page.goto(`${baseUrl}${path}`)
  await page.locator('main h1').first().waitFor()
  await quiet()
  const timing = [`load ${Date.now() - started}`]
  const at = new URL(page.url()).pathname
  if (at !== path) findings.push(`ended on ${at}`)
  const h1 = (await page.locator('main h1').first().innerText()).trim()
  if ((name === 'notFound') !== (h1 === NOT_FOUND_HEADING)) findings.push(`heading "${h1}"`)
  if (counts.due > 0) {
    // Issue 12: the due follow-ups' count is in the header on every page (the roles with the front desk).
    const link = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: /^Anlaufstelle/ })
    const text = ((await link.textContent()) ?? '').replace(/\s+/g, ' ').trim()
    if (text !== `Anlaufstelle, ${counts.due} offen`) findings.push(`front desk link "${text}" with ${counts.due} due`)
  }
  for (const width of WIDTHS) {
    const mark = Date.now()
    if (width !== WIDTHS[0]) {
      await page.setViewportSize(width.size)
      // Two frames: the layout and whatever observes the size (charts) have followed.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
      await quiet()
    }
    const here = [...(await pageFindings(page, width.name === 'phone')), ...(await accessibilityViolations(page)).map((v) => `axe: ${v}`)]
    // On a phone the navigation is folded: "Menü" carries the count of what waits behind it.
    const menuCount = page.getByTestId('menu-count')
    const shown = (await menuCount.isVisible()) ? (await menuCount.innerText()).trim() : ''
    if (width.name === 'phone' && shown !== (counts.waiting > 0 ? String(counts.waiting) : '')) here.push(`"Menü" counts "${shown}", ${counts.waiting} waiting`)
    findings.push(...here.map((f) => `${width.name}: ${f}`))
    await screenshot(page, `tour-${who}-${width.name}-${name}`)
    timing.push(`${width.name} ${Date.now() - mark}`)
  }
  if (process.env.TOUR_TIMING) console.info(`tour ${who} ${name}: ${timing.join(', ')} ms`)
  return findings.map((f) => `${who} ${name} (${path}) ${f}`)
}

/** One role's tour: sign in once, then every route it may open; answers what was wrong. */
async function tourRole(role: Role): Promise<string[]> {
  const names = reachable(routes, role)
  const context = await browser.newContext({ viewport: WIDTHS[0].size, locale: 'de-DE', timezoneId: 'Europe/Berlin' })
  const tour = await tourPage(context)
  await signInAs(tour.page, baseUrl, role)
  // The start page's requests finish before the tour opens its first page (else that load aborts them).
  await tour.quiet()
  const counters = await apiGet<Record<string, number>>(baseUrl, await apiToken(baseUrl, role), '/api/dashboard/counters')
  const counts = { due: counters.followUpsDue ?? 0, waiting: Object.values(counters).reduce((sum, n) => sum + n, 0) }
  const findings: string[] = []
  for (const name of names) findings.push(...(await visit(tour, role, name, counts)))
  visited.set(role, names)
  await context.close()
  return [...findings, ...tour.problems]
}

beforeAll(async () => {
  browser = await launchBrowser()
  fixtures = await readFixtures()
})

afterAll(async () => {
  await browser?.close()
})

describe('journey: a tour of every page, for every role, at desktop and phone width', () => {
  it("signed out: the login page; the router's routes all have a stop", async () => {
    const context = await browser.newContext({ viewport: WIDTHS[0].size, locale: 'de-DE', timezoneId: 'Europe/Berlin' })
    const tour = await tourPage(context)
    const findings = await visit(tour, 'signedOut', 'login', { due: 0, waiting: 0 })
    routes = await tour.page.evaluate(() => {
      type Meta = { public?: boolean; area?: string; roles?: string[] }
      type Routes = { getRoutes(): { name?: unknown; meta: Meta }[] }
      const app = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $router: Routes } } } }).__vue_app__
      return app.config.globalProperties.$router.getRoutes().map((r) => ({ name: String(r.name), public: r.meta.public === true, area: r.meta.area, roles: r.meta.roles }))
    }) as RouteInfo[]
    visited.set('signedOut', ['login'])
    await context.close()
    expect(routes.map((r) => r.name).sort()).toEqual(Object.keys(STOPS).sort())
    expect([...findings, ...tour.problems]).toEqual([])
  })

  it.each(ROLES)('%s: every page the role may open', async (role) => {
    expect(routes.length).toBeGreaterThan(0)
    expect(await tourRole(role)).toEqual([])
  }, 240_000)

  it('made one page load per stop and one sign-in per role; every route was visited by the roles it lets in', () => {
    const perRole = ROLES.map((role) => reachable(routes, role))
    expect(ROLES.map((role) => visited.get(role))).toEqual(perRole)
    expect(routes.filter((r) => r.name !== 'login' && !perRole.some((names) => names.includes(r.name))).map((r) => r.name)).toEqual([])
    const stops = 1 + perRole.reduce((sum, names) => sum + names.length, 0)
    console.info(`tour: ${pageLoads} page loads, ${stops} stops (${stops * WIDTHS.length} pages checked at ${WIDTHS.map((w) => w.size.width).join(' and ')} px) + ${ROLES.length} sign-ins`)
    expect(pageLoads).toBe(stops + ROLES.length)
  })
})
