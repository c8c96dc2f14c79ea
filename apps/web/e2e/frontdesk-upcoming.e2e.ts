import { addDays, todayInBerlin, type Inquiry, type OfferList, type Referral } from '@wohnlotse/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { PHONE, accessibilityViolations, apiToken, launchBrowser, newPage, noSidewaysScrolling, screenshot, signInAs } from './support.ts'

const baseUrl = inject('baseUrl')

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** One name per run, so the journey finds its own referral among earlier ones. */
const PERSON = `Ida ${Date.now().toString(36)}`

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}

/** An inquiry referred to AWIG without a follow-up day: the API sets it 14 days ahead. */
async function referToday(): Promise<Referral> {
  const token = await apiToken(baseUrl, 'frontdesk')
  const inquiry = await api<Inquiry>(token, 'POST', '/api/inquiries', { channel: 'phone', name: PERSON, topics: ['group_building'] })
  const awig = (await api<OfferList>(token, 'GET', '/api/offers?q=AWIG')).items[0]!
  return api<Referral>(token, 'POST', '/api/referrals', { inquiryId: inquiry.id, offerId: awig.id, consentToShare: true })
}

const card = (page: Page) => page.locator('.follow-up', { has: page.locator('.follow-up__title', { hasText: `${PERSON} → AWIG` }) })

/** Loads further pages until the journey's referral is on the list. */
async function findOwnReferral(page: Page): Promise<void> {
  await page.locator('[data-testid="upcoming-list"], .empty-state').first().waitFor()
  // A new range keeps the old list on screen (marked busy) until its answer is there: look only at the answer.
  await page.waitForFunction(() => !document.querySelector('.paged-results[aria-busy="true"]'))
  for (let i = 0; i < 20 && (await card(page).count()) === 0; i++) {
    await page.getByRole('button', { name: 'Weitere laden' }).click()
    await page.waitForFunction(() => !document.querySelector('.paged-results__more [aria-disabled="true"]'))
  }
  await card(page).waitFor()
}

async function typeDay(page: Page, id: string, day: string): Promise<void> {
  await page.locator(`#${id}`).fill(day)
  await page.locator(`#${id}`).press('Tab')
}

describe('journey: a referral just made shows under "anstehend"', () => {
  it('finds it in the next 14 days, in a typed range, and refuses a range that ends before it starts', async () => {
    const referral = await referToday()
    const today = todayInBerlin()
    expect(referral.followUpOn).toBe(addDays(today, 14))
    const german = (day: string) => day.split('-').reverse().join('.')

    const [, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'frontdesk')
    await page.goto(`${baseUrl}/front-desk/follow-ups`)
    await page.locator('main h1', { hasText: 'Wiedervorlagen fällig' }).waitFor()
    await page.locator('.fu-tabs').getByRole('link', { name: 'Anstehend' }).click()
    await page.waitForURL((url) => url.pathname === '/front-desk/follow-ups/upcoming')
    await page.locator('main h1', { hasText: 'Wiedervorlagen anstehend' }).waitFor()
    expect(await page.locator('#upcoming-from').inputValue()).toBe(german(today))
    expect(await page.locator('#upcoming-to').inputValue()).toBe(german(referral.followUpOn))

    await findOwnReferral(page)
    expect(await card(page).locator('.follow-up__due').innerText()).toBe(`Nachfrage am ${german(referral.followUpOn)} (in 14 Tagen)`)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '60-follow-ups-upcoming')

    // Only the day of the follow-up: the referral is there, the address keeps the range.
    await typeDay(page, 'upcoming-from', german(referral.followUpOn))
    await page.waitForURL((url) => url.searchParams.get('from') === referral.followUpOn)
    await findOwnReferral(page)

    // A range before it: the referral is gone; a reversed one is refused at the field.
    await typeDay(page, 'upcoming-from', german(today))
    await typeDay(page, 'upcoming-to', german(addDays(today, 13)))
    await page.waitForURL((url) => url.searchParams.get('to') === addDays(today, 13))
    await page.locator('[data-testid="upcoming-list"], .empty-state').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('.paged-results[aria-busy="true"]'))
    expect(await card(page).count()).toBe(0)
    await typeDay(page, 'upcoming-to', german(addDays(today, -1)))
    expect(await page.locator('#upcoming-range-error').innerText()).toBe('Das Ende des Zeitraums liegt vor seinem Anfang.')
    expect(await page.locator('#upcoming-to').getAttribute('aria-invalid')).toBe('true')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '61-follow-ups-upcoming-reversed')
    expect(problems).toEqual([])
  })

  it('works at phone width', async () => {
    const [, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'frontdesk')
    await page.goto(`${baseUrl}/front-desk/follow-ups/upcoming`)
    await findOwnReferral(page)
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '62-phone-follow-ups-upcoming')
    expect(problems).toEqual([])
  })
})
