import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { PHONE, accessibilityViolations, createAccount, heading, launchBrowser, newPage, noSidewaysScrolling, pathname, screenshot, signIn } from './support.ts'

/**
 * "Mein Konto" in the browser: a front-desk person (a fresh account, so the demo passwords stay as they are)
 * opens the page from their name, changes their password, stays signed in here while their other session ends,
 * and afterwards only the new password lets them in.
 */

const baseUrl = inject('baseUrl')

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const NEW_PASSWORD = 'elbe flussab zum blauen wunder'

async function signInFresh(page: Page, email: string, password: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.locator('main h1', { hasText: 'Anmelden' }).waitFor()
  await signIn(page, email, password)
  await page.locator('main h1', { hasText: `Willkommen, ${name}` }).waitFor()
}

async function fieldErrors(page: Page): Promise<string[]> {
  return (await page.locator('.password-change .field__error').allInnerTexts()).map((s) => s.trim())
}

describe('journey: a person changes their own password on "Mein Konto"', () => {
  it('opens the page from the name, changes the password, ends the other session and signs in with the new one only', async () => {
    const person = await createAccount(baseUrl, 'frontdesk', 'Paula Wagner')

    // Signed in on another device first: that session will end with the change.
    const [otherContext, other] = await newPage(browser, PHONE)
    await signInFresh(other, person.email, person.password, person.name)

    const [context, page, problems] = await newPage(browser)
    await signInFresh(page, person.email, person.password, person.name)

    // The name in the header leads to "Mein Konto", whatever the role; the page is not in the role navigation.
    await page.getByRole('link', { name: `${person.name} – Mein Konto` }).click()
    await page.waitForURL((url) => url.pathname === '/account')
    expect(await heading(page)).toBe('Mein Konto')
    expect(await page.title()).toBe('Mein Konto – Wohnlotse')
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Mein Konto' }).count()).toBe(0)
    const facts = await page.locator('.account__facts > div').evaluateAll((els) =>
      els.map((el) => [el.querySelector('dt')?.textContent?.trim(), el.querySelector('dd')?.textContent?.trim()]),
    )
    expect(facts).toEqual([
      ['Name', person.name],
      ['E-Mail-Adresse', person.email],
      ['Rolle', 'Empfang / Anlaufstelle'],
    ])
    // Focus lands on the page's heading after the in-app navigation.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-title')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'account-01-page')

    // Checks before sending, in German, with focus on the first problem.
    await page.getByRole('button', { name: 'Passwort ändern' }).click()
    expect(await fieldErrors(page)).toEqual([
      'Bitte geben Sie Ihr aktuelles Passwort ein.',
      'Bitte geben Sie ein neues Passwort ein.',
      'Bitte wiederholen Sie das neue Passwort.',
    ])
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-currentPassword')
    await page.getByLabel('Neues Passwort', { exact: true }).fill('zu kurz')
    await page.getByLabel('Neues Passwort wiederholen').fill('zu kurz!')
    await page.getByRole('button', { name: 'Passwort ändern' }).click()
    expect(await fieldErrors(page)).toEqual([
      'Bitte geben Sie Ihr aktuelles Passwort ein.',
      'Das neue Passwort muss mindestens 12 Zeichen lang sein.',
    ])
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'account-02-errors')

    // A wrong current password: the API's answer lands at its field.
    await page.getByLabel('Aktuelles Passwort').fill('falsch geraten')
    await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Neues Passwort wiederholen').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Passwort ändern' }).click()
    await page.locator('#account-currentPassword-error', { hasText: 'Das aktuelle Passwort stimmt nicht.' }).waitFor()
    expect(await fieldErrors(page)).toEqual(['Das aktuelle Passwort stimmt nicht. Bitte geben Sie es erneut ein.'])
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-currentPassword')

    // Shown while typing, if wanted.
    await page.getByRole('button', { name: 'Passwörter anzeigen' }).click()
    expect(await page.locator('.password-change .field__input').evaluateAll((els) => els.map((el) => el.getAttribute('type')))).toEqual([
      'text',
      'text',
      'text',
    ])
    await page.getByLabel('Aktuelles Passwort').fill(person.password)
    await page.getByRole('button', { name: 'Passwort ändern' }).click()
    await page.getByTestId('password-changed').waitFor()
    expect((await page.locator('.password-change [role="status"]').innerText()).trim()).toBe(
      'Ihr Passwort wurde geändert. Auf allen anderen Geräten sind Sie jetzt abgemeldet.',
    )
    expect(await page.locator('.password-change .field__input').evaluateAll((els) => els.map((el) => [el.getAttribute('type'), (el as HTMLInputElement).value]))).toEqual([
      ['password', ''],
      ['password', ''],
      ['password', ''],
    ])
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'account-03-changed')

    // This session goes on, across a reload too (its refresh cookie still counts) …
    await page.reload()
    await page.locator('main h1', { hasText: 'Mein Konto' }).waitFor()
    expect(pathname(page)).toBe('/account')

    // … the other one is over: its next renewal fails and it lands on the login page.
    await other.reload()
    await other.waitForURL((url) => url.pathname === '/login')
    await otherContext.close()

    // Signed out, the old password no longer works, the new one does.
    await page.getByRole('button', { name: 'Abmelden' }).click()
    await page.waitForURL((url) => url.pathname === '/login')
    await signIn(page, person.email, person.password)
    await page.getByRole('alert').waitFor()
    expect((await page.getByRole('alert').innerText()).trim()).toBe('E-Mail-Adresse oder Passwort ist nicht korrekt.')
    await signIn(page, person.email, NEW_PASSWORD)
    await page.locator('main h1', { hasText: `Willkommen, ${person.name}` }).waitFor()

    // The wrong current password (422) and the old password at sign-in (401) are expected; nothing else may complain.
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([])
    await context.close()

    // On a phone, with the new password: the page fits the width.
    const [phoneContext, phone, phoneProblems] = await newPage(browser, PHONE)
    await signInFresh(phone, person.email, NEW_PASSWORD, person.name)
    await phone.getByRole('link', { name: `${person.name} – Mein Konto` }).click()
    await phone.locator('main h1', { hasText: 'Mein Konto' }).waitFor()
    expect(await noSidewaysScrolling(phone)).toBe(true)
    expect(await accessibilityViolations(phone)).toEqual([])
    await screenshot(phone, 'account-04-phone')
    expect(phoneProblems).toEqual([])
    await phoneContext.close()
  })
})
