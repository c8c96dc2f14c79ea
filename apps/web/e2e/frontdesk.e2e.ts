import { daysBetween, todayInBerlin } from '@wohnlotse/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { PHONE, accessibilityViolations, focusedText, launchBrowser, newPage, noSidewaysScrolling, pathname, screenshot, signInAs, tabTo } from './support.ts'

const baseUrl = inject('baseUrl')
/** Days since the demo seed ran: 0, unless the run has crossed midnight in Berlin since. */
const sinceSeed = () => daysBetween(inject('seededOn'), todayInBerlin())

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** The eight offers every installation starts with (migration 0007), by name. */
const SEEDED_OFFERS = [
  'AWIG',
  'bauforum dresden e.V.',
  'Mietshäuser Syndikat',
  'Stadtplanungsamt',
  'WoGe Dresden eG',
  'Wohnberatungsstelle',
  'Wohnsinn',
  'Wohnungsbauförderstelle',
]

/** One name per run, so the journey finds its own inquiry among earlier ones. */
const PERSON = `Erika ${Date.now().toString(36)}`

function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '')
}

/** Presses Tab until the element with `id` has the focus. */
async function tabToId(page: Page, id: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if ((await focusedId(page)) === id) return
  }
  throw new Error(`#${id} was not reached with ${max} presses of Tab`)
}

/** Presses ArrowRight inside a group of choices until the focused choice's text is `text`. */
async function arrowTo(page: Page, text: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focusedText(page)) === text) return
    await page.keyboard.press('ArrowRight')
  }
  throw new Error(`"${text}" was not reached with ${max} presses of ArrowRight`)
}

const chosenChannel = (page: Page) => page.locator('#intake-channel [aria-checked="true"]').getAttribute('data-value')

/** Presses Shift+Tab until the focused element's text is `text`. */
async function tabBackTo(page: Page, text: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Shift+Tab')
    if ((await focusedText(page)) === text) return
  }
  throw new Error(`"${text}" was not reached with ${max} presses of Shift+Tab`)
}

/** Waits until the suggestions answer the current form (the live region names the count and best match). */
async function suggestionsSay(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      document.querySelector('[data-testid="suggestions-status"]')?.textContent?.trim() === expected &&
      !document.querySelector('.suggestion-list[aria-busy="true"]'),
    text,
  )
}

async function statusSays(page: Page, text: string): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector('[data-testid="frontdesk-status"]')?.textContent?.trim() === expected, text)
}

const suggestionNames = (page: Page) => page.locator('.suggestion__name').allInnerTexts()

describe('journey: the front desk takes an inquiry by keyboard alone', () => {
  it('takes an inquiry, refers it to two offers, then records an outcome from the worklist', async () => {
    const [context, page, problems] = await newPage(browser)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl })
    await signInAs(page, baseUrl, 'frontdesk')

    // From the start page to the front desk: Tab to the navigation, Enter.
    await tabTo(page, 'Anlaufstelle')
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === '/front-desk')
    await page.locator('main h1', { hasText: 'Anlaufstelle' }).waitFor()
    expect(await page.title()).toBe('Anlaufstelle – Wohnlotse')
    await suggestionsSay(page, '8 Angebote, nach Namen sortiert.')
    expect(await suggestionNames(page)).toEqual(SEEDED_OFFERS)
    expect(await page.locator('[data-testid="intake-state"]').innerText()).toBe(
      'Noch nicht gespeichert. Die Anfrage wird spätestens mit dem ersten Verweis angelegt.',
    )
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '50-frontdesk-empty')

    // The channel is a radio group on "Telefon"; the arrow keys move within it.
    await tabTo(page, 'Telefon')
    expect(await chosenChannel(page)).toBe('phone')
    await page.keyboard.press('ArrowRight')
    expect(await chosenChannel(page)).toBe('email')
    await page.keyboard.press('ArrowLeft')
    expect(await chosenChannel(page)).toBe('phone')

    await page.keyboard.press('Tab')
    expect(await focusedId(page)).toBe('intake-name')
    await page.keyboard.type(PERSON)
    await page.keyboard.press('Tab')
    await page.keyboard.type('erika@example.org')

    // Topics: one Tab into the group, arrows to the topic, Space to pick; the suggestions follow.
    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Erste Orientierung')
    await arrowTo(page, 'Inklusives Wohnen')
    await page.keyboard.press('Space')
    await page.keyboard.press('ArrowRight')
    expect(await focusedText(page)).toBe('Wohnen im Alter')
    await page.keyboard.press('Space')
    await suggestionsSay(page, '8 Angebote, nach Passung sortiert. Bester Vorschlag: Wohnberatungsstelle')
    // The first topic alone has the same best offer and count, so the status line can be the answer to the first
    // pick while the second is still on its way: the list is the answer to both once the best match says so.
    await page.locator('.suggestion__matches', { hasText: 'Inklusives Wohnen, Wohnen im Alter' }).first().waitFor()
    expect((await suggestionNames(page)).slice(0, 3)).toEqual(['Wohnberatungsstelle', 'AWIG', 'Wohnsinn'])
    expect(await page.locator('.suggestion__matches').first().innerText()).toBe('Passt zu: Inklusives Wohnen, Wohnen im Alter')
    expect(await page.locator('[data-testid="suggestions-more"] summary').innerText()).toBe('Weitere Angebote (5)')
    await screenshot(page, '51-frontdesk-topics')

    // Language: the closed select takes the arrow keys.
    await tabToId(page, 'intake-language')
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('#intake-language').inputValue()).toBe('de')
    await suggestionsSay(page, '8 Angebote, nach Passung sortiert. Bester Vorschlag: Wohnberatungsstelle')
    expect(await page.locator('.suggestion__matches').first().innerText()).toBe('Passt zu: Inklusives Wohnen, Wohnen im Alter, Deutsch')

    await tabToId(page, 'intake-notes')
    await page.keyboard.type('Möchte im Alter nicht allein wohnen; Wohnung soll barrierearm sein.')

    // Consent once for the call, a reason, then one keystroke refers to the best match.
    await tabTo(page, 'Kontaktdaten dürfen weitergegeben werden')
    await page.keyboard.press('Space')
    expect(await page.locator('#referral-consent').isChecked()).toBe(true)
    await page.keyboard.press('Tab')
    expect(await focusedId(page)).toBe('referral-reason')
    await page.keyboard.type('Wohnberatung für ältere Menschen')
    await page.keyboard.press('Alt+Shift+Digit1')
    await page.waitForFunction(() =>
      /^An Wohnberatungsstelle verwiesen\. Nachfrage am \d{2}\.\d{2}\.\d{4}\.$/.test(
        document.querySelector('[data-testid="frontdesk-status"]')?.textContent?.trim() ?? '',
      ),
    )
    expect(await page.locator('[data-testid="intake-state"]').innerText()).toBe('Gespeichert · Weiterverwiesen')

    // The second offer: Tab to its button, Enter.
    await tabTo(page, 'Verweisen an AWIG')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() =>
      /^An AWIG verwiesen\./.test(document.querySelector('[data-testid="frontdesk-status"]')?.textContent?.trim() ?? ''),
    )
    expect(await page.locator('.intake__referred').innerText()).toBe('In diesem Gespräch verwiesen an: Wohnberatungsstelle, AWIG')
    expect(await page.locator('.suggestion--referred .suggestion__name').allInnerTexts()).toEqual(['Wohnberatungsstelle', 'AWIG'])
    expect(await page.locator('.suggestion[data-offer="AWIG"] .suggestion__referral').innerText()).toMatch(
      /^✓ Nachfrage am \d{2}\.\d{2}\.\d{4} · Kontaktdaten dürfen weitergegeben werden$/,
    )

    // The contact cards: the demo's placeholder contacts (real installations start without any), copied as text.
    const cards = page.locator('[data-testid="contact-card"]')
    expect(await cards.count()).toBe(2)
    expect(await cards.locator('.contact-card__missing').count()).toBe(0)
    await tabTo(page, 'Kopieren: Kontaktdaten von AWIG')
    await page.keyboard.press('Enter')
    await statusSays(page, 'Die Kontaktdaten von AWIG wurden kopiert.')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      [
        'AWIG',
        'Telefon: 0351 000000-11',
        'E-Mail: awig@example.org',
        'Internet: https://example.org/awig',
        'Adresse: Beispielweg 1, 01000 Dresden',
        'Öffnungszeiten: Demo: Mo–Do 9–16 Uhr, Fr nach Vereinbarung',
      ].join('\n'),
    )
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '52-frontdesk-referred')
    await page.locator('.suggestion[data-offer="Wohnberatungsstelle"]').scrollIntoViewIfNeeded()
    await screenshot(page, '52b-frontdesk-contact-card', { fullPage: false })

    // Printing prints the card alone (the browser's dialog is replaced, so the print layout can be looked at).
    await page.evaluate(() => {
      const w = window as unknown as { printed: number }
      w.printed = 0
      window.print = () => {
        w.printed += 1
      }
    })
    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Drucken: Kontaktdaten von AWIG')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('[data-print-target] .contact-card__title').innerText()).toBe('Kontakt: AWIG')
    expect(await page.locator('.app-header').isVisible()).toBe(false)
    expect(await page.locator('.intake__form').isVisible()).toBe(false)
    expect(await page.locator('[data-print-target] .contact-card__actions').isVisible()).toBe(false)
    await screenshot(page, '53-frontdesk-print-card')
    await page.emulateMedia({ media: 'screen' })
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    expect(await page.locator('[data-print-target]').count()).toBe(0)

    // Later: the follow-up worklist, two due in the demo, longest due first.
    await tabBackTo(page, 'Wiedervorlagen fällig 2')
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === '/front-desk/follow-ups')
    await page.locator('[data-testid="follow-up-list"]').waitFor()
    expect(await page.title()).toBe('Wiedervorlagen fällig – Wohnlotse')
    const titles = () => page.locator('.follow-up__title').allInnerTexts()
    expect(await titles()).toEqual(['Jürgen → Wohnungsbauförderstelle', 'Lea → Wohnsinn'])
    // The seed made Jürgen's follow-up due 8 days before its day.
    expect(await page.locator('.follow-up__due').first().innerText()).toMatch(new RegExp(`^Fällig seit \\d{2}\\.\\d{2}\\.\\d{4} \\(${8 + sinceSeed()} Tage\\)$`))
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '54-follow-ups')

    await tabTo(page, 'Notiz zum Ergebnis (optional)')
    await page.keyboard.type('Förderantrag wird gestellt.')
    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Kontakt aufgenommen')
    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Geholfen')
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="follow-ups-announcement"]')?.textContent?.trim() ===
        'Ergebnis „Hat geholfen“ für den Verweis an Wohnungsbauförderstelle gespeichert.',
    )
    expect(await titles()).toEqual(['Lea → Wohnsinn'])
    expect(await focusedText(page)).toBe('Lea → Wohnsinn')
    // The count comes from the counter request the outcome set off, after the card has left: wait for its answer.
    await page.waitForFunction(() => document.querySelector('.fd-nav__count')?.textContent?.trim() === '1')
    expect(await page.locator('.fd-nav__count').innerText()).toBe('1')
    await screenshot(page, '54b-follow-ups-recorded')

    // The inquiry list: the new inquiry on top; filtered by status from the keyboard.
    await tabBackTo(page, 'Anfragen')
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === '/front-desk/inquiries')
    await page.locator('[data-testid="inquiry-table"]').waitFor()
    const firstRow = page.locator('[data-testid="inquiry-table"] tbody tr').first()
    expect(await firstRow.locator('th').innerText()).toBe(PERSON)
    expect(await firstRow.locator('.badge').innerText()).toBe('Weiterverwiesen')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '55-inquiry-list')

    await tabToId(page, 'inquiry-filter-status')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.waitForURL((url) => url.searchParams.get('status') === 'referred')
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
    const statuses = await page.locator('[data-testid="inquiry-table"] tbody .badge').allInnerTexts()
    expect(new Set(statuses)).toEqual(new Set(['Weiterverwiesen']))

    // Opening it shows both referrals and what can still happen.
    await tabTo(page, PERSON)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => /^\/front-desk\/inquiries\/[0-9a-f-]{36}$/.test(url.pathname))
    await page.locator('main h1', { hasText: `Anfrage von ${PERSON}` }).waitFor()
    await page.locator('[data-testid="inquiry-referrals"]').waitFor()
    expect(new Set(await page.locator('[data-testid="inquiry-referrals"] h3').allInnerTexts())).toEqual(
      new Set(['Wohnberatungsstelle', 'AWIG']),
    )
    expect(await page.locator('.inquiry-detail__actions button').allInnerTexts()).toEqual(['Als Gruppe anlegen', 'Abschließen'])
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '56-inquiry-detail')

    // Its dialogs: closing asks for a reason with the safe choice focused; making a group starts at the name.
    // Escape leaves both without a change and gives the focus back to the button that opened them.
    await tabTo(page, 'Abschließen')
    await page.keyboard.press('Enter')
    const closeDialog = page.getByRole('dialog', { name: 'Anfrage abschließen' })
    await closeDialog.waitFor()
    expect(await focusedText(page)).toBe('Abbrechen')
    expect(await closeDialog.getByLabel('Begründung').getAttribute('maxlength')).toBe('2000')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '56b-close-dialog', { fullPage: false })
    await page.keyboard.press('Escape')
    await closeDialog.waitFor({ state: 'hidden' })
    expect(await focusedText(page)).toBe('Abschließen')
    await tabBackTo(page, 'Als Gruppe anlegen')
    await page.keyboard.press('Enter')
    const convertDialog = page.getByRole('dialog', { name: 'Als Gruppe anlegen' })
    await convertDialog.waitFor()
    expect(await focusedId(page)).toBe('convert-name')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '56c-convert-dialog', { fullPage: false })
    await page.keyboard.press('Escape')
    await convertDialog.waitFor({ state: 'hidden' })
    expect(await focusedText(page)).toBe('Als Gruppe anlegen')

    expect(pathname(page)).toMatch(/^\/front-desk\/inquiries\//)
    expect(problems).toEqual([])
    await context.close()
  })

  it('fits a phone: one column, suggestions under the form', async () => {
    const [context, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'frontdesk')
    await page.goto(`${baseUrl}/front-desk`)
    await suggestionsSay(page, '8 Angebote, nach Namen sortiert.')
    await tabTo(page, 'Erste Orientierung')
    await arrowTo(page, 'Gruppenfindung')
    await page.keyboard.press('Space')
    await suggestionsSay(page, '8 Angebote, nach Passung sortiert. Bester Vorschlag: bauforum dresden e.V.')
    await tabTo(page, 'Verweisen an bauforum dresden e.V.')
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="contact-card"]').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBe(0)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '57-phone-frontdesk')
    await page.locator('[data-testid="contact-card"]').scrollIntoViewIfNeeded()
    await screenshot(page, '57b-phone-contact-card', { fullPage: false })

    // The same desk in English, through the switch (the call stays as it was), and back.
    // On a phone the switch sits behind the header's menu button; the open menu leads straight to it.
    await tabTo(page, 'Menü', 120)
    await page.keyboard.press('Enter')
    expect(await page.getByRole('button', { name: 'Menü' }).getAttribute('aria-expanded')).toBe('true')
    await tabTo(page, 'English', 5)
    await page.keyboard.press('Enter')
    await page.locator('main h1', { hasText: 'Front desk' }).waitFor()
    expect(await page.locator('#intake-title').innerText()).toBe('Take an inquiry')
    expect(await page.locator('.suggestion__name').first().innerText()).toBe('bauforum dresden e.V.')
    expect(await page.locator('[data-testid="contact-card"] dt').first().innerText()).toBe('Phone')
    await page.locator('[data-testid="contact-card"]').scrollIntoViewIfNeeded()
    await screenshot(page, '59-phone-frontdesk-en', { fullPage: false })
    await page.keyboard.press('Enter')
    await page.locator('main h1', { hasText: 'Anlaufstelle' }).waitFor()

    // The call's dialogs fit the phone's width.
    for (const [button, shot] of [['Abschließen', '57c-phone-close-dialog'], ['Als Gruppe anlegen', '57d-phone-convert-dialog']] as const) {
      await page.locator('.intake__actions').getByRole('button', { name: button }).click()
      const dialog = page.getByRole('dialog', { name: button === 'Abschließen' ? 'Anfrage abschließen' : button })
      await dialog.waitFor()
      expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
      expect(await accessibilityViolations(page)).toEqual([])
      await screenshot(page, shot, { fullPage: false })
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
    }

    await page.goto(`${baseUrl}/front-desk/follow-ups`)
    await page.locator('[data-testid="follow-up-list"], .empty-state').first().waitFor()
    await screenshot(page, '58-phone-follow-ups')

    // The inquiry list stacks into cards like the other lists instead of scrolling sideways.
    await page.goto(`${baseUrl}/front-desk/inquiries`)
    await page.locator('[data-testid="inquiry-table"]').waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await page.locator('.fd-table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '58b-phone-inquiries', { fullPage: false })

    expect(problems).toEqual([])
    await context.close()
  })
})
