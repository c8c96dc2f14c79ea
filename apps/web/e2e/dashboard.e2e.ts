import { ROLES, roleLabels, type AdminDashboard, type AdvisorDashboard, type CoordinatorDashboard, type FrontdeskDashboard, type ReferralList, type StageCounts, type TimeEntryList } from '@wohnlotse/shared'
import type { Browser, Page } from 'playwright-core'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { apiGet, apiGetAll } from './api-read.ts'
import { PHONE, accessibilityViolations, apiToken, heading, launchBrowser, newPage, noSidewaysScrolling, pathname, screenshot, signInAs, todayInBerlin } from './support.ts'

/**
 * The Start page of each role on the demo seed. Other journeys of the same run change the data (they take
 * inquiries, log hours), so each test reads the figures at its start and checks them against the lists behind
 * them through the API; the page must then show exactly those figures, each tile linking to its list.
 */

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const get = <T>(token: string, path: string) => apiGet<T>(baseUrl, token, path)
const all = <T>(token: string, path: string) => apiGetAll<T>(baseUrl, token, path, 200)

interface Tile {
  value: string
  label: string
  hint?: unknown
  href: string
}

async function tiles(page: Page): Promise<Tile[]> {
  await page.locator('a.tile').first().waitFor()
  return page.locator('a.tile').evaluateAll((links) =>
    links.map((a) => {
      const url = new URL((a as HTMLAnchorElement).href)
      return {
        value: a.querySelector('.tile__value')!.textContent!.trim(),
        label: a.querySelector('.tile__label')!.textContent!.trim(),
        hint: a.querySelector('.tile__hint')?.textContent?.trim() ?? '',
        href: decodeURIComponent(url.pathname + url.search),
      }
    }),
  )
}

/** No tile's text overflows its box (long stage names used to run out of the tile at phone width). */
async function overflowingTiles(page: Page): Promise<string[]> {
  return page.locator('a.tile').evaluateAll((links) =>
    links.filter((a) => a.scrollWidth > a.clientWidth + 1).map((a) => a.querySelector('.tile__label')!.textContent!.trim()),
  )
}

/** 2026-11-21 → 21.11.2026 */
const germanDate = (iso: string) => iso.split('-').reverse().join('.')

/** Euros as the app writes them (Intl's currency format: a no-break space before the sign). */
const euro = (cents: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100)

/**
 * Journeys before this one may have reviewed every entry the demo seed left waiting (billing approves and rejects
 * Miriam's queue), so the approvals tile gets a waiting entry of its own: a quarter hour on a grant with room.
 */
async function anEntryAwaitsApproval(): Promise<void> {
  const token = await apiToken(baseUrl, 'advisor')
  const auth = { Authorization: `Bearer ${token}` }
  const grants = await get<{ items: { id: string; purpose: string; status: string; remainingMinutes: number }[] }>(token, '/api/grants?limit=200')
  // Not the Elbwiese grant: fachberatung.e2e.ts counts its free hours exactly, and the seed's grants tie on their
  // creation time, so "the first one" could be either (billing.e2e.ts logs into this one too).
  const grant = grants.items.find((g) => g.purpose.startsWith('Direktkreditkampagne') && g.status === 'active' && g.remainingMinutes >= 15)
  if (!grant) throw new Error('the demo grant "Direktkreditkampagne" is missing or has no quarter hour left')
  const response = await fetch(`${baseUrl}/api/grants/${grant.id}/time-entries`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ date: todayInBerlin(), minutes: 15, activity: 'correspondence', description: 'Rückfrage zum Start-Journey' }),
  })
  if (response.status !== 201) throw new Error(`logging the waiting entry answered ${response.status}: ${await response.text()}`)
}

describe('Start page', () => {
  it('coordinator: every tile shows the exact figure of the list behind it and leads there; charts have their tables', async () => {
    await anEntryAwaitsApproval()
    const token = await apiToken(baseUrl, 'coordinator')
    const data = await get<CoordinatorDashboard>(token, '/api/dashboard')
    // The figures agree with the lists they summarise.
    expect((await all<TimeEntryList['items'][number]>(token, '/api/time-entries?status=submitted')).length).toBe(data.approvals.count)
    expect(await get<StageCounts>(token, '/api/groups/stage-counts?status=active')).toEqual(data.stages.counts)
    expect((await all<ReferralList['items'][number]>(token, '/api/referrals?due=true')).length).toBe(data.followUps.due)
    // Work is waiting (the entry above at least) and the demo seed has groups in every stage.
    expect(data.approvals.count).toBeGreaterThan(0)
    expect(Object.values(data.stages.counts).every((n) => n > 0)).toBe(true)

    const [context, page, problems] = await newPage(browser)
    await signInAs(page, baseUrl, 'coordinator')
    expect(await tiles(page)).toEqual([
      { value: String(data.approvals.count), label: 'Stunden warten auf Freigabe', hint: expect.stringMatching(new RegExp(`^[\\d,]+\\sStd\\., älteste vom ${germanDate(data.approvals.oldestDate!)}$`)), href: '/approvals' },
      { value: String(data.followUps.due), label: 'Nachfragen fällig', hint: data.followUps.overdue > 0 ? `davon ${data.followUps.overdue} überfällig` : '', href: '/front-desk/follow-ups' },
      { value: String(data.stages.counts.orientation), label: 'Stufe I', hint: 'Orientierungsberatung · aktive Gruppen', href: '/groups?stage=orientation&status=active' },
      { value: String(data.stages.counts.concept), label: 'Stufe II', hint: 'Konzeptberatung · aktive Gruppen', href: '/groups?stage=concept&status=active' },
      { value: String(data.stages.counts.expert), label: 'Stufe III', hint: 'Fachberatung · aktive Gruppen', href: '/groups?stage=expert&status=active' },
    ])
    // The budget in euros, as the API has it.
    const budget = page.locator('.budget')
    expect(await budget.locator('dd').first().innerText()).toBe(euro(data.budget.amountCents))
    expect(await budget.innerText()).toContain(euro(data.budget.availableCents))
    // Grants nearly used up link to their group.
    const nearly = page.locator('section[aria-labelledby="nearly-title"] li a')
    expect(await nearly.count()).toBe(data.grantsNearlyUsed.length)
    // Both charts (chart.js, loaded on demand) with their data as a table: the stage table has the tiles' figures,
    // the inquiry table twelve weeks that add up to the API's figures.
    await page.locator('.bar-chart canvas').nth(1).waitFor()
    expect(await page.locator('.bar-chart').count()).toBe(2)
    for (const summary of await page.locator('.bar-chart summary').all()) await summary.click()
    const stageRows = page.locator('.bar-chart').nth(0).locator('tbody tr')
    expect(await stageRows.allInnerTexts()).toEqual([
      `Stufe I – Orientierungsberatung\t${data.stages.counts.orientation}`,
      `Stufe II – Konzeptberatung\t${data.stages.counts.concept}`,
      `Stufe III – Fachberatung\t${data.stages.counts.expert}`,
    ])
    const weekRows = page.locator('.bar-chart').nth(1).locator('tbody tr')
    expect(await weekRows.count()).toBe(12)
    const lastWeek = data.inquiryWeeks[11]!
    expect(await weekRows.nth(11).innerText()).toBe(
      [`KW ${Number(lastWeek.isoWeek.slice(-2))}`, lastWeek.phone, lastWeek.email, lastWeek.walk_in, lastWeek.event, lastWeek.web].join('\t'),
    )
    expect(await page.getByText(`Zusammen: ${data.inquiryWeeks.reduce((a, w) => a + w.total, 0)}`).count()).toBe(1)
    expect(await overflowingTiles(page)).toEqual([])
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'dashboard-01-coordinator')

    // Each tile leads to its list.
    await page.locator('a.tile', { hasText: 'Konzeptberatung' }).click()
    await page.locator('main h1', { hasText: 'Gruppen' }).waitFor()
    expect(pathname(page)).toBe('/groups')
    await page.goBack()
    await page.locator('a.tile', { hasText: 'Stunden warten auf Freigabe' }).click()
    await page.locator('main h1', { hasText: 'Freigaben' }).waitFor()
    expect(problems).toEqual([])
    await context.close()
  })

  it('coordinator on a phone: tiles, budget and charts fit the width', async () => {
    const [context, page, problems] = await newPage(browser, PHONE)
    await signInAs(page, baseUrl, 'coordinator')
    await tiles(page)
    await page.locator('.bar-chart canvas').nth(1).waitFor()
    expect(await noSidewaysScrolling(page)).toBe(true)
    expect(await overflowingTiles(page)).toEqual([])
    expect(await accessibilityViolations(page)).toEqual([])
    await screenshot(page, 'dashboard-02-coordinator-phone')
    expect(problems).toEqual([])
    await context.close()
  })

  it('front desk, advisor and admin: their own figures, each tile linked', async () => {
    const expected: Record<string, (token: string) => Promise<Tile[]>> = {
      frontdesk: async (token) => {
        const d = await get<FrontdeskDashboard>(token, '/api/dashboard')
        return [
          { value: String(d.followUps.dueToday), label: 'Nachfragen heute fällig', href: '/front-desk/follow-ups' },
          { value: String(d.followUps.dueThisWeek), label: 'Nachfragen diese Woche', href: '/front-desk/follow-ups' },
          { value: String(d.followUps.upcoming.reduce((a, u) => a + u.count, 0)), label: 'Nachfragen in den nächsten 14 Tagen', href: '/front-desk/follow-ups/upcoming' },
          { value: String(d.inquiriesToday), label: 'Anfragen heute', href: '/front-desk/inquiries' },
        ]
      },
      advisor: async (token) => {
        const d = await get<AdvisorDashboard>(token, '/api/dashboard')
        return [
          { value: String(d.entries.submittedCount), label: 'Einträge warten auf Freigabe', href: '/time-entries' },
          { value: String(d.entries.rejectedCount), label: 'Einträge abgelehnt', href: '/time-entries' },
          { value: d.lastStatement ? euro(d.lastStatement.grossCents) : '–', label: 'Letzte Abrechnung', href: '/statements' },
        ]
      },
      admin: async (token) => {
        const d = await get<AdminDashboard>(token, '/api/dashboard')
        return [
          ...ROLES.map((role) => ({ value: String(d.accountsByRole[role]), label: roleLabels[role].de, href: `/users?role=${role}&active=true` })),
          { value: String(d.deactivated), label: 'Deaktivierte Konten', href: '/users?active=false' },
          { value: String(d.signInFailures7d), label: 'Fehlgeschlagene Anmeldungen (7 Tage)', href: '/audit' },
        ]
      },
    }
    for (const [account, tilesOf] of Object.entries(expected)) {
      const want = await tilesOf(await apiToken(baseUrl, account))
      const [context, page, problems] = await newPage(browser)
      await signInAs(page, baseUrl, account)
      const got = await tiles(page)
      expect(got.map(({ value, href }) => ({ value, href })), account).toEqual(want.map(({ value, href }) => ({ value, href })))
      expect(got.map((tile) => tile.label), account).toEqual(want.map((tile) => tile.label))
      expect(await accessibilityViolations(page), account).toEqual([])
      await screenshot(page, `dashboard-03-${account}`)
      await page.locator('a.tile').first().click()
      await page.waitForURL((url) => url.pathname !== '/')
      expect(pathname(page)).toBe(want[0]!.href.split('?')[0])
      expect(await heading(page)).not.toBe('Seite nicht gefunden')
      expect(problems, account).toEqual([])
      await context.close()
    }
  })
})
