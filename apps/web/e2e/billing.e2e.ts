import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { PHONE, accessibilityViolations, apiToken, clippedCells, heading, launchBrowser, newPage, noSidewaysScrolling, screenshot, signInAs, todayInBerlin } from './support.ts'

/**
 * Billing across two months on the demo seed: last month of Miriam's contract RV-<last year>-01 is finalised and
 * this month's statement carries a Nachtrag. The journey logs two more hours into last month (through the API, as
 * Miriam), approves one late in the approvals screen — so it joins this month's Nachträge — and rejects the
 * others together with one reason; then it reads the overview and the statement, downloads the CSV, and looks at
 * the advisor's own overview. Screenshots at desktop and phone width.
 */

const baseUrl = inject('baseUrl')
const GERMAN = { locale: 'de-DE', timezoneId: 'Europe/Berlin' }
const NBSP = '\u00a0'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const thisMonth = todayInBerlin().slice(0, 7)
const lastMonth = (() => {
  const [y, m] = thisMonth.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
})()
/** The last day of last month: worked there, approved only now. */
const lastDayOfLastMonth = (() => {
  const [y, m] = lastMonth.split('-').map(Number) as [number, number]
  return `${lastMonth}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
})()
const germanDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`
/** Miriam's contract in the demo seed, numbered after the year before this one. */
const contractNumber = `RV-${Number(thisMonth.slice(0, 4)) - 1}-01`

/** A unique word per run, so the journey finds its own entries whatever other journeys left in the queue. */
const RUN = Date.now().toString(36)

async function logAsMiriam(description: string, minutes: number): Promise<void> {
  const token = await apiToken(baseUrl, 'advisor')
  const auth = { Authorization: `Bearer ${token}` }
  const grants = (await (await fetch(`${baseUrl}/api/grants?limit=200`, { headers: auth })).json()) as { items: { id: string; purpose: string; status: string }[] }
  const grant = grants.items.find((g) => g.purpose.startsWith('Direktkreditkampagne') && g.status === 'active')
  if (!grant) throw new Error('the demo grant "Direktkreditkampagne" is missing')
  const response = await fetch(`${baseUrl}/api/grants/${grant.id}/time-entries`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ date: lastDayOfLastMonth, minutes, activity: 'correspondence', description }),
  })
  if (response.status !== 201) throw new Error(`logging "${description}" answered ${response.status}: ${await response.text()}`)
}

/** The same page at phone width: no sideways scrolling, nothing cut off, a screenshot. */
async function atPhoneWidth(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 })
  expect(await noSidewaysScrolling(page)).toBe(true)
  expect(await clippedCells(page)).toEqual([])
  await screenshot(page, name)
  await page.setViewportSize({ width: 1280, height: 860 })
}

describe('journey: billing across two months with a late approval', () => {
  it('approves a late entry into this month\'s Nachträge, rejects several with one reason and bills both months', async () => {
    const late = `Nachtrag Bankunterlagen ${RUN}`
    const rejectA = `Doppelt erfasst A ${RUN}`
    const rejectB = `Doppelt erfasst B ${RUN}`
    await logAsMiriam(late, 30)
    await logAsMiriam(rejectA, 15)
    await logAsMiriam(rejectB, 15)

    const [context, page, problems] = await newPage(browser, { ...GERMAN, acceptDownloads: true })
    await signInAs(page, baseUrl, 'coordinator')

    // The approvals screen: each entry with its grant and what approving it leaves.
    await page.goto(`${baseUrl}/approvals`)
    const row = (text: string) => page.locator('tbody tr[data-entry-id]', { hasText: text })
    await row(late).waitFor()
    expect(await row(late).getByTestId('entry-grant').innerText()).toMatch(new RegExp(`^Kontingent „Direktkreditkampagne und Förderprogramme“: \\d+,\\d\\d?${NBSP}Std\\. bewilligt$`))
    expect(await row(late).getByTestId('entry-left').innerText()).toMatch(new RegExp(`^Danach frei: \\d+,\\d\\d?${NBSP}Std\\.$`))
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'billing-01-approvals')
    await atPhoneWidth(page, 'billing-01b-approvals-phone')

    // Approve the entry of last month, whose statement is already finalised: it becomes a Nachtrag.
    await row(late).getByRole('button', { name: /^Freigeben/ }).click()
    const status = page.getByTestId('approvals-status')
    await status.getByText('Ein Stundennachweis freigegeben').waitFor()

    // Reject the two others at once, with one reason (required).
    await row(rejectA).getByRole('checkbox').check()
    await row(rejectB).getByRole('checkbox').check()
    await page.getByRole('button', { name: 'Ausgewählte zurückweisen (2)' }).click()
    const dialog = page.getByRole('dialog', { name: '2 Stundennachweise zurückweisen' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Zurückweisen' }).click()
    await dialog.getByText('Bitte geben Sie einen Grund an.').waitFor()
    await dialog.getByLabel('Grund der Zurückweisung').fill('Doppelt erfasst: steht schon im Nachtrag.')
    expect(await accessibilityViolations(page)).toEqual([])
    // The visible screen only: a full-page shot would cut the dialog's backdrop.
    await screenshot(page, 'billing-02-multi-reject-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Zurückweisen' }).click()
    await status.getByText(`2 Stundennachweise zurückgewiesen (0,5${NBSP}Std.).`).waitFor()
    expect(await row(rejectA).count()).toBe(0)
    expect(await row(rejectB).count()).toBe(0)

    // The contract's billing overview: last month finalised, this month provisional with the Nachträge.
    await page.goto(`${baseUrl}/expert-advice`)
    await page.getByRole('link', { name: contractNumber }).click()
    await page.locator('main h1', { hasText: `Rahmenvertrag ${contractNumber}` }).waitFor()
    const months = page.getByTestId('billing-months')
    await months.waitFor()
    const last = months.locator(`tr[data-month="${lastMonth}"]`)
    const current = months.locator(`tr[data-month="${thisMonth}"]`)
    expect(await last.getAttribute('data-status')).toBe('finalized')
    expect(await last.getByText('abgeschlossen').isVisible()).toBe(true)
    expect(await current.getAttribute('data-status')).not.toBe('finalized')
    expect(await current.innerText()).toMatch(new RegExp(`davon Nachträge (\\d+,\\d\\d?)${NBSP}Std\\.`))
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'billing-03-contract-overview')
    await atPhoneWidth(page, 'billing-03b-contract-overview-phone')

    // Last month: finalised, without the entry approved late.
    await last.getByRole('link').click()
    await page.getByTestId('statement-state').getByText(/^Abgeschlossen am/).waitFor()
    expect(await page.getByTestId('statement-entries').innerText()).not.toContain(late)

    // This month: the late entry in the "Nachträge" block, and no finalising while the month runs.
    await page.goto(`${baseUrl}/expert-advice`)
    await page.getByRole('link', { name: contractNumber }).click()
    // The overview of all contracts has a months table too: wait for the contract's own page before using it.
    await page.locator('main h1', { hasText: `Rahmenvertrag ${contractNumber}` }).waitFor()
    await months.locator(`tr[data-month="${thisMonth}"]`).getByRole('link').click()
    await page.waitForURL((url) => url.pathname.endsWith(`/statements/${thisMonth}`))
    await page.getByTestId('statement-totals').waitFor()
    expect(await heading(page)).toContain('Abrechnung')
    const lateBlock = page.getByTestId('statement-late-entries')
    expect(await page.getByRole('heading', { name: 'Nachträge' }).isVisible()).toBe(true)
    expect(await lateBlock.innerText()).toContain(late)
    expect(await lateBlock.innerText()).toContain(germanDate(lastDayOfLastMonth))
    // Early in a month the month's own table may not exist yet (nothing approved for it): the Nachträge still bill.
    const ownTable = page.getByTestId('statement-entries')
    const own = (await ownTable.count()) === 0 ? 0 : await ownTable.locator('tbody tr').count()
    if (own > 0) expect(await ownTable.innerText()).not.toContain(late)
    expect(await page.getByRole('button', { name: 'Abrechnung abschließen' }).count()).toBe(0)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'billing-04-statement-with-nachtraege')
    await atPhoneWidth(page, 'billing-04b-statement-with-nachtraege-phone')

    // The CSV: header first, one row per entry (own and Nachträge), the totals as the last row.
    const lateRows = await lateBlock.locator('tbody tr').count()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Als CSV herunterladen' }).click()])
    expect(download.suggestedFilename()).toBe(`Abrechnung-${contractNumber}-${thisMonth}.csv`)
    const bytes = await readFile((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n').map((line) => line.split(';'))
    expect(lines[0]!.slice(0, 12)).toEqual([
      'Rahmenvertrag', 'Fachberater:in', 'Abrechnungsmonat', 'Status', 'Block', 'Leistungsmonat', 'Datum', 'Gruppe', 'Tätigkeit', 'Beschreibung', 'Minuten', 'Dauer',
    ])
    expect(lines.length).toBe(1 + own + lateRows + 1)
    expect(lines.slice(1, -1).map((cells) => cells[4])).toEqual([...Array<string>(own).fill('Leistung'), ...Array<string>(lateRows).fill('Nachtrag')])
    const lateLine = lines.find((cells) => cells[9] === late)!
    expect([lateLine[4], lateLine[5], lateLine[6], lateLine[10], lateLine[11]]).toEqual(['Nachtrag', `${lastMonth.slice(5)}.${lastMonth.slice(0, 4)}`, germanDate(lastDayOfLastMonth), '30', `0,5${NBSP}Std.`])
    const totals = lines.at(-1)!
    const minutes = lines.slice(1, -1).reduce((sum, cells) => sum + Number(cells[10]), 0)
    expect([totals[4], totals[10]]).toEqual(['Summe', String(minutes)])
    expect(totals[16]).toMatch(/^\d+,\d\d$/)

    expect(problems).toEqual([])
    await context.close()
  })
})

describe('journey: an advisor reads the billing of their own contracts', () => {
  it('shows the overview of Miriam\'s contract only, on desktop and phone', async () => {
    const [context, page, problems] = await newPage(browser, GERMAN)
    await signInAs(page, baseUrl, 'advisor')
    await page.goto(`${baseUrl}/statements`)
    const months = page.getByTestId('billing-months')
    await months.waitFor()
    const rows = months.locator('tbody tr')
    expect(await rows.count()).toBeGreaterThanOrEqual(2)
    expect(await months.locator(`tr[data-month="${lastMonth}"]`).getAttribute('data-status')).toBe('finalized')
    // Only her own contract: Paul's and Sabine's do not appear.
    expect(await months.innerText()).not.toMatch(/Paul Schubert|Sabine Krause/)
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'billing-05-advisor-overview')
    await context.close()

    const [phone, phonePage, phoneProblems] = await newPage(browser, { ...GERMAN, ...PHONE })
    await signInAs(phonePage, baseUrl, 'advisor')
    await phonePage.goto(`${baseUrl}/statements`)
    await phonePage.getByTestId('billing-months').waitFor()
    expect(await noSidewaysScrolling(phonePage)).toBe(true)
    expect(await clippedCells(phonePage)).toEqual([])
    await screenshot(phonePage, 'billing-05b-advisor-overview-phone')
    expect([...problems, ...phoneProblems]).toEqual([])
    await phone.close()
  })
})
