import { ACCOUNT_AUDIT_ENTITIES, type AuditEntry } from '@wohnlotse/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  PHONE,
  accessibilityViolations,
  apiToken,
  createAccount,
  heading,
  launchBrowser,
  newPage,
  noSidewaysScrolling,
  openArea,
  screenshot,
  signIn,
  signInAs,
} from './support.ts'
import { apiGet } from './api-read.ts'

/**
 * Administration in the browser, on the demo seed: an admin creates an advisor account with a generated
 * passphrase, the person signs in with it, the admin deactivates the account (which ends that session), and the
 * audit trail shows both changes; an admin sets a new password for someone who lost theirs; a coordinator may hand
 * out only the front-desk and advisor roles.
 */

const baseUrl = inject('baseUrl')

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** One account per run, so the journey never trips over one from an earlier run. */
const SUFFIX = Date.now().toString(36)
const NAME = `Erika Muster ${SUFFIX}`
const EMAIL = `erika.${SUFFIX}@example.org`

/** Waits until the list shows the answer for the current filters (the live region names the number found). */
async function usersSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="user-list-status"]')?.textContent ?? ''
    return /gefunden|angezeigt/.test(status) && !document.querySelector('.users__results[aria-busy="true"]')
  })
}

async function auditSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="audit-list-status"]')?.textContent ?? ''
    return /gefunden|angezeigt/.test(status) && !document.querySelector('.audit__results[aria-busy="true"]')
  })
}

function userRow(page: Page, name: string) {
  return page.locator('.user-table tbody tr', { has: page.locator('th', { hasText: name }) })
}

async function rowCells(page: Page, name: string): Promise<string[]> {
  return (await userRow(page, name).locator('th, td').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim())
}

describe('journey: an admin creates, hands over and deactivates an account', () => {
  it('creates an advisor with a generated passphrase, deactivates it and finds both changes in the Protokoll', async () => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'admin')

    // The list: every demo account by name, the own one marked "Sie" without deactivate.
    await page.getByRole('navigation').getByRole('link', { name: 'Benutzer' }).click()
    await page.waitForURL((url) => url.pathname === '/users')
    await usersSettled(page)
    expect(await heading(page)).toBe('Benutzer')
    expect(await page.title()).toBe('Benutzer – Wohnlotse')
    expect(await page.locator('.user-table thead th').allInnerTexts()).toEqual([
      'Name',
      'E-Mail-Adresse',
      'Rolle',
      'Status',
      'Zwei-Faktor',
      'Angelegt am',
      'Aktionen',
    ])
    expect((await rowCells(page, 'Jana Roth')).slice(0, 4)).toEqual(['Jana Roth Sie', 'admin@example.org', 'Administration', 'Aktiv'])
    expect(await userRow(page, 'Jana Roth').getByRole('button').allInnerTexts()).toEqual(['Bearbeiten'])
    expect(await userRow(page, 'Jana Roth').locator('.user-table__why').innerText()).toContain('Ihr eigenes Konto')
    expect(await userRow(page, 'Jana Roth').getByRole('link', { name: 'Eigenes Passwort ändern' }).getAttribute('href')).toBe('/account')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-01-users-list')

    // Create: checks before sending, in German, with focus on the first problem.
    await page.getByRole('link', { name: 'Konto anlegen' }).click()
    await page.waitForURL((url) => url.pathname === '/users/new')
    expect(await heading(page)).toBe('Konto anlegen')
    await page.getByLabel('E-Mail-Adresse').fill('erika@example')
    await page.getByLabel('Erstes Passwort').fill('kurz')
    await page.getByRole('button', { name: 'Konto anlegen' }).click()
    expect(await page.locator('#user-name-error').innerText()).toBe('Bitte geben Sie den Namen der Person ein.')
    expect(await page.locator('#user-email-error').innerText()).toBe(
      'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.',
    )
    expect(await page.locator('#user-role-error').innerText()).toBe('Bitte wählen Sie eine Rolle.')
    expect(await page.locator('#user-password-error').innerText()).toBe('Das Passwort muss mindestens 12 Zeichen lang sein.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('user-name')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-02-user-form-errors')

    // A taken address lands at the field.
    await page.getByLabel('Name', { exact: true }).fill(NAME)
    await page.getByLabel('E-Mail-Adresse').fill('advisor@example.org')
    await page.getByLabel('Rolle').selectOption('advisor')
    await page.getByRole('button', { name: 'Passphrase erzeugen' }).click()
    const passphrase = await page.getByLabel('Erstes Passwort').inputValue()
    expect(passphrase).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){4}$/)
    expect(await page.getByLabel('Erstes Passwort').getAttribute('type')).toBe('text')
    await page.getByRole('button', { name: 'Konto anlegen' }).click()
    await page.locator('#user-email-error', { hasText: 'Für diese E-Mail-Adresse gibt es bereits ein Konto.' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('user-email')

    // Created: the passphrase is shown once more for handing over.
    await page.getByLabel('E-Mail-Adresse').fill(EMAIL)
    await page.getByRole('button', { name: 'Konto anlegen' }).click()
    await page.locator('.user-create__done h2', { hasText: `Konto für ${NAME} angelegt` }).waitFor()
    expect(await page.locator('[data-testid="handover-password"]').innerText()).toBe(passphrase)
    expect(await page.locator('.handover__change').innerText()).toContain('unter „Mein Konto“ durch ein eigenes ersetzen')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-03-user-created')

    // The person signs in with the handed-over passphrase (and stays signed in in their own browser).
    const [personContext, person] = await newPage(browser)
    await person.goto(`${baseUrl}/login`)
    await signIn(person, EMAIL, passphrase)
    await person.locator('main h1', { hasText: `Willkommen, ${NAME}` }).waitFor()

    // Deactivate: a confirmation that says what happens, then the row shows it.
    await page.getByRole('link', { name: 'Zur Benutzerliste' }).click()
    await page.waitForURL((url) => url.pathname === '/users')
    await usersSettled(page)
    expect((await rowCells(page, NAME)).slice(0, 4)).toEqual([NAME, EMAIL, 'Fachberatung (extern)', 'Aktiv'])
    await page.getByRole('button', { name: `${NAME} deaktivieren` }).click()
    const dialog = page.getByRole('dialog', { name: `${NAME} deaktivieren?` })
    await dialog.waitFor()
    expect(await dialog.locator('.modal__description').innerText()).toBe(
      `${NAME} wird sofort auf allen Geräten abgemeldet und kann sich nicht mehr anmelden.`,
    )
    // The safe choice has the focus.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Abbrechen')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-04-deactivate-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Konto deaktivieren' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByText(`Das Konto von ${NAME} ist deaktiviert. Die Person wurde überall abgemeldet.`).waitFor()
    expect((await rowCells(page, NAME))[3]).toBe('Deaktiviert')
    // Focus is back on the row's button, which now offers the way back.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${NAME} aktivieren`)

    // The filter "Deaktiviert" lists it.
    await page.getByLabel('Status', { exact: true }).selectOption('false')
    await page.waitForURL((url) => url.searchParams.get('active') === 'false')
    await usersSettled(page)
    expect(await page.locator('.user-table tbody th').allInnerTexts()).toContain(NAME)
    expect(new Set(await page.locator('.user-table tbody .badge').allInnerTexts())).toEqual(new Set(['Deaktiviert']))

    // The person's session has ended: reloading their page sends them to the login page, and signing in fails.
    await person.reload()
    await person.waitForURL((url) => url.pathname === '/login')
    await signIn(person, EMAIL, passphrase)
    expect((await person.getByRole('alert').innerText()).trim()).toBe('E-Mail-Adresse oder Passwort ist nicht korrekt.')
    await personContext.close()

    // Protokoll, from the account's row: its entries, newest first.
    await page.getByRole('link', { name: `Protokoll zum Konto von ${NAME}` }).click()
    await page.waitForURL((url) => url.pathname === '/audit' && url.searchParams.get('entity') === 'user')
    await auditSettled(page)
    expect(await heading(page)).toBe('Protokoll')
    const actions = await page.locator('.audit-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))
    expect(actions[0]).toBe('user.update')
    expect(actions.at(-1)).toBe('user.create')
    expect(actions).toContain('auth.login')

    const update = page.locator('.audit-entry[data-action="user.update"]').first()
    // The audit names no person (issue 10): the entry says what changed, the account is its record id.
    expect(await update.locator('.audit-entry__what').innerText()).toMatch(/^Konto geändert/)
    expect(await update.innerText()).not.toContain(NAME)
    expect(await update.locator('.audit-entry__who > span:last-child').innerText()).toBe('Jana Roth')
    await update.getByRole('button', { name: /^Details/ }).click()
    const changed = await update.locator('.audit-diff tbody tr').evaluateAll((rows) =>
      rows.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c as HTMLElement).innerText.trim())),
    )
    expect(changed[0]).toEqual(['active', 'true', 'false'])
    expect(changed.map((r) => r[0])).toEqual(['active', 'updatedAt'])

    const create = page.locator('.audit-entry[data-action="user.create"]')
    expect(await create.locator('.audit-entry__what').innerText()).toMatch(/^Konto angelegt/)
    expect(await create.innerText()).not.toContain(NAME)
    await create.getByRole('button', { name: /^Details/ }).click()
    const created = await create.locator('.audit-diff tbody th').allInnerTexts()
    // The database stores the snapshot as jsonb, which keeps its own key order.
    // Name and e-mail are personal: the audit keeps only that they were set (docs/privacy.md).
    expect([...created].sort()).toEqual(['active', 'changedPersonalFields', 'createdAt', 'id', 'role', 'updatedAt'])
    expect(await create.innerText()).not.toMatch(/password/i)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-05-audit-expanded')

    // The whole trail as an admin sees it: newest first, and only accounts, sign-ins and settings — never case data.
    // Which settings entries there are depends on the journeys that ran before (Berichte's k, Datenschutz's
    // periods), so the page is compared with the API's first page. The token first: signing in is audited too.
    const adminToken = await apiToken(baseUrl, 'admin')
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click()
    await page.waitForURL((url) => url.search === '')
    await auditSettled(page)
    const times = await page.locator('.audit-entry time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime') ?? ''))
    expect(times.length).toBeGreaterThan(6)
    expect([...times].sort().reverse()).toEqual(times)
    const trailActions = await page.locator('.audit-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))
    const trail = await apiGet<{ items: AuditEntry[] }>(baseUrl, adminToken, `/api/audit?limit=${trailActions.length}`)
    expect(trailActions).toEqual(trail.items.map((entry) => entry.action))
    expect(trail.items.filter((entry) => !(ACCOUNT_AUDIT_ENTITIES as readonly string[]).includes(entry.entity))).toEqual([])
    expect(new Set(trailActions.map((action) => action?.split('.')[0]))).toEqual(
      new Set(['user', 'auth', ...trail.items.filter((entry) => entry.entity === 'settings').map((entry) => entry.action.split('.')[0])]),
    )

    // The 409 of the taken address is expected; nothing else may complain.
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([])
    await context.close()
  })
})

describe('journey: an admin sets a new password for someone who lost theirs', () => {
  it('ends the person\'s sessions, shows the passphrase once, and the person signs in with it', async () => {
    const lost = await createAccount(baseUrl, 'advisor', 'Jonas Keller')

    // The person is signed in somewhere; that session ends with the reset.
    const [personContext, person] = await newPage(browser, PHONE)
    await person.goto(`${baseUrl}/login`)
    await signIn(person, lost.email, lost.password)
    await person.locator('main h1', { hasText: `Willkommen, ${lost.name}` }).waitFor()

    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'admin')
    await page.goto(`${baseUrl}/users?role=advisor`)
    await usersSettled(page)
    expect(await userRow(page, lost.name).getByRole('button').allInnerTexts()).toEqual(['Bearbeiten', 'Neues Passwort', 'Deaktivieren'])

    // The dialog says what happens before anything does; the safe choice has the focus.
    await page.getByRole('button', { name: `Neues Passwort für ${lost.name} vergeben` }).click()
    const dialog = page.getByRole('dialog', { name: `Neues Passwort für ${lost.name}` })
    await dialog.waitFor()
    expect(await dialog.locator('.modal__description').innerText()).toBe(
      `${lost.name} wird sofort auf allen Geräten abgemeldet. Das bisherige Passwort gilt dann nicht mehr.`,
    )
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Abbrechen')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-08-password-dialog', { fullPage: false })

    // Confirmed: a generated passphrase, shown once for handing over.
    await dialog.getByRole('button', { name: 'Neues Passwort vergeben' }).click()
    const secret = dialog.getByTestId('handover-password')
    await secret.waitFor()
    const passphrase = (await secret.innerText()).trim()
    expect(passphrase).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){4}$/)
    expect(await dialog.locator('.notice--success').innerText()).toBe(
      `Das neue Passwort gilt ab sofort. ${lost.name} wurde auf allen Geräten abgemeldet.`,
    )
    expect(await dialog.locator('.handover__title').innerText()).toBe('Neues Passwort übergeben')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-09-password-handover', { fullPage: false })
    await dialog.getByRole('button', { name: 'Fertig' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByText(`${lost.name} hat ein neues Passwort und wurde auf allen Geräten abgemeldet.`).waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Neues Passwort für ${lost.name} vergeben`)

    // The person's session is over; the old password is refused, the handed-over one lets them in.
    await person.reload()
    await person.waitForURL((url) => url.pathname === '/login')
    await signIn(person, lost.email, lost.password)
    await person.getByRole('alert').waitFor()
    expect((await person.getByRole('alert').innerText()).trim()).toBe('E-Mail-Adresse oder Passwort ist nicht korrekt.')
    await signIn(person, lost.email, passphrase)
    await person.locator('main h1', { hasText: `Willkommen, ${lost.name}` }).waitFor()
    await personContext.close()

    // The Protokoll names the reset, without the password.
    await page.goto(`${baseUrl}/audit?entity=user&entityId=${lost.id}`)
    await auditSettled(page)
    const reset = page.locator('.audit-entry[data-action="user.password_reset"]')
    expect(await reset.count()).toBe(1)
    // The API records no snapshot for it (nothing to show but the fact), so the entry names the action only.
    expect(await reset.locator('.audit-entry__action').innerText()).toBe('Neues Passwort vergeben')
    expect(await reset.locator('.audit-entry__who > span:last-child').innerText()).toBe('Jana Roth')
    expect(await page.locator('main').innerText()).not.toContain(passphrase)

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: a coordinator manages front-desk and advisor accounts only', () => {
  it('offers only Empfang, Fachberatung and Stadt and shows other accounts read-only', async () => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'coordinator')

    await openArea(page, 'Benutzer')
    await usersSettled(page)
    expect((await rowCells(page, 'Katrin Lehmann'))[0]).toBe('Katrin Lehmann Sie')
    for (const name of ['Jana Roth', 'Katrin Lehmann']) {
      expect(await userRow(page, name).getByRole('button').count(), name).toBe(0)
      expect(await userRow(page, name).locator('.user-table__why').innerText()).toBe('Nur die Administration kann dieses Konto ändern.')
    }
    expect(await userRow(page, 'Tom Becker').getByRole('button').allInnerTexts()).toEqual(['Bearbeiten', 'Neues Passwort', 'Deaktivieren'])
    expect(await accessibilityViolations(page)).toEqual([])

    await page.getByRole('link', { name: 'Konto anlegen' }).click()
    await page.waitForURL((url) => url.pathname === '/users/new')
    expect(await page.getByLabel('Rolle').locator('option').allInnerTexts()).toEqual([
      'Bitte wählen',
      'Empfang / Anlaufstelle',
      'Fachberatung (extern)',
      'Stadt (Controlling)',
    ])
    expect(await accessibilityViolations(page)).toEqual([])

    // The Protokoll of case data is the coordinators' (administrators see only the accounts' entries).
    await openArea(page, 'Protokoll')
    await page.waitForURL((url) => url.pathname === '/audit')
    await auditSettled(page)
    expect(await heading(page)).toBe('Protokoll')
    expect(await page.getByLabel('Bereich').locator('option').count()).toBeGreaterThan(3)
    expect(await accessibilityViolations(page)).toEqual([])

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: administration on a phone', () => {
  it('shows accounts and the Protokoll at 390×844 without sideways scrolling', async () => {
    const [context, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'admin')

    await page.goto(`${baseUrl}/users`)
    await usersSettled(page)
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-06-phone-users')
    await screenshot(page, 'admin-06b-phone-users-top', { fullPage: false })

    await page.goto(`${baseUrl}/audit?entity=user`)
    await auditSettled(page)
    await page.locator('.audit-entry[data-action="user.update"]').first().getByRole('button', { name: /^Details/ }).click()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'admin-07-phone-audit')
    await page.locator('.audit-entry--open').first().scrollIntoViewIfNeeded()
    await screenshot(page, 'admin-07b-phone-audit-entry', { fullPage: false })

    expect(problems).toEqual([])
    await context.close()
  })
})
