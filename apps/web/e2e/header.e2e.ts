import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { PHONE, accessibilityViolations, launchBrowser, newPage, noSidewaysScrolling, screenshot, signInAs } from './support.ts'

/**
 * The header for every role at desktop (1280 px) and phone width (390 px): one row of navigation at desktop
 * (issue 12: the coordinator's ten areas wrapped into two), one compact row behind "Menü" on a phone.
 */

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** How many rows the navigation's entries take: the distinct tops of its items. */
function navRows(page: Page): Promise<number> {
  return page
    .locator('#app-nav > ul > li')
    .evaluateAll((items) => new Set(items.map((item) => Math.round(item.getBoundingClientRect().top))).size)
}

const ROLES = ['coordinator', 'frontdesk', 'advisor', 'admin', 'city'] as const

describe('journey: the header at desktop width', () => {
  it.each(ROLES)('%s: the navigation is one row', async (role) => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, role)
    expect(await navRows(page)).toBe(1)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, `header-${role}-desktop`, { fullPage: false })
    expect(problems).toEqual([])
    await context.close()
  })

  it('coordinator: "Mehr" opens the less-used areas by keyboard and folds on Escape', async () => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'coordinator')
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
    const more = nav.getByRole('button', { name: 'Mehr' })
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(await nav.getByRole('link', { name: 'Datenschutz' }).isVisible()).toBe(false)

    await more.focus()
    await page.keyboard.press('Enter')
    expect(await more.getAttribute('aria-expanded')).toBe('true')
    expect(await nav.getByRole('link', { name: 'Datenschutz' }).isVisible()).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'header-coordinator-more-open', { fullPage: false })

    // Tab walks into the list; Escape folds it and puts focus back on the button.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Datenschutz')
    await page.keyboard.press('Escape')
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Mehr')

    // Following a link folds it; on that area's page the button is marked as where you are.
    await more.click()
    await nav.getByRole('link', { name: 'Protokoll' }).click()
    await page.waitForURL((url) => url.pathname === '/audit')
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('.app-nav-more__toggle--current').count()).toBe(1)

    // Focus leaving the open list folds it too.
    await more.click()
    await page.keyboard.press('Shift+Tab')
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: the header on a phone', () => {
  it.each(ROLES)('%s: one compact row, the navigation behind "Menü"', async (role) => {
    const [context, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, role)
    const headerHeight = await page.locator('header.app-header').evaluate((el) => el.getBoundingClientRect().height)
    expect(headerHeight).toBeLessThan(80)
    expect(await noSidewaysScrolling(page)).toBe(true)
    await screenshot(page, `header-${role}-phone`, { fullPage: false })

    await page.getByRole('button', { name: 'Menü' }).click()
    // All areas in one list, "Mehr" folded into it.
    expect(await page.getByRole('navigation').getByRole('button', { name: 'Mehr' }).count()).toBe(0)
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, `header-${role}-phone-menu`, { fullPage: false })
    expect(problems).toEqual([])
    await context.close()
  })
})
