import path from 'node:path'
import axe from 'axe-core'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { artifactsDir } from './global-setup.ts'

const baseUrl = inject('baseUrl')
const DEMO_PASSWORD = 'dresden-demo'

let browser: Browser

beforeAll(async () => {
  browser = await chromium.launch({
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
})

afterAll(async () => {
  await browser?.close()
})

/**
 * Collects what the browser console reports as a problem: script errors and CSP violations. A failed request's
 * 401 is expected on the login page (refresh without a session, a wrong password), so it is not a problem.
 */
function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return
    if (/Failed to load resource: the server responded with a status of 401/.test(msg.text())) return
    problems.push(`${msg.type()}: ${msg.text()}`)
  })
  return problems
}

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<[BrowserContext, Page, string[]]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options })
  const page = await context.newPage()
  return [context, page, watchConsole(page)]
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })
}

async function heading(page: Page): Promise<string> {
  return (await page.locator('main h1').innerText()).trim()
}

function pathname(page: Page): string {
  return new URL(page.url()).pathname
}

/** WCAG 2.1 A/AA checks of axe-core on the current page (contrast, labels, landmarks, names …). */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source)
  return page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe
    const result = await runner.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email)
  await page.getByLabel('Passwort', { exact: true }).fill(password)
  await page.getByLabel('Passwort', { exact: true }).press('Enter')
}

describe('journey: a coordinator signs in, switches the language and signs out', () => {
  it('works end to end in German and English', async () => {
    const [context, page, problems] = await newPage()

    // Signed out, the start page sends you to the login page.
    await page.goto(`${baseUrl}/`)
    await page.waitForURL((url) => url.pathname === '/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/')
    expect(await heading(page)).toBe('Anmelden')
    expect(await page.locator('html').getAttribute('lang')).toBe('de')
    expect(await page.title()).toBe('Anmelden – Wohnlotse')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '01-login')

    // Keyboard: the first Tab reveals the skip link, which moves focus into the main region.
    await page.keyboard.press('Tab')
    const skipLink = page.getByRole('link', { name: 'Zum Inhalt springen' })
    expect(await skipLink.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await skipLink.isVisible()).toBe(true)
    await screenshot(page, '01b-skip-link')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true)

    // A wrong password answers with the German message, in an alert that has the focus.
    await signIn(page, 'coordinator@example.org', 'falsches-passwort')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect((await alert.innerText()).trim()).toBe('E-Mail-Adresse oder Passwort ist nicht korrekt.')
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(pathname(page)).toBe('/login')
    await screenshot(page, '02-login-wrong-password')

    // The right password leads to the start page, greeting by the name the API knows.
    await signIn(page, 'coordinator@example.org', DEMO_PASSWORD)
    await page.waitForURL((url) => url.pathname === '/')
    await page.locator('main h1', { hasText: 'Willkommen' }).waitFor()
    const name = (await page.getByTestId('session-user-name').innerText()).trim()
    expect(name.length).toBeGreaterThan(0)
    expect(await heading(page)).toBe(`Willkommen, ${name}`)
    expect((await page.locator('.home__role').innerText()).trim()).toBe('Ihre Rolle: Koordination')
    expect(await page.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual([
      'Start',
      'Gruppen',
      'Fachberatung',
      'Freigaben',
      'Anlaufstelle',
      'Berichte',
      'Benutzer',
    ])
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '03-start-de')

    // A reload keeps you signed in (the refresh cookie restores the session; the token lives in memory only).
    await page.reload()
    await page.locator('main h1', { hasText: `Willkommen, ${name}` }).waitFor()
    expect(await page.evaluate(() => JSON.stringify(localStorage).includes('eyJ'))).toBe(false)

    // Switch to English.
    await page.getByRole('button', { name: 'English' }).click()
    await page.locator('main h1', { hasText: `Welcome, ${name}` }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect((await page.locator('.home__role').innerText()).trim()).toBe('Your role: Coordinator')
    expect(await page.getByRole('navigation').getByRole('link').first().innerText()).toBe('Home')
    expect(await page.getByRole('button', { name: 'Deutsch' }).isVisible()).toBe(true)
    expect(await page.title()).toBe('Home – Wohnlotse')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '04-start-en')

    // Sign out: back on the login page (still English), and the session is really over.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL((url) => url.pathname === '/login')
    expect(await heading(page)).toBe('Sign in')
    await screenshot(page, '05-after-logout')
    await page.goto(`${baseUrl}/groups`)
    await page.waitForURL((url) => url.pathname === '/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/groups')

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: an advisor on a phone', () => {
  it('signs in at 390×844 without sideways scrolling', async () => {
    const [context, page, problems] = await newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })

    await page.goto(`${baseUrl}/login`)
    await page.locator('main h1', { hasText: 'Anmelden' }).waitFor()
    await screenshot(page, '06-phone-login')

    await signIn(page, 'advisor@example.org', DEMO_PASSWORD)
    await page.locator('main h1', { hasText: 'Willkommen' }).waitFor()
    expect(await page.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual([
      'Start',
      'Meine Kontingente',
      'Meine Stunden',
      'Abrechnungen',
    ])
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '07-phone-start')

    // An area of another role answers like an address that does not exist.
    await page.goto(`${baseUrl}/reports`)
    await page.locator('main h1', { hasText: 'Seite nicht gefunden' }).waitFor()

    expect(problems).toEqual([])
    await context.close()
  })
})
