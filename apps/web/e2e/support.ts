import path from 'node:path'
import axe from 'axe-core'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { artifactsDir } from './global-setup.ts'

/** What the browser journeys share: Debian's Chromium, console watching, screenshots, axe, signing in. */

export const DEMO_PASSWORD = 'dresden-demo'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * Collects what the browser console reports as a problem: script errors, CSP violations, failed requests. A 401
 * from the sign-in endpoints is expected (restoring a session that has ended, a wrong password or code), so it
 * is not a problem; a 401 from anywhere else means a request went out without a valid session, and is one.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return
    if (/Failed to load resource: the server responded with a status of 401/.test(msg.text()) && /\/api\/auth\//.test(msg.location().url)) return
    const source = msg.location().url
    problems.push(`${msg.type()}: ${msg.text()}${source ? ` (${source.replace(/^https?:\/\/[^/]+/, '')})` : ''}`)
  })
  return problems
}

export async function newPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<[BrowserContext, Page, string[]]> {
  // A German browser, as in the office: native date fields then read tt.mm.jjjj.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'de-DE', ...options })
  const page = await context.newPage()
  return [context, page, watchConsole(page)]
}

export const PHONE: Parameters<Browser['newContext']>[0] = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}

/** The whole page by default; `fullPage: false` for what is on screen (a modal dialog over its backdrop). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage })
}

export async function heading(page: Page): Promise<string> {
  return (await page.locator('main h1').innerText()).trim()
}

export function pathname(page: Page): string {
  return new URL(page.url()).pathname
}

/** WCAG 2.1 A/AA checks of axe-core on the current page (contrast, labels, landmarks, names …). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source)
  return page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe
    const result = await runner.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email)
  await page.getByLabel('Passwort', { exact: true }).fill(password)
  await page.getByLabel('Passwort', { exact: true }).press('Enter')
}

/** Opens the app signed in as a demo account, on the start page. */
export async function signInAs(page: Page, baseUrl: string, account: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.locator('main h1', { hasText: 'Anmelden' }).waitFor()
  await signIn(page, `${account}@example.org`, DEMO_PASSWORD)
  await page.locator('main h1', { hasText: 'Willkommen' }).waitFor()
}

/** The accessible text of the focused element, for keyboard journeys. */
export function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el) return ''
    const label = el.getAttribute('aria-label')
    if (label) return label
    if (el instanceof HTMLInputElement && el.labels?.[0]) return el.labels[0].innerText.trim()
    // What a screen reader hears: a decoration hidden from it (the count on "Menü") is not part of the name.
    if (el.querySelector('[aria-hidden="true"]')) {
      const named = el.cloneNode(true) as HTMLElement
      named.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove())
      return (named.textContent ?? '').replace(/\s+/g, ' ').trim()
    }
    return el.innerText.trim()
  })
}

/** A navigation link's text without its counter ("Anlaufstelle, 2 offen" → "Anlaufstelle"). */
export function withoutCounter(text: string): string {
  return text.replace(/\s*,\s*\d+\s*offen$/, '')
}

/** Presses Tab until the focused element's text is `text`; fails after `max` presses. */
export async function tabTo(page: Page, text: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (withoutCounter(await focusedText(page)) === text) return
  }
  throw new Error(`"${text}" was not reached with ${max} presses of Tab`)
}

/**
 * Follows an area's link in the header's navigation; a coordinator's less-used areas (Datenschutz, Benutzer,
 * Protokoll) wait behind "Mehr", which it opens first.
 */
export async function openArea(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
  const link = nav.getByRole('link', { name, exact: true })
  if (!(await link.isVisible())) await nav.getByRole('button', { name: 'Mehr' }).click()
  await link.click()
}

/** Today's date in Berlin as YYYY-MM-DD, as the API and the date fields count days. */
export function todayInBerlin(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

/** The page is no wider than the screen: nothing to scroll sideways. */
export function noSidewaysScrolling(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
}

/** Stacked table cells (phones) whose content is wider than their card: cut off or running into the next. */
export function clippedCells(page: Page): Promise<string[]> {
  return page
    .locator('.data-table--stack td, .data-table--stack tbody th')
    .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent?.trim() ?? ''))
}

/** On a phone the navigation and the language switch sit behind the header's menu button: open it. */
export async function openMenu(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /^(Menü|Menu)$/ })
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click()
}

/** Signs in to the API directly (no browser) and answers the access token; for setting up a journey's data. */
export async function apiToken(baseUrl: string, account: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `${account}@example.org`, password: DEMO_PASSWORD }),
  })
  if (response.status !== 200) throw new Error(`signing in as ${account} answered ${response.status}`)
  return ((await response.json()) as { accessToken: string }).accessToken
}

export interface FreshAccount {
  id: string
  name: string
  email: string
  password: string
}

/**
 * A new account of its own for a journey that changes passwords, made by the demo admin through the API. The demo
 * accounts keep their password, because the other journeys sign in with it.
 */
export async function createAccount(baseUrl: string, role: 'frontdesk' | 'advisor', label: string): Promise<FreshAccount> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const account = { name: `${label} ${suffix}`, email: `${label.toLowerCase().replace(/\W+/g, '.')}.${suffix}@example.org`, password: `erstes passwort ${suffix}` }
  const response = await fetch(`${baseUrl}/api/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await apiToken(baseUrl, 'admin')}` },
    body: JSON.stringify({ ...account, role }),
  })
  if (response.status !== 201) throw new Error(`creating ${account.email} answered ${response.status}: ${await response.text()}`)
  return { id: ((await response.json()) as { id: string }).id, ...account }
}
