import { formatReportNumber, withheldMark, type CityDashboard, type Group } from '@wohnlotse/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { apiGet, apiGetAll } from './api-read.ts'
import { currentQuarter, pickQuarter } from './report-period.ts'
import { PHONE, accessibilityViolations, apiToken, heading, launchBrowser, newPage, noSidewaysScrolling, screenshot, signInAs } from './support.ts'

/**
 * The city's controlling (city@example.org) in the browser: Start and Berichte with suppressed figures, nothing
 * else — no case lists, no names, no way into a case screen by its address.
 */

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** The demo's group names, read as a coordinator: none of them may appear on a city screen. */
async function groupNames(): Promise<{ names: string[]; firstId: string }> {
  const token = await apiToken(baseUrl, 'coordinator')
  const groups = await apiGetAll<Group>(baseUrl, token, '/api/groups?status=active', 200)
  return { names: groups.map((g) => g.name), firstId: groups[0]!.id }
}

async function expectNoNames(page: Page, names: string[]): Promise<void> {
  const text = await page.locator('main').innerText()
  expect(names.filter((name) => text.includes(name))).toEqual([])
}

/** The withheld cells of the report tables on screen: their text is the mark alone, never a number. */
async function withheldTexts(page: Page): Promise<string[]> {
  return page.locator('td[data-flag="primary"], td[data-flag="secondary"]').allInnerTexts()
}

describe('city role in the browser', () => {
  it('sees Start and Berichte with suppressed figures only; a case address is refused', async () => {
    const { names, firstId } = await groupNames()
    expect(names.length).toBeGreaterThan(0)
    const data = await apiGet<CityDashboard>(baseUrl, await apiToken(baseUrl, 'city'), '/api/dashboard')
    const k = data.minCellSize

    const [context, page, problems] = await newPage(browser)
    const answered: string[] = []
    page.on('response', (res) => {
      const url = new URL(res.url())
      if (url.pathname.startsWith('/api/')) answered.push(`${res.status()} ${url.pathname}`)
    })
    await signInAs(page, baseUrl, 'city')

    // The navigation offers the city's two areas only.
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
    expect((await nav.getByRole('link').allInnerTexts()).map((s) => s.trim())).toEqual(['Start', 'Berichte'])

    // Start: the tables exactly as the API answers them, withheld cells as marks.
    for (const table of [data.stages, data.moves, data.inquiries]) {
      const shown = page.locator(`table[data-table="${table.id}"]`)
      await shown.waitFor()
      const rows = await shown.locator('tbody tr, tfoot tr').all()
      expect(rows.length).toBe(table.rows.length)
      for (const [i, row] of table.rows.entries()) {
        const cells = (await rows[i]!.locator('td').allInnerTexts()).map((s) => s.trim())
        expect(cells, `${table.id} ${row.key}`).toEqual(
          row.cells.map((c, j) => (c.flag === 'none' ? formatReportNumber(c.value, table.columns[j]!.unit, 'de') : withheldMark(c.flag, k))),
        )
      }
    }
    expect(await page.getByText(`< ${k}`, { exact: true }).count()).toBeGreaterThan(0)
    expect((await withheldTexts(page)).every((s) => s === `< ${k}` || s === '•')).toBe(true)
    // No tiles into case lists, no names.
    expect(await page.locator('a.tile').count()).toBe(0)
    await expectNoNames(page, names)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'city-01-start')

    // Berichte: the suppressed report, no storing, no settings, no coordinator's marks beside numbers.
    await nav.getByRole('link', { name: 'Berichte' }).click()
    const { year, quarter } = currentQuarter()
    await pickQuarter(page, year, quarter)
    const withheld = await withheldTexts(page)
    expect(withheld.length).toBeGreaterThan(0)
    expect(withheld.every((s) => s === `< ${k}` || s === '•')).toBe(true)
    expect(await page.locator('.report-mark').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Bericht festschreiben' }).count()).toBe(0)
    expect(await page.locator('#report-settings').count()).toBe(0)
    await expectNoNames(page, names)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'city-02-reports')

    // A case screen by its address: a refusal, no data; the browser never asked the API for the group.
    for (const path of [`/groups/${firstId}`, '/groups', '/front-desk/inquiries', '/approvals']) {
      await page.goto(`${baseUrl}${path}`)
      await page.locator('main h1').waitFor()
      expect(await heading(page), path).toBe('Seite nicht gefunden')
      await expectNoNames(page, names)
    }
    await screenshot(page, 'city-03-refused')
    expect(answered.filter((a) => /\/api\/(groups|inquiries|referrals|time-entries|grants)/.test(a))).toEqual([])
    // And the API refuses it too.
    const direct = await fetch(`${baseUrl}/api/groups/${firstId}`, { headers: { Authorization: `Bearer ${await apiToken(baseUrl, 'city')}` } })
    expect([403, 404]).toContain(direct.status)
    expect(await direct.text()).not.toContain(names[0]!)
    expect(problems).toEqual([])
    await context.close()
  })

  it('on a phone: the city Start page fits the width', async () => {
    const [context, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'city')
    await page.locator('table[data-table="dashboard_inquiries"]').waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'city-04-phone')
    expect(problems).toEqual([])
    await context.close()
  })
})
