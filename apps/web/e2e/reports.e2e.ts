import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { currentQuarter, pickQuarter, saveExport } from './report-period.ts'
import { PHONE, accessibilityViolations, heading, launchBrowser, newPage, screenshot, signInAs } from './support.ts'

/**
 * The council report in the browser, on the demo seed: a coordinator picks the current quarter, reads the
 * sections, downloads CSV, XLSX and PDF, and stores the report; on a phone the page stays usable.
 */

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('Berichte', () => {
  it('coordinator: picks a quarter, reads the report, downloads CSV, XLSX and PDF, stores the report', async () => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'coordinator')
    await page.getByRole('link', { name: 'Berichte', exact: true }).first().click()
    await page.locator('main h1', { hasText: 'Berichte' }).waitFor()
    expect(await heading(page)).toBe('Berichte')
    const { year, quarter, name } = currentQuarter()
    await pickQuarter(page, year, quarter)

    // Every section with its tables; the demo's inquiries are in the quarter.
    for (const title of ['Anlaufberatung', 'Gruppen', 'Beratung', 'Fachberatung', 'Gesamtzahlen und Vorjahresvergleich']) {
      await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor()
    }
    const inquiries = page.locator('table[data-table="inquiries_channel"]')
    expect(await inquiries.locator('caption').innerText()).toBe('Anfragen nach Zugangsweg')
    const total = Number((await inquiries.locator('tfoot td').first().innerText()).trim().split(/\s/)[0]!.replace('.', ''))
    expect(total).toBeGreaterThan(0)
    // Coordinators see small counts with the mark the city will see instead.
    expect(await page.locator('td[data-flag="primary"] .report-mark').count()).toBeGreaterThan(0)
    // A chart beside a table (chart.js, loaded on this page only).
    await page.locator('.report-chart canvas').first().waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'reports-01-coordinator')

    const responseTypes: Record<string, string> = {}
    page.on('response', (res) => {
      if (res.url().includes('/api/reports/council?')) responseTypes[new URL(res.url()).searchParams.get('format') ?? 'json'] = res.headers()['content-type'] ?? ''
    })
    const csv = await saveExport(page, 'CSV (Excel) herunterladen')
    expect(csv.name).toBe(`Bericht-Stadtrat-${name}.csv`)
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n')
    const at = lines.indexOf('Anfragen nach Zugangsweg')
    expect(lines[at + 1]).toBe('Zugangsweg;Anzahl')
    expect(lines.slice(at + 2, at + 8).map((l) => l.split(';')[0])).toEqual(['Telefon', 'E-Mail', 'Persönlich vorbeigekommen', 'Veranstaltung', 'Webformular', 'Gesamt'])
    // Exports are suppressed: no line carries a count of 1 or 2 where the screen marks "< 3".
    expect(lines.slice(at + 2, at + 8).every((l) => /;(\d+|< 3|•)$/.test(l) && !/;[12]$/.test(l))).toBe(true)
    await page.getByText(`Bericht-Stadtrat-${name}.csv wurde heruntergeladen.`).waitFor()

    const xlsx = await saveExport(page, 'XLSX herunterladen')
    expect(xlsx.name).toBe(`Bericht-Stadtrat-${name}.xlsx`)
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK')
    const pdf = await saveExport(page, 'PDF herunterladen')
    expect(pdf.name).toBe(`Bericht-Stadtrat-${name}.pdf`)
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(responseTypes).toEqual({
      csv: 'text/csv; charset=utf-8',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pdf: 'application/pdf',
    })

    // Store it: the list shows it, and comparing with today finds nothing changed.
    await page.getByRole('button', { name: 'Bericht festschreiben' }).click()
    await page.locator('[data-diff]').waitFor()
    await screenshot(page, 'reports-02-stored')
    expect(await page.locator('[role="status"] .notice--success').allInnerTexts()).toContainEqual(expect.stringMatching(/^Bericht festgeschrieben \(Prüfsumme [0-9a-f]{12}…\)\.$/))
    expect(await page.locator('[data-diff]').innerText()).toContain('Unverändert gespeichert')
    // The list of stored reports is read again only after the notice and the comparison are shown: wait for it.
    await page.locator('[data-snapshot]').first().waitFor()
    expect(await page.locator('[data-snapshot]').count()).toBeGreaterThan(0)
    expect(await accessibilityViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })

  it('coordinator: changes the threshold k, which the report then uses; refuses a value out of range', async () => {
    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'coordinator')
    await page.goto(`${baseUrl}/reports`)
    const { year, quarter } = currentQuarter()
    await pickQuarter(page, year, quarter)
    const settings = page.locator('#report-settings')
    await settings.getByRole('heading', { name: 'Einstellungen: Schwelle für kleine Fallzahlen' }).waitFor()
    expect(await settings.getByTestId('min-cell-size').innerText()).toBe('Aktuell: k = 3 (Fallzahlen von 1 bis 2 werden zurückgehalten).')
    // The link beside the report's note leads there.
    await page.getByRole('link', { name: 'Schwelle ändern' }).click()
    expect(new URL(page.url()).hash).toBe('#report-settings')

    const input = settings.getByLabel('Schwelle k')
    await input.fill('2')
    await settings.getByRole('button', { name: 'Schwelle speichern' }).click()
    await settings.getByText('Bitte eine ganze Zahl von 3 bis 20 eingeben.').waitFor()
    expect(await input.getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('min-cell-size')
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'reports-04-settings-invalid')

    await input.fill('4')
    await settings.getByRole('button', { name: 'Schwelle speichern' }).click()
    await settings.getByText('Gespeichert: Fallzahlen von 1 bis 3 erscheinen jetzt als „< 4“.').waitFor()
    // The report is generated again with k = 4: its marks say "< 4".
    await page.locator('td[data-flag="primary"] .report-mark', { hasText: '< 4' }).first().waitFor()
    expect(await page.locator('td[data-flag="primary"] .report-mark', { hasText: '< 3' }).count()).toBe(0)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'reports-05-settings-saved')

    // Back to the default, for the journeys after this one.
    await input.fill('3')
    await settings.getByRole('button', { name: 'Schwelle speichern' }).click()
    await settings.getByText('Gespeichert: Fallzahlen von 1 bis 2 erscheinen jetzt als „< 3“.').waitFor()
    await page.locator('td[data-flag="primary"] .report-mark', { hasText: '< 3' }).first().waitFor()
    expect(problems).toEqual([])
    await context.close()
  })

  it('coordinator on a phone: the period picker and the tables fit, tables scroll on their own', async () => {
    const [context, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'coordinator')
    await page.goto(`${baseUrl}/reports`)
    const { year, quarter } = currentQuarter()
    await pickQuarter(page, year, quarter)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'reports-03-phone')
    expect(problems).toEqual([])
    await context.close()
  })
})
