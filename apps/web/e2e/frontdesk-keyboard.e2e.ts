import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_PASSWORD, accessibilityViolations, focusedText, launchBrowser, withoutCounter, newPage, screenshot } from './support.ts'

const baseUrl = inject('baseUrl')

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/**
 * The keyboard alone, counted: every key pressed (Tab, arrows, Space, Enter, shortcuts) is one press; text typed
 * into a field is counted apart, as characters, since a person must type it however the form is built.
 */
class Keys {
  presses: string[] = []
  typed = 0
  constructor(private readonly page: Page) {}

  async press(key: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) {
      await this.page.keyboard.press(key)
      this.presses.push(key)
    }
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text)
    this.typed += text.length
  }

  /** Tab until the focused element reads `text`: each Tab counts, so a long way shows in the total. */
  async tabTo(text: string, max = 40): Promise<void> {
    for (let i = 0; i < max; i++) {
      await this.press('Tab')
      if (withoutCounter(await focusedText(this.page)) === text) return
    }
    throw new Error(`"${text}" was not reached with ${max} presses of Tab`)
  }

  async arrowTo(text: string, max = 30): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (withoutCounter(await focusedText(this.page)) === text) return
      await this.press('ArrowRight')
    }
    throw new Error(`"${text}" was not reached with ${max} presses of ArrowRight`)
  }
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '')

describe('journey: the front desk by keyboard alone, with its key presses counted', () => {
  it('signs in, takes an inquiry and makes the first referral in at most 60 key presses', async () => {
    const [context, page, problems] = await newPage(browser)
    const keys = new Keys(page)

    await page.goto(`${baseUrl}/login`)
    await page.locator('main h1', { hasText: 'Anmelden' }).waitFor()
    // The e-mail field has the focus as the page opens: typing can start at once.
    expect(await focusedId(page)).toBe('login-email')
    await keys.type('frontdesk@example.org')
    await keys.press('Tab')
    await keys.type(DEMO_PASSWORD)
    await keys.press('Enter')
    await page.locator('main h1', { hasText: 'Willkommen' }).waitFor()

    await keys.tabTo('Anlaufstelle')
    await keys.press('Enter')
    await page.waitForURL((url) => url.pathname === '/front-desk')
    await page.waitForFunction(() => document.querySelector('[data-testid="suggestions-status"]')?.textContent?.trim() === '8 Angebote, nach Namen sortiert.')

    // The channel group is one Tab stop: "Telefon" is chosen already.
    await keys.tabTo('Telefon')
    await keys.press('Tab')
    expect(await focusedId(page)).toBe('intake-name')
    await keys.type('Greta')
    await keys.press('Tab')
    await keys.type('greta@example.org')
    // The topics are one Tab stop too; arrows to the topic, Space picks it.
    await keys.press('Tab')
    expect(await focusedText(page)).toBe('Erste Orientierung')
    await keys.arrowTo('Wohnen im Alter')
    await keys.press('Space')
    // Target groups: the fold, Enter opens it, Tab into the group, arrows, Space.
    await keys.press('Tab')
    await keys.press('Enter')
    await keys.press('Tab')
    await keys.arrowTo('Ältere Menschen')
    await keys.press('Space')
    // The topic alone has a best match too: the status line may still be its answer while the target group's is on
    // its way, so wait until no answer is outstanding.
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="suggestions-status"]')?.textContent ?? '').includes('Bester Vorschlag') &&
        !document.querySelector('.suggestion-list[aria-busy="true"]'),
    )
    // Past the language and the receipt time (it stays "now") straight to the notes.
    for (const id of ['intake-language', 'intake-receivedAt', 'intake-receivedTime', 'intake-notes']) {
      await keys.press('Tab')
      expect(await focusedId(page)).toBe(id)
    }
    await keys.type('Sucht eine Hausgemeinschaft im Alter.')
    // Consent for the call, then the best match with its shortcut.
    await keys.press('Tab')
    expect(await focusedId(page)).toBe('referral-consent')
    await keys.press('Space')
    expect(await page.locator('.suggestion__matches').first().innerText()).toMatch(/^Passt zu: Wohnen im Alter, Ältere Menschen/)
    await keys.press('Alt+Shift+Digit1')
    await page.waitForFunction(() =>
      /^An .+ verwiesen\. Nachfrage am \d{2}\.\d{2}\.\d{4}\.$/.test(document.querySelector('[data-testid="frontdesk-status"]')?.textContent?.trim() ?? ''),
    )
    expect(await page.locator('[data-testid="intake-state"]').innerText()).toBe('Gespeichert · Weiterverwiesen')

    // Written down for whoever looks at the run: which keys, how many.
    console.info(`keyboard journey: ${keys.presses.length} key presses (${keys.presses.join(' ')}), ${keys.typed} characters typed`)
    expect(keys.presses.length).toBeLessThanOrEqual(60)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '60-frontdesk-keyboard-referred')
    expect(problems).toEqual([])
    await context.close()
  })
})
