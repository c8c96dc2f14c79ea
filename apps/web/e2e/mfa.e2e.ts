import * as OTPAuth from 'otpauth'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { accessibilityViolations, createAccount, heading, launchBrowser, newPage, screenshot, signIn } from './support.ts'

/**
 * Two-factor login in the browser: a fresh advisor account (made through the API; the demo accounts stay as they
 * are) sets it up on "Mein Konto" with a code computed here from the shown key, signs out, signs in with a TOTP
 * code, and once with a recovery code, which then no longer works.
 */

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** The code the authenticator app shows, `steps` periods from now (the setup used the current one). */
const totp = (secret: string, steps = 0) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + steps * 30_000 })

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click()
  await page.waitForURL((url) => url.pathname === '/login')
}

describe('journey: two-factor login', () => {
  it('sets it up on "Mein Konto", signs in with an app code, and once with a recovery code', async () => {
    const person = await createAccount(baseUrl, 'advisor', 'Tina Zweifach')
    const [context, page, problems] = await newPage(browser)

    await page.goto(`${baseUrl}/login`)
    await signIn(page, person.email, person.password)
    await page.locator('main h1', { hasText: `Willkommen, ${person.name}` }).waitFor()
    await page.getByRole('link', { name: `${person.name} – Mein Konto` }).click()
    await page.waitForURL((url) => url.pathname === '/account')
    expect(await heading(page)).toBe('Mein Konto')
    await page.getByRole('heading', { name: 'Sicherheit' }).waitFor()
    expect((await page.getByTestId('mfa-state').innerText()).trim()).toBe('Die Zwei-Faktor-Anmeldung ist nicht eingerichtet.')
    // This device is listed as the current session.
    expect(await page.getByTestId('sessions').getByText('Dieses Gerät').count()).toBe(1)

    // Setup: QR code and the key for typing it in; the code from "the app" (computed here) confirms it.
    await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click()
    await page.getByRole('img', { name: 'QR-Code für die Authenticator-App' }).waitFor()
    const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '')
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'mfa-01-setup')
    await page.getByLabel('Code aus der App').fill(totp(secret))
    await page.getByRole('button', { name: 'Bestätigen und einrichten' }).click()

    // The recovery codes, once; the focus is on their heading.
    await page.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' }).waitFor()
    const codes = (await page.getByTestId('recovery-codes').locator('li').allInnerTexts()).map((c) => c.trim())
    expect(codes).toHaveLength(10)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('recovery-codes-title')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'mfa-02-recovery-codes')
    await page.getByRole('button', { name: 'Ich habe die Codes gesichert' }).click()
    await page.getByTestId('mfa-state').filter({ hasText: 'Eingerichtet' }).waitFor()
    expect(await page.getByText('Noch 10 unbenutzte Wiederherstellungscodes.').count()).toBe(1)
    await screenshot(page, 'mfa-03-enabled')

    // Signed out and in again: after the password, the code step.
    await signOut(page)
    await signIn(page, person.email, person.password)
    const code = page.getByLabel('Code aus der App')
    await code.waitFor()
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code')
    expect(await code.getAttribute('inputmode')).toBe('numeric')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-code')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'mfa-04-code-step')
    // The confirming code's time step is used up: the app's next code signs in.
    await code.fill(totp(secret, 1))
    await code.press('Enter')
    await page.locator('main h1', { hasText: `Willkommen, ${person.name}` }).waitFor()

    // Phone not at hand: a recovery code, once.
    await signOut(page)
    await signIn(page, person.email, person.password)
    await page.getByRole('button', { name: 'Telefon nicht zur Hand? Wiederherstellungscode verwenden' }).click()
    const recovery = page.getByLabel('Wiederherstellungscode')
    expect(await recovery.getAttribute('inputmode')).toBe('text')
    await recovery.fill(codes[0]!)
    await screenshot(page, 'mfa-05-recovery-step')
    await recovery.press('Enter')
    await page.locator('main h1', { hasText: `Willkommen, ${person.name}` }).waitFor()

    // The same recovery code a second time: refused at the field.
    await signOut(page)
    await signIn(page, person.email, person.password)
    await page.getByRole('button', { name: 'Telefon nicht zur Hand? Wiederherstellungscode verwenden' }).click()
    await page.getByLabel('Wiederherstellungscode').fill(codes[0]!)
    await page.getByLabel('Wiederherstellungscode').press('Enter')
    await page.locator('#login-code-error').waitFor()
    expect((await page.locator('#login-code-error').innerText()).trim()).toBe(
      'Der Code stimmt nicht oder wurde schon verwendet. Bitte geben Sie den aktuellen Code aus Ihrer App ein.',
    )
    expect(await page.getByLabel('Wiederherstellungscode').getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, 'mfa-06-recovery-used')
    // The second recovery code still works.
    await page.getByLabel('Wiederherstellungscode').fill(codes[1]!)
    await page.getByLabel('Wiederherstellungscode').press('Enter')
    await page.locator('main h1', { hasText: `Willkommen, ${person.name}` }).waitFor()

    // The wrong recovery code (422) is expected; nothing else may complain.
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([])
    await context.close()
  })
})
