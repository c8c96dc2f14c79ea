import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  PHONE,
  accessibilityViolations,
  focusedText,
  heading,
  launchBrowser,
  newPage,
  noSidewaysScrolling,
  pathname,
  screenshot,
  signInAs,
  tabTo,
} from './support.ts'
import { artifactsDir } from './global-setup.ts'

const baseUrl = inject('baseUrl')

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** One name per run, so the journey never trips over a group from an earlier one. */
const GROUP_NAME = `Wohnprojekt Elbblick ${Date.now().toString(36)}`

/** The number in a chip like "Stufe II · 6". */
async function chipCount(page: Page, label: string): Promise<number> {
  const text = await page.locator('.stage-chip', { hasText: label }).first().innerText()
  const match = /·\s*(\d+)$/.exec(text.trim())
  if (!match) throw new Error(`no count in chip "${text}"`)
  return Number(match[1])
}

async function listNames(page: Page): Promise<string[]> {
  return (await page.locator('.group-table tbody th a').allInnerTexts()).map((s) => s.trim())
}

/** Waits until the list shows the answer for the current filters (the live region names the number found). */
async function listSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="group-list-status"]')?.textContent ?? ''
    return /gefunden/.test(status) && !document.querySelector('.group-list__results[aria-busy="true"]')
  })
}

describe('journey: a coordinator works with groups', () => {
  it('lists, filters, creates a group, adds a contact and a consultation, and moves it to Stufe II by keyboard', async () => {
    // An English browser on purpose: the date fields still read and write TT.MM.JJJJ (issue 12).
    const [context, page, problems] = await newPage(browser, { locale: 'en-US' })
    await signInAs(page, baseUrl, 'coordinator')

    // The list: counts per stage as chips, one row per group (the demo has about fifteen).
    await page.getByRole('navigation').getByRole('link', { name: 'Gruppen' }).click()
    await page.waitForURL((url) => url.pathname === '/groups')
    await listSettled(page)
    expect(await heading(page)).toBe('Gruppen')
    expect(await page.title()).toBe('Gruppen – Wohnlotse')
    const counts = {
      all: await chipCount(page, 'Alle Stufen'),
      orientation: await chipCount(page, 'Stufe I ·'),
      concept: await chipCount(page, 'Stufe II ·'),
      expert: await chipCount(page, 'Stufe III'),
    }
    expect(counts.all).toBe(counts.orientation + counts.concept + counts.expert)
    expect(counts.orientation).toBeGreaterThan(0)
    expect(counts.concept).toBeGreaterThan(0)
    expect(counts.expert).toBeGreaterThan(0)
    expect((await listNames(page)).length).toBe(Math.min(counts.all, 25))
    expect(await page.locator('.group-table thead th').allInnerTexts()).toEqual([
      'Name der Gruppe',
      'Stadtteil',
      'Beratungsstufe',
      'Status',
      'In der Stufe',
      'Zuletzt bearbeitet',
    ])
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '10-groups-list')

    // A stage chip filters the list and goes into the address.
    await page.locator('.stage-chip', { hasText: 'Stufe II ·' }).click()
    await page.waitForURL((url) => url.searchParams.get('stage') === 'concept')
    await listSettled(page)
    expect((await listNames(page)).length).toBe(Math.min(counts.concept, 25))
    const stages = await page.locator('.group-table tbody .badge--concept, .group-table tbody .badge--orientation, .group-table tbody .badge--expert').allInnerTexts()
    expect(new Set(stages)).toEqual(new Set(['Stufe II']))

    // The search waits for a pause in typing, then narrows list and counts.
    await page.getByRole('searchbox', { name: 'Suche' }).fill('Hechtviertel')
    await page.waitForURL((url) => url.searchParams.get('q') === 'Hechtviertel')
    await listSettled(page)
    expect(await listNames(page)).toEqual(['Wohnhof Hechtviertel'])
    expect(await chipCount(page, 'Alle Stufen')).toBe(1)
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).first().click()
    await page.waitForURL((url) => url.search === '')
    await listSettled(page)

    // A district filter offers Stadtbezirke and Ortschaften in groups.
    expect(await page.locator('#group-filter-district optgroup').evaluateAll((els) => els.map((e) => e.getAttribute('label')))).toEqual([
      'Stadtbezirke',
      'Ortschaften',
    ])

    // The pipeline board: three columns, their cards are links.
    await page.getByRole('button', { name: 'Pipeline' }).click()
    await page.waitForURL((url) => url.searchParams.get('view') === 'board')
    await page.locator('.board__column[data-stage="expert"] .board-card').first().waitFor()
    // Each column loads its own groups: the concept column may still be on its way when the expert one is there.
    await page.waitForFunction(() => document.querySelectorAll('.board__column').length === 3 && !document.querySelector('.board__column[aria-busy="true"]'))
    expect(await page.locator('.board__title > span:first-child').allInnerTexts()).toEqual([
      'Stufe I – Orientierungsberatung',
      'Stufe II – Konzeptberatung',
      'Stufe III – Fachberatung',
    ])
    // Closed groups are not work in their stage: they wait apart, folded under "Abgeschlossen" (issue 12).
    const concept = page.locator('.board__column[data-stage="concept"]')
    const conceptCards = await concept.locator('.board-card a').count()
    expect(conceptCards).toBeGreaterThan(0)
    expect(conceptCards).toBeLessThan(Math.min(counts.concept, 20) + 1)
    expect(await concept.locator('.board-card', { hasText: 'Abgeschlossen' }).count()).toBe(0)
    expect(await concept.getByRole('link', { name: 'Hofgemeinschaft Klotzsche' }).count()).toBe(0)
    const closed = page.getByTestId('board-closed')
    // Its number comes with a request of its own (the closed groups' counts): "Abgeschlossen" stands there before it.
    await closed.locator('summary', { hasText: /·/ }).waitFor()
    expect((await closed.locator('summary').innerText()).trim()).toMatch(/^Abgeschlossen · \d+ Gruppen?$/)
    expect(await closed.getAttribute('open')).toBeNull()
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '11-groups-board')
    await closed.locator('summary').click()
    await closed.getByRole('link', { name: 'Hofgemeinschaft Klotzsche' }).waitFor()
    expect(await closed.locator('.board-card', { hasText: 'Hofgemeinschaft Klotzsche' }).innerText()).toContain('Stufe II')
    expect(await accessibilityViolations(page)).toEqual([])
    await closed.scrollIntoViewIfNeeded()
    await screenshot(page, '11b-groups-board-closed', { fullPage: false })
    await page.getByRole('button', { name: 'Liste' }).click()
    // Until the address changes the board is still there, its status line already saying "… gefunden".
    await page.waitForURL((url) => url.searchParams.get('view') === null)
    await listSettled(page)

    // Create: checks before sending, in German, with focus on the first problem.
    await page.getByRole('link', { name: 'Neue Gruppe' }).click()
    await page.waitForURL((url) => url.pathname === '/groups/new')
    expect(await heading(page)).toBe('Neue Gruppe anlegen')
    await page.getByLabel('Geplante Wohnungen').fill('12,5')
    await page.getByRole('button', { name: 'Gruppe anlegen' }).click()
    expect(await page.locator('#group-name-error').innerText()).toBe('Bitte geben Sie den Namen der Gruppe ein.')
    expect(await page.locator('#group-plannedHomes-error').innerText()).toBe(
      'Bitte geben Sie eine ganze Zahl größer als 0 ein, zum Beispiel 12.',
    )
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('group-name')
    expect(await page.locator('#group-name').getAttribute('aria-invalid')).toBe('true')
    expect(pathname(page)).toBe('/groups/new')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '12-group-form-errors')

    await page.getByLabel('Name der Gruppe').fill(GROUP_NAME)
    await page.getByLabel('Beschreibung').fill('Acht Haushalte suchen ein Haus mit Garten an der Elbe.')
    await page.getByLabel('Stadtteil').selectOption('pieschen')
    await page.getByLabel('Geplante Wohnungen').fill('8')
    await page.getByLabel('Familien mit Kindern').check()
    await page.getByLabel('Mehrgenerationenwohnen').check()
    await page.getByRole('button', { name: 'Gruppe anlegen' }).click()
    await page.waitForURL((url) => /^\/groups\/[0-9a-f-]{36}$/.test(url.pathname))
    await page.locator('main h1', { hasText: GROUP_NAME }).waitFor()
    const groupUrl = page.url()
    expect(await page.title()).toBe(`${GROUP_NAME} – Wohnlotse`)
    expect(await page.getByText(`Die Gruppe „${GROUP_NAME}“ wurde angelegt.`).isVisible()).toBe(true)
    expect(await page.locator('.group-detail__summary .badge').allInnerTexts()).toEqual(['Stufe I – Orientierungsberatung', 'Aktiv'])
    expect(await page.locator('.facts').innerText()).toContain('Familien mit Kindern, Mehrgenerationenwohnen')

    // A contact person.
    await page.getByRole('button', { name: 'Person hinzufügen' }).click()
    await page.locator('#contact-new-name').fill('Clara Weber')
    await page.locator('#contact-new-role').fill('Sprecherin')
    await page.locator('#contact-new-email').fill('clara.weber@example.org')
    expect(await page.locator('#contact-new-consentAt').getAttribute('inputmode')).toBe('numeric')
    await page.locator('#contact-new-consentAt').fill('15.1.2026')
    await page.locator('.contact-form').getByRole('button', { name: 'Person hinzufügen' }).click()
    await page.getByText('Clara Weber wurde hinzugefügt.').waitFor()
    expect((await page.locator('.contact__name').allInnerTexts()).map((s) => s.trim())).toEqual(['Clara Weber · Sprecherin'])
    expect(await page.getByText('Einwilligung vom 15.01.2026').isVisible()).toBe(true)

    // A consultation: today by default, stored with the group's stage.
    await page.getByRole('button', { name: 'Gespräch erfassen' }).click()
    expect(await page.locator('#consultation-date').inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/)
    expect(await page.getByText('Format TT.MM.JJJJ, z. B. 01.02.2026').first().isVisible()).toBe(true)
    await page.getByLabel('Dauer (Minuten)').fill('45')
    await page.getByLabel('Art des Gesprächs').selectOption('in_person')
    await page.getByLabel('Gruppenfindung').check()
    await page.getByLabel('Rechtsform', { exact: true }).check()
    await page.getByLabel('Notizen').fill('Erstgespräch: Rechtsform und Gruppenprozess besprochen.')
    await page.getByRole('button', { name: 'Gespräch speichern' }).click()
    await page.getByText('Das Gespräch wurde gespeichert.').waitFor()
    const consultation = page.locator('.consultation').first()
    expect(await consultation.locator('h3').innerText()).toMatch(/· Persönlich · 45 Min\.$/)
    expect(await consultation.locator('.badge').innerText()).toBe('Stufe I – Orientierungsberatung')
    expect(await consultation.locator('.tag').allInnerTexts()).toEqual(['Gruppenfindung', 'Rechtsform'])
    expect(await consultation.innerText()).toContain('Erfasst von Katrin Lehmann')

    // Keyboard only from here: from the top of the page to "Stufe ändern", into the dialog and out again.
    await page.goto(groupUrl)
    await page.locator('main h1', { hasText: GROUP_NAME }).waitFor()
    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Zum Inhalt springen')
    await page.keyboard.press('Enter')
    await tabTo(page, 'Stufe ändern')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Beratungsstufe ändern' })
    await dialog.waitFor()
    // The next stage is preselected and has the focus; one step forward needs no reason.
    expect(await focusedText(page)).toBe('Stufe II – Konzeptberatung')
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true)
    expect(await dialog.locator('#stage-reason').count()).toBe(0)
    expect(await dialog.innerText()).toContain('Ein Schritt nach vorn braucht keine Begründung.')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '13-stage-dialog', { fullPage: false })

    // Skipping to Stufe III asks for a reason and says why; back to Stufe II, it is gone again.
    await page.keyboard.press('ArrowDown')
    expect(await focusedText(page)).toBe('Stufe III – Fachberatung')
    await dialog.locator('#stage-reason').waitFor()
    expect(await dialog.locator('#stage-reason-hint').innerText()).toMatch(/^Sie überspringen eine Stufe\./)
    await screenshot(page, '13b-stage-dialog-skip', { fullPage: false })
    await page.keyboard.press('ArrowUp')
    expect(await focusedText(page)).toBe('Stufe II – Konzeptberatung')
    expect(await dialog.locator('#stage-reason').count()).toBe(0)

    // Escape closes without a change, and focus returns to the button.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await focusedText(page)).toBe('Stufe ändern')
    await page.keyboard.press('Space')
    await dialog.waitFor()
    expect(await focusedText(page)).toBe('Stufe II – Konzeptberatung')
    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Stufe ändern')
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    await page.getByText('Die Gruppe ist jetzt in Stufe II – Konzeptberatung.').waitFor()
    expect(await focusedText(page)).toBe('Stufe ändern')

    // The timeline shows the step, from where, by whom, and the time in each stage.
    const steps = page.locator('.timeline__step')
    expect(await steps.count()).toBe(2)
    expect(await steps.nth(0).locator('h3').innerText()).toBe('Stufe I – Orientierungsberatung')
    expect(await steps.nth(0).innerText()).toContain('Gruppe angelegt')
    expect(await steps.nth(0).locator('.timeline__duration').innerText()).toBe('weniger als ein Tag in dieser Stufe')
    expect(await steps.nth(1).locator('h3').innerText()).toBe('Stufe II – Konzeptberatung')
    expect(await steps.nth(1).innerText()).toContain('von Stufe I – Orientierungsberatung')
    expect(await steps.nth(1).locator('.timeline__meta').innerText()).toContain('Katrin Lehmann')
    expect(await steps.nth(1).locator('.timeline__duration').innerText()).toBe('Aktuelle Stufe, seit heute')
    expect(await page.locator('.group-detail__summary .badge').first().innerText()).toBe('Stufe II – Konzeptberatung')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '14-group-detail')

    // Pausing and reactivating show up in the status history at once, with who did it.
    expect(await page.locator('.status-history').count()).toBe(0)
    await page.getByRole('button', { name: 'Pausieren', exact: true }).click()
    await page.getByText('Status geändert: Pausiert.').waitFor()
    await page.locator('.status-history li').first().waitFor()
    expect(await page.getByTestId('status-note').locator('.status-note__what').innerText()).toMatch(
      /^Pausiert seit \d{2}\.\d{2}\.\d{4} · Katrin Lehmann$/,
    )
    await page.getByRole('button', { name: 'Reaktivieren', exact: true }).click()
    await page.getByText('Status geändert: Aktiv.').waitFor()
    await page.locator('.status-history li').nth(1).waitFor()
    expect(await page.locator('.status-history__what').evaluateAll((els) => els.map((el) => el.textContent?.replace(/\s+/g, ' ').trim()))).toEqual([
      'Pausiert',
      'Reaktiviert, zuvor pausiert',
    ])
    expect(await page.getByTestId('status-note').count()).toBe(0)
    await page.locator('.group-detail__history').screenshot({ path: `${artifactsDir}/14b-status-history.png` })

    // The list now has the group in Stufe II, most recently updated first.
    await page.goto(`${baseUrl}/groups?stage=concept`)
    await listSettled(page)
    expect((await listNames(page))[0]).toBe(GROUP_NAME)

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: a paused group says why', () => {
  it('shows the pause with its date, who and why beside the status and in the status history', async () => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'coordinator')

    await page.goto(`${baseUrl}/groups?q=Cottaer`)
    await listSettled(page)
    await page.getByRole('link', { name: 'Baugemeinschaft Cottaer Gärten' }).click()
    await page.locator('main h1', { hasText: 'Baugemeinschaft Cottaer Gärten' }).waitFor()
    await page.locator('.status-history li').first().waitFor()

    expect(await page.locator('.group-detail__summary .badge').allInnerTexts()).toEqual(['Stufe II – Konzeptberatung', 'Pausiert'])
    const note = page.getByTestId('status-note')
    expect(await note.locator('.status-note__what').innerText()).toMatch(/^Pausiert seit \d{2}\.\d{2}\.\d{4} · Katrin Lehmann$/)
    expect((await note.locator('.status-note__reason').textContent())?.trim()).toBe('Grund: Grundstückssuche ruht bis zum Frühjahr')

    const entries = page.locator('.status-history li')
    expect(await entries.count()).toBe(1)
    expect((await entries.locator('.status-history__what').innerText()).trim()).toBe('Pausiert')
    expect(await entries.locator('.status-history__meta').innerText()).toMatch(/^\d{2}\.\d{2}\.\d{4} · Katrin Lehmann$/)
    expect((await entries.locator('.status-history__reason').textContent())?.trim()).toBe('Grund: Grundstückssuche ruht bis zum Frühjahr')
    // The pause date of the note and the history are the same day.
    expect(await note.locator('.status-note__what').innerText()).toContain(
      (await entries.locator('time').innerText()).trim(),
    )
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '18-paused-group')

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: the front desk looks at a group in Fachberatung', () => {
  it('sees the data without stage controls and without the minutes of Stufe II/III', async () => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'frontdesk')

    await page.goto(`${baseUrl}/groups?q=Elbwiese`)
    await listSettled(page)
    await page.getByRole('link', { name: 'Genossenschaftsinitiative Elbwiese' }).click()
    await page.locator('main h1', { hasText: 'Genossenschaftsinitiative Elbwiese' }).waitFor()
    await page.locator('.consultation').first().waitFor()

    expect(await page.locator('.group-detail__summary .badge').first().innerText()).toBe('Stufe III – Fachberatung')
    for (const name of ['Stufe ändern', 'Pausieren', 'Abschließen', 'Bearbeiten', 'Gespräch erfassen']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0)
      expect(await page.getByRole('link', { name, exact: true }).count(), name).toBe(0)
    }
    expect(await page.getByRole('button', { name: 'Person hinzufügen' }).count()).toBe(1)
    expect(await page.locator('.contact__actions').count()).toBe(0)

    // Minutes of Konzept- and Fachberatung are the coordination's; those of Stufe I stay readable.
    const consultations = page.locator('.consultation')
    const rows = await consultations.evaluateAll((els) =>
      els.map((el) => ({
        stage: el.querySelector('.badge')?.textContent?.trim(),
        hidden: el.querySelector('.consultation__hidden')?.textContent?.trim() ?? null,
        notes: el.querySelector('.consultation__notes')?.textContent?.trim() ?? null,
      })),
    )
    expect(rows.filter((r) => r.stage !== 'Stufe I – Orientierungsberatung').length).toBeGreaterThan(0)
    for (const row of rows) {
      if (row.stage === 'Stufe I – Orientierungsberatung') expect(row.hidden).toBeNull()
      else expect(row).toEqual({ stage: row.stage, hidden: 'Notizen nur für die Koordination sichtbar', notes: null })
    }
    expect(await page.getByText('Gespräche in Stufe II und III hält die Koordination fest.', { exact: false }).isVisible()).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '15-frontdesk-detail')

    // Editing is the coordination's: the address answers like one that does not exist.
    await page.goto(`${page.url()}/edit`)
    await page.locator('main h1', { hasText: 'Seite nicht gefunden' }).waitFor()

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: groups on a phone', () => {
  it('shows list and detail at 390×844 without sideways scrolling, and a friendly not-found', async () => {
    const [context, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'coordinator')

    await page.goto(`${baseUrl}/groups`)
    await listSettled(page)
    expect(await noSidewaysScrolling(page)).toBe(true)
    await screenshot(page, '16-phone-list')

    await page.getByRole('link', { name: 'Wohnhof Hechtviertel' }).click()
    await page.locator('main h1', { hasText: 'Wohnhof Hechtviertel' }).waitFor()
    await page.locator('.timeline__step').first().waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, '17-phone-detail')

    await page.goto(`${baseUrl}/groups/00000000-0000-4000-8000-000000000000`)
    await page.locator('main h1', { hasText: 'Gruppe nicht gefunden' }).waitFor()
    expect(await page.getByRole('link', { name: 'Zur Gruppenliste' }).isVisible()).toBe(true)

    // The 404 of the unknown group is expected; nothing else may complain.
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([])
    await context.close()
  })
})
