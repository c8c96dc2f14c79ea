import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { todayInBerlin } from './support.ts'

/** The Berichte page's period picker and downloads, shared by the coordinator's and the city's journeys. */

/** The quarter holding today: the demo's inquiries and hours are from the last weeks. */
export function currentQuarter(): { year: number; quarter: number; name: string } {
  const today = todayInBerlin()
  const year = Number(today.slice(0, 4))
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1
  return { year, quarter, name: `${year}-Q${quarter}` }
}

export async function pickQuarter(page: Page, year: number, quarter: number): Promise<void> {
  await page.getByRole('radio', { name: 'Quartal' }).check()
  // The radios "Jahr"/"Quartal" share their names with the selects' labels: the selects by their ids.
  await page.locator('select#report-year').selectOption(String(year))
  await page.locator('select#report-part').selectOption(String(quarter))
  await page.getByRole('button', { name: 'Bericht anzeigen' }).click()
  // The page first shows the last complete quarter: wait for the report of the quarter asked for.
  const first = `01.${String((quarter - 1) * 3 + 1).padStart(2, '0')}.${year}`
  await page.getByRole('heading', { level: 2, name: `Bericht an den Stadtrat, ${first}`, exact: false }).waitFor()
  await page.locator('[data-section="totals"]').waitFor()
}

export async function saveExport(page: Page, button: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) }
}
