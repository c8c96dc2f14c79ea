import { readFile } from 'node:fs/promises'
import type { TimeEntry } from '@wohnlotse/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { apiGetAll } from './api-read.ts'
import { artifactsDir } from './global-setup.ts'
import { PHONE, accessibilityViolations, apiToken, clippedCells, heading, launchBrowser, newPage, noSidewaysScrolling, openMenu, screenshot, signInAs, todayInBerlin } from './support.ts'

/**
 * Fachberatung in the browser, on the demo seed: an advisor logs hours on a phone and runs into the cap; a
 * coordinator approves and rejects entries, opens a statement and downloads its CSV, looks at the budget and
 * grants hours on a group page.
 */

const baseUrl = inject('baseUrl')

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** Decimal hours as the office reads them (below 1000 hours): 90 → "1,5 Std.", 600 → "10,0 Std.", 45 → "0,75 Std.". */
const hoursText = (minutes: number) => `${(minutes / 60).toFixed(2).replace(/(\.\d)0$/, '$1').replace('.', ',')}\u00a0Std.`

/** Dialogs: the visible screen only (a full-page shot would cut the backdrop at the viewport's edge). */
async function screenshotViewport(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${artifactsDir}/${name}.png` })
}

/** A German browser, as in the office: date fields show 22.11.2026. */
const GERMAN = { locale: 'de-DE', timezoneId: 'Europe/Berlin' }

/** Stacked table cells (phones) whose label runs into the value beside it: the label's box ends past the value's start. */
async function labelsOverlapValues(page: Page): Promise<string[]> {
  return page.locator('.data-table--stack [data-label]').evaluateAll((cells) =>
    cells.flatMap((cell) => {
      const label = getComputedStyle(cell, '::before')
      if (label.content === 'none' || cell.textContent?.trim() === '') return []
      // The label is the grid's first column; its text must fit in it.
      const column = Number.parseFloat(getComputedStyle(cell).gridTemplateColumns.split(' ')[0] ?? '0')
      const probe = document.createElement('span')
      probe.textContent = cell.getAttribute('data-label')
      probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${label.font}`
      document.body.append(probe)
      const longestWord = Math.max(
        ...(cell.getAttribute('data-label') ?? '').split(/\s+/).map((word) => {
          probe.textContent = word
          return probe.getBoundingClientRect().width
        }),
      )
      probe.remove()
      return longestWord > column + 0.5 ? [`${cell.getAttribute('data-label')} (${Math.round(longestWord)} > ${Math.round(column)} px)`] : []
    }),
  )
}

async function seriousViolations(page: Page): Promise<string[]> {
  return (await accessibilityViolations(page)).filter((v) => /\((serious|critical)\)/.test(v))
}

describe('journey: an advisor logs hours on a phone', () => {
  it('logs 1.5 h, sees the remaining hours drop at once, and is told clearly how much is left over the cap', async () => {
    const [context, page, problems] = await newPage(browser, { ...PHONE, ...GERMAN })
    await signInAs(page, baseUrl, 'advisor')

    await openMenu(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Meine Kontingente' }).click()
    await page.waitForURL((url) => url.pathname === '/grants')
    expect(await heading(page)).toBe('Meine Kontingente')
    const card = page.locator('article.grant-card', { hasText: 'Genossenschaftsinitiative Elbwiese' })
    await card.waitFor()
    expect(await page.locator('article.grant-card').count()).toBe(2)
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-01-advisor-grants-phone')

    // Seed: 10.0 h granted, 4.5 h approved, 0.75 h submitted → 4.75 h free.
    const remaining = card.getByTestId('remaining-hours')
    expect((await remaining.innerText()).trim()).toBe(hoursText(285))
    expect((await card.getByTestId('hours-approved').innerText()).trim()).toBe(hoursText(270))
    expect((await card.getByTestId('hours-submitted').innerText()).trim()).toBe(hoursText(45))

    // The quick log form: today by default, quarter hours only.
    await card.getByRole('button', { name: 'Stunden erfassen' }).click()
    const date = card.getByLabel('Datum')
    expect(await date.inputValue()).toBe(todayInBerlin().split('-').reverse().join('.'))
    const duration = card.getByLabel('Dauer')
    const options = await duration.locator('option').allInnerTexts()
    expect(options.length).toBe(40)
    expect([options[0], options[5], options.at(-1)]).toEqual([hoursText(15), hoursText(90), hoursText(600)])
    await duration.selectOption({ label: hoursText(90) })
    await card.getByLabel('Tätigkeit').selectOption({ label: 'Beratungsgespräch' })
    await card.getByLabel(/Kurzbeschreibung/).fill('Gespräch zur Eigenkapitalquote mit dem Vorstand')
    expect(await noSidewaysScrolling(page)).toBe(true)
    await screenshot(page, 'fb-02-advisor-log-form')

    await card.getByRole('button', { name: 'Stunden einreichen' }).click()
    // At once: 4.75 h − 1.5 h = 3.25 h, the submitted part grows, and the confirmation says so.
    await card.getByTestId('logged-notice').waitFor()
    expect((await remaining.innerText()).trim()).toBe(hoursText(195))
    expect((await card.getByTestId('hours-submitted').innerText()).trim()).toBe(hoursText(135))
    expect((await card.getByTestId('logged-notice').innerText()).trim()).toMatch(/^1,5\sStd\. am \d\d\.\d\d\.\d{4} eingereicht\. Noch frei: 3,25\sStd\.\.$/)

    // Over the cap: 3.5 h do not fit into 3.25 h.
    await card.getByRole('button', { name: 'Stunden erfassen' }).click()
    await card.getByLabel('Dauer').selectOption({ label: hoursText(210) })
    await card.getByRole('button', { name: 'Stunden einreichen' }).click()
    const exceeded = card.getByTestId('grant-exceeded')
    await exceeded.waitFor()
    expect((await exceeded.innerText()).trim()).toMatch(/^Dieses Kontingent hat nur noch 3,25\sStd\. frei\./)
    expect(await card.getByLabel('Dauer').evaluate((el) => el === document.activeElement)).toBe(true)
    expect((await remaining.innerText()).trim()).toBe(hoursText(195))
    expect(await noSidewaysScrolling(page)).toBe(true)
    await exceeded.scrollIntoViewIfNeeded()
    await screenshot(page, 'fb-03-advisor-over-cap')

    // "Meine Stunden" lists the new entry as submitted, with a way to change or withdraw it.
    await openMenu(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Meine Stunden' }).click()
    await page.waitForURL((url) => url.pathname === '/time-entries')
    const newest = page.locator('li.entry', { hasText: 'Gespräch zur Eigenkapitalquote' })
    await newest.waitFor()
    expect((await newest.locator('.badge').innerText()).trim()).toBe('Eingereicht')
    expect(await newest.getByRole('button', { name: /^Ändern/ }).isVisible()).toBe(true)
    const rejected = page.locator('li.entry', { has: page.locator('[data-status="rejected"]') })
    // Miriam has no rejected entry in the seed; billing.e2e.ts rejects two of its own ("Doppelt erfasst A/B …") and
    // runs first when an earlier run failed it: the list shows exactly her rejected entries, none of them the seed's.
    const rejectedByApi = await apiGetAll<TimeEntry>(baseUrl, await apiToken(baseUrl, 'advisor'), '/api/time-entries?status=rejected', 500)
    expect(rejectedByApi.filter((entry) => !/^Doppelt erfasst [AB] /.test(entry.description ?? ''))).toEqual([])
    expect(await rejected.count()).toBe(rejectedByApi.length)
    expect(await page.locator('[data-status="billed"]').count()).toBeGreaterThan(0)
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-04-advisor-entries-phone')

    // "Abrechnungen": their contract, its months, a statement they can read but not finalise.
    await openMenu(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Abrechnungen' }).click()
    await page.waitForURL((url) => url.pathname === '/statements')
    // The billing overview of her contract: one row per month, this month's statement still provisional.
    const billingMonths = page.getByTestId('billing-months')
    await billingMonths.waitFor()
    await billingMonths.locator(`tr[data-month="${todayInBerlin().slice(0, 7)}"]`).getByRole('link').click()
    await page.waitForURL((url) => /^\/statements\/[0-9a-f-]+\/\d{4}-\d{2}$/.test(url.pathname))
    await page.getByTestId('statement-totals').waitFor()
    expect(await page.getByRole('button', { name: 'Abrechnung abschließen' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Als CSV herunterladen' }).isVisible()).toBe(true)
    expect(await noSidewaysScrolling(page)).toBe(true)
    await screenshot(page, 'fb-05-advisor-statement-phone')

    // The same page in English, via the switch in the header.
    await openMenu(page)
    await page.getByRole('button', { name: 'English' }).click()
    await page.locator('main h1', { hasText: /^Statement \w+ \d{4}$/ }).waitFor()
    expect(await page.getByRole('button', { name: 'Download as CSV' }).isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Deutsch' }).click()
    await page.locator('main h1', { hasText: /^Abrechnung/ }).waitFor()

    // The 409 of the attempt over the cap is expected; nothing else may complain.
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([])
    expect(problems.length).toBe(1)
    await context.close()
  })
})

describe('journey: a coordinator approves hours and bills them', () => {
  it('approves in bulk, rejects with a reason, downloads a statement as CSV and reads the budget', async () => {
    const [context, page, problems] = await newPage(browser, { ...GERMAN, acceptDownloads: true })
    await signInAs(page, baseUrl, 'coordinator')

    // The queue, per advisor.
    await page.getByRole('navigation').getByRole('link', { name: 'Freigaben' }).click()
    await page.waitForURL((url) => url.pathname === '/approvals')
    expect(await heading(page)).toBe('Freigaben')
    await page.locator('.approvals__advisor').first().waitFor()
    // Advisors by name; the seed has an entry of each waiting, and the advisor's journey added one of Miriam's.
    const advisors = await page.locator('.approvals__advisor h2').allInnerTexts()
    expect(advisors.map((text) => text.replace(/\s+(ein|\d).*$/s, ''))).toEqual(['Miriam Hoffmann', 'Paul Schubert', 'Sabine Krause'])
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-06-approval-queue')
    // On a phone the rows become cards, still without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noSidewaysScrolling(page)).toBe(true)
    await screenshot(page, 'fb-06b-approval-queue-phone')
    await page.setViewportSize({ width: 1280, height: 860 })

    // Select all of Miriam's entries with the advisor's checkbox and approve them together.
    const miriam = page.locator('.approvals__advisor', { hasText: 'Miriam Hoffmann' })
    const miriamRows = await miriam.locator('tbody tr').count()
    expect(miriamRows).toBeGreaterThanOrEqual(2)
    const totalBefore = await page.locator('tbody tr[data-entry-id]').count()
    await miriam.getByLabel('Alle Einträge von Miriam Hoffmann auswählen').check()
    expect(await page.getByRole('button', { name: `Ausgewählte freigeben (${miriamRows})` }).isVisible()).toBe(true)
    await page.getByRole('button', { name: `Ausgewählte freigeben (${miriamRows})` }).click()
    const status = page.getByTestId('approvals-status')
    await status.getByText(`${miriamRows} Stundennachweise freigegeben`).waitFor()
    expect(await page.locator('tbody tr[data-entry-id]').count()).toBe(totalBefore - miriamRows)
    expect(await miriam.count()).toBe(0)

    // Reject Paul's entry: the reason is required.
    const paul = page.locator('.approvals__advisor', { hasText: 'Paul Schubert' })
    await paul.getByRole('button', { name: /^Zurückweisen/ }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Stundennachweis zurückweisen' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Zurückweisen' }).click()
    await dialog.getByText('Bitte geben Sie einen Grund an.').waitFor()
    expect(await dialog.getByLabel('Grund der Zurückweisung').evaluate((el) => el === document.activeElement)).toBe(true)
    await dialog.getByLabel('Grund der Zurückweisung').fill('Vorbereitung für den Prüfungsverband ist nicht Teil des Kontingents.')
    expect(await seriousViolations(page)).toEqual([])
    await screenshotViewport(page, 'fb-07-reject-dialog')
    await dialog.getByRole('button', { name: 'Zurückweisen' }).click()
    await status.getByText(/Stundennachweis von Paul Schubert .* zurückgewiesen\./).waitFor()
    expect(await dialog.isVisible()).toBe(false)
    expect(await paul.count()).toBe(0)

    // Approve what is left one by one until the queue is empty.
    while ((await page.locator('tbody tr[data-entry-id]').count()) > 0) {
      const before = await page.locator('tbody tr[data-entry-id]').count()
      await page.locator('tbody tr[data-entry-id]').first().getByRole('button', { name: /^Freigeben/ }).click()
      await page.waitForFunction((n) => document.querySelectorAll('tbody tr[data-entry-id]').length === n - 1, before)
    }
    await page.getByTestId('approvals-empty').getByText('Keine offenen Stundennachweise.').waitFor()
    await screenshot(page, 'fb-08-approval-queue-empty')

    // Fachberatung: the budget gauge and the contracts.
    await page.getByRole('navigation').getByRole('link', { name: 'Fachberatung' }).click()
    await page.waitForURL((url) => url.pathname === '/expert-advice')
    const year = Number(todayInBerlin().slice(0, 4))
    const gauge = page.getByTestId('budget-gauge')
    await gauge.getByTestId('budget-available').waitFor()
    expect(await gauge.getByRole('heading').innerText()).toBe(`Beraterbudget ${year}`)
    expect(await gauge.getByText('verfügbar von 60.000,00\u00a0€').isVisible()).toBe(true)
    const rows = page.getByTestId('contract-table').locator('tbody tr')
    // The contracts load on their own, independently of the gauge.
    await rows.first().waitFor()
    expect(await rows.count()).toBe(3)
    expect((await rows.first().innerText()).replace(/\s+/g, ' ')).toContain(`RV-${year - 1}-01 Miriam Hoffmann`)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-09-budget-and-contracts')
    await gauge.screenshot({ path: `${artifactsDir}/fb-10-budget-gauge.png` })

    // The first contract, then this month's statement.
    await page.getByRole('link', { name: `RV-${year - 1}-01` }).click()
    await page.locator('main h1', { hasText: `Rahmenvertrag RV-${year - 1}-01` }).waitFor()
    const billingMonths = page.getByTestId('billing-months')
    await billingMonths.waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-11-contract-detail')
    const month = todayInBerlin().slice(0, 7)
    await billingMonths.locator(`tr[data-month="${month}"]`).getByRole('link').click()
    await page.waitForURL((url) => url.pathname.startsWith('/expert-advice/contracts/') && url.pathname.endsWith(`/statements/${month}`))
    await page.getByTestId('statement-totals').waitFor()
    expect((await page.getByTestId('statement-state').innerText()).trim()).toBe('Laufender Monat')
    // Miriam's entries approved above at least: worked last month, whose statement the demo has finalised, they
    // are this month's Nachträge.
    const entryTables = page.locator('[data-testid="statement-entries"], [data-testid="statement-late-entries"]')
    const entryCount = await entryTables.locator('tbody tr').count()
    expect(entryCount).toBeGreaterThan(0)
    const descriptions = await entryTables.locator('tbody tr td:nth-child(4)').allInnerTexts()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-12-statement')

    // The CSV (its layout in detail: billing.e2e.ts): UTF-8 BOM, a header row, every entry of the statement.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Als CSV herunterladen' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`Abrechnung-RV-${year - 1}-01-${month}.csv`)
    const bytes = await readFile((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n')
    for (const description of descriptions) expect(lines.some((line) => line.includes(description.trim()))).toBe(true)
    await page.getByText(`Abrechnung-RV-${year - 1}-01-${month}.csv wurde heruntergeladen.`).waitFor()

    // The running month cannot be finalised yet (a statement covers a month that has ended).
    expect(await page.getByRole('button', { name: 'Abrechnung abschließen' }).count()).toBe(0)

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: a coordinator records a framework contract', () => {
  it('creates a contract with an advisor and opens it', async () => {
    const [context, page, problems] = await newPage(browser, GERMAN)
    await signInAs(page, baseUrl, 'coordinator')
    await page.goto(`${baseUrl}/expert-advice`)
    await page.getByTestId('contract-table').waitFor()
    const number = `RV-E2E-${Date.now().toString(36).toUpperCase()}`

    await page.getByRole('button', { name: 'Rahmenvertrag anlegen' }).click()
    const form = page.locator('form.contract-form')
    await form.getByLabel('Fachberater:in').locator('option', { hasText: 'Sabine Krause' }).waitFor({ state: 'attached' })
    // Nothing filled in: the form says what is missing, at the fields.
    await form.getByRole('button', { name: 'Rahmenvertrag anlegen' }).click()
    await form.getByText('Bitte wählen Sie eine Fachberaterin oder einen Fachberater.').waitFor()
    expect(await form.getByLabel('Fachberater:in').evaluate((el) => el === document.activeElement)).toBe(true)

    await form.getByLabel('Fachberater:in').selectOption({ label: 'Sabine Krause' })
    await form.getByLabel('Vertragsnummer').fill(number)
    await form.getByLabel('Stundensatz netto in Euro').fill('92,50')
    await form.getByLabel('Umsatzsteuer').selectOption({ label: '7 %' })
    await form.getByLabel(/Volumen in Stunden/).fill('120')
    await form.getByText('Architektur und Planung').click()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-16-contract-form')
    await form.getByRole('button', { name: 'Rahmenvertrag anlegen' }).click()

    await page.getByText(`Rahmenvertrag ${number} mit Sabine Krause angelegt.`).waitFor()
    const row = page.getByTestId('contract-table').locator('tbody tr', { hasText: number })
    await row.waitFor()
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain(`Sabine Krause`)
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('92,50 € 7 % 0,0 Std. von 120,0 Std.')
    await row.getByRole('link', { name: number }).click()
    await page.locator('main h1', { hasText: `Rahmenvertrag ${number}` }).waitFor()
    await page.getByText('Unter diesem Vertrag wurden noch keine Stunden gewährt.').waitFor()

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: a coordinator grants hours on a group page', () => {
  it('grants Fachberatung for 10 h to a Stufe III group and tops it up with a reason', async () => {
    const [context, page, problems] = await newPage(browser, GERMAN)
    await signInAs(page, baseUrl, 'coordinator')

    await page.goto(`${baseUrl}/groups?stage=expert`)
    await page.getByRole('link', { name: 'Frauenwohnprojekt Löbtau' }).first().click()
    await page.locator('main h1', { hasText: 'Frauenwohnprojekt Löbtau' }).waitFor()
    const panel = page.locator('section.group-grants')
    await panel.locator('.group-grants__item').first().waitFor()
    const before = await panel.locator('.group-grants__item').count()

    await panel.getByRole('button', { name: 'Fachberatung gewähren' }).click()
    const year = Number(todayInBerlin().slice(0, 4))
    const contract = panel.getByLabel('Rahmenvertrag')
    await contract.locator('option', { hasText: `RV-${year - 1}-02` }).waitFor({ state: 'attached' })
    await contract.selectOption({ label: `RV-${year - 1}-02 – Paul Schubert (85,00\u00a0€ je Stunde)` })
    await panel.getByLabel('Zweck').fill('Mietvertrag mit der Genossenschaft und Nutzungsvereinbarung')
    expect(await panel.getByLabel('Stunden', { exact: true }).inputValue()).toBe('10')
    await panel.getByText('10,0\u00a0Std. binden 850,00\u00a0€ (netto) aus dem Beraterbudget.').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-13-group-grant-form')
    await panel.getByRole('button', { name: 'Fachberatung für 10,0\u00a0Std. gewähren' }).click()
    await panel.getByText('10,0\u00a0Std. Fachberatung mit Paul Schubert gewährt; gebunden: 850,00\u00a0€.').waitFor()
    expect(await panel.locator('.group-grants__item').count()).toBe(before + 1)

    const grant = panel.locator('.group-grants__item', { hasText: 'Mietvertrag mit der Genossenschaft' })
    await grant.getByRole('button', { name: /^Aufstocken/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Kontingent aufstocken' })
    await dialog.getByLabel('Zusätzliche Stunden').fill('2,5')
    await dialog.getByLabel('Begründung').fill('Zweiter Termin mit dem Vermieter nötig')
    await screenshotViewport(page, 'fb-14-top-up-dialog')
    await dialog.getByRole('button', { name: 'Aufstocken' }).click()
    await panel.getByText('Um 2,5\u00a0Std. aufgestockt; jetzt 12,5\u00a0Std. gewährt.').waitFor()
    expect((await grant.getByTestId('remaining-hours').innerText()).trim()).toBe(hoursText(750))
    await panel.scrollIntoViewIfNeeded()
    await screenshot(page, 'fb-15-group-grants')

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: a coordinator reads contracts on a phone', () => {
  it('shows the contracts and a contract with its grants at 390×844, labels beside values, names in full', async () => {
    const [context, page, problems] = await newPage(browser, { ...PHONE, ...GERMAN })
    await signInAs(page, baseUrl, 'coordinator')

    await page.goto(`${baseUrl}/expert-advice`)
    const rows = page.getByTestId('contract-table').locator('tbody tr')
    await rows.first().waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await labelsOverlapValues(page)).toEqual([])
    expect(await clippedCells(page)).toEqual([])
    expect(await seriousViolations(page)).toEqual([])
    await rows.first().scrollIntoViewIfNeeded()
    await screenshot(page, 'fb-17-phone-contracts', { fullPage: false })

    await rows.first().getByRole('link').click()
    await page.locator('main h1', { hasText: 'Rahmenvertrag' }).waitFor()
    const grants = page.locator('.contract-detail__grants tbody tr')
    await grants.first().waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await labelsOverlapValues(page)).toEqual([])
    // Every group name is there in full: it heads its card, and nothing is cut off at the card's edge.
    expect(await clippedCells(page)).toEqual([])
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'fb-18-phone-contract-detail')

    expect(problems).toEqual([])
    await context.close()
  })
})
