import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { PHONE, accessibilityViolations, launchBrowser, newPage, noSidewaysScrolling, pathname, screenshot, signInAs } from './support.ts'

const baseUrl = inject('baseUrl')

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** An offer no other journey reads the contact of; the values differ per run so an earlier run cannot pass it. */
const OFFER = 'Stadtplanungsamt'
const RUN = Date.now() % 1_000_000
const NEW_PHONE = `0351 ${String(RUN).padStart(6, '0')}`
const NEW_HOURS = `Di und Do 9–12 Uhr (${RUN})`

const item = (page: Page, name: string) =>
  page.locator('.offer-item').filter({ has: page.getByRole('heading', { name, exact: true }) })

async function openOffers(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Angebote', exact: true }).click()
  await page.waitForURL((url) => url.pathname === '/offers')
  await page.locator('[data-testid="offer-list"]').waitFor()
}

describe('journey: the offers screen', () => {
  it('lets a coordinator change an offer phone and opening hours and see them on the list', async () => {
    const [, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'coordinator')
    await openOffers(page)
    expect(await page.locator('main h1').innerText()).toBe('Angebote')
    expect(await page.title()).toBe('Angebote – Wohnlotse')
    expect(await page.locator('.offer-item').count()).toBeGreaterThanOrEqual(8)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '70-offers')

    await page.getByRole('link', { name: `Bearbeiten: ${OFFER}`, exact: true }).click()
    await page.waitForURL((url) => url.pathname.startsWith('/offers/'))
    await page.locator('main h1', { hasText: `Angebot bearbeiten: ${OFFER}` }).waitFor()

    // A phone number of letters is refused at its field, before anything is sent.
    await page.getByLabel('Telefon').fill('ruf an')
    await page.getByRole('button', { name: 'Angebot speichern' }).click()
    expect(await page.locator('#offer-phone-error').innerText()).toBe(
      'Bitte geben Sie eine Telefonnummer aus Ziffern ein, zum Beispiel 0351 000000.',
    )
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('offer-phone')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '71-offer-edit-invalid')

    await page.getByLabel('Telefon').fill(NEW_PHONE)
    await page.getByLabel('Öffnungszeiten').fill(NEW_HOURS)
    await page.getByRole('button', { name: 'Angebot speichern' }).click()
    await page.waitForURL((url) => url.pathname === '/offers')
    expect(await page.locator('[data-testid="offers-flash"]').innerText()).toBe(`Änderungen an ${OFFER} gespeichert.`)
    await item(page, OFFER).locator('[data-field="phone"]').waitFor()
    expect(await item(page, OFFER).locator('[data-field="phone"]').innerText()).toBe(NEW_PHONE)
    expect(await item(page, OFFER).locator('[data-field="openingHours"]').innerText()).toBe(NEW_HOURS)
    expect(problems).toEqual([])
  })

  it('is open to the admin, and not to the front desk', async () => {
    const [, admin, adminProblems] = await newPage(browser)
    await signInAs(admin, baseUrl, 'admin')
    await openOffers(admin)
    expect(await admin.locator('.offer-item').count()).toBeGreaterThanOrEqual(8)
    expect(adminProblems).toEqual([])

    const [, page] = await newPage(browser)
    await signInAs(page, baseUrl, 'frontdesk')
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Angebote', exact: true }).count()).toBe(0)
    await page.goto(`${baseUrl}/offers`)
    await page.locator('main h1', { hasText: 'Seite nicht gefunden' }).waitFor()
    expect(pathname(page)).toBe('/offers')
    expect(await page.locator('.offer-item').count()).toBe(0)
  })

  it('works at phone width', async () => {
    const [, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'coordinator')
    await page.goto(`${baseUrl}/offers`)
    await page.locator('[data-testid="offer-list"]').waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '72-phone-offers')

    await page.getByRole('link', { name: `Bearbeiten: ${OFFER}`, exact: true }).click()
    await page.locator('#offer-phone').waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '73-phone-offer-edit')
    expect(problems).toEqual([])
  })
})
