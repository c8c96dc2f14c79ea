import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAGES, stageChangeNeedsReason } from '@wohnlotse/shared'
import { buildTestApp, type TestApp, type TestUser } from './helper.ts'
import { contractFor, daysBefore, expertGroup, grantFor, logEntry, setBudget, staff, thisYear } from './fachberatung-fixtures.ts'

/**
 * The rules the services keep are also kept by the database (migrations/0009_schema_rules.sql): a
 * hand-written UPDATE or a wrong code path fails with the constraint's name instead of corrupting money,
 * hours or history. Every write here is plain SQL inside a transaction that is rolled back, so an
 * accepted write leaves nothing behind for the next test.
 */

let t: TestApp
let coordinator: TestUser
let advisorA: TestUser
let advisorB: TestUser
let groupId: string
let contractA: { id: string }
let contractB: { id: string }
let grant: { id: string; committedCents: number }
let entry: { id: string }

beforeAll(async () => {
  t = await buildTestApp()
  ;({ coordinator, advisorA, advisorB } = await staff(t))
  await setBudget(t, coordinator, 10_000_000)
  contractA = await contractFor(t, coordinator, advisorA)
  contractB = await contractFor(t, coordinator, advisorB)
  groupId = await expertGroup(t, coordinator)
  grant = await grantFor(t, coordinator, groupId, contractA.id)
  entry = await logEntry(t, advisorA, grant.id)
})
afterAll(async () => t.close())

/** Runs one statement in a transaction that is always rolled back; answers the error, or null if accepted. */
async function attempt(text: string, values: unknown[] = []): Promise<{ code?: string; constraint?: string } | null> {
  const client = await t.sql.connect()
  try {
    await client.query('BEGIN')
    await client.query(text, values)
    return null
  } catch (err) {
    return err as { code?: string; constraint?: string }
  } finally {
    await client.query('ROLLBACK')
    client.release()
  }
}

const CHECK = '23514'
const FOREIGN_KEY = '23503'
const refused = (code: string, constraint: string) => expect.objectContaining({ code, constraint })

describe('an advisor owns their grants and entries', () => {
  const insertGrant = `
    INSERT INTO grants (group_id, contract_id, advisor_id, year, purpose, granted_minutes, committed_cents)
    VALUES ($1, $2, $3, $4, 'Direkt per SQL', 60, 9000)`
  const insertEntry = `
    INSERT INTO time_entries (grant_id, advisor_id, date, minutes, activity) VALUES ($1, $2, $3, 60, 'consultation')`

  it("refuses a grant whose advisor is not the contract's advisor", async () => {
    expect(await attempt(insertGrant, [groupId, contractA.id, advisorB.id, thisYear()])).toEqual(refused(FOREIGN_KEY, 'grants_contract_advisor_fk'))
    expect(await attempt('UPDATE grants SET contract_id = $1 WHERE id = $2', [contractB.id, grant.id])).toEqual(
      refused(FOREIGN_KEY, 'grants_contract_advisor_fk'),
    )
    expect(await attempt(insertGrant, [groupId, contractA.id, advisorA.id, thisYear()])).toBeNull()
  })

  it('refuses a grant under a contract that does not exist', async () => {
    expect(await attempt(insertGrant, [groupId, '00000000-0000-4000-8000-000000000000', advisorA.id, thisYear()])).toEqual(
      refused(FOREIGN_KEY, 'grants_contract_advisor_fk'),
    )
  })

  it("refuses a time entry whose advisor is not the grant's advisor", async () => {
    expect(await attempt(insertEntry, [grant.id, advisorB.id, daysBefore(2)])).toEqual(refused(FOREIGN_KEY, 'time_entries_grant_advisor_fk'))
    expect(await attempt('UPDATE time_entries SET advisor_id = $1 WHERE id = $2', [advisorB.id, entry.id])).toEqual(
      refused(FOREIGN_KEY, 'time_entries_grant_advisor_fk'),
    )
    expect(await attempt(insertEntry, [grant.id, advisorA.id, daysBefore(2)])).toBeNull()
  })

  it('refuses handing a grant with entries to another advisor, even together with a matching contract', async () => {
    expect(await attempt('UPDATE grants SET contract_id = $1, advisor_id = $2 WHERE id = $3', [contractB.id, advisorB.id, grant.id])).toEqual(
      refused(FOREIGN_KEY, 'time_entries_grant_advisor_fk'),
    )
  })
})

describe('group_stage_changes: skipping a stage or going back needs a reason', () => {
  const insert = 'INSERT INTO group_stage_changes (group_id, from_stage, to_stage, reason) VALUES ($1, $2, $3, $4)'

  // The SQL must agree with the shared rule the API and the SPA use, for every pair of stages.
  const pairs = STAGES.flatMap((from) => STAGES.map((to) => [from, to, stageChangeNeedsReason(from, to)] as const))
  it.each(pairs)('%s → %s without a reason: refused = %s', async (from, to, needsReason) => {
    const result = await attempt(insert, [groupId, from, to, null])
    expect(result).toEqual(needsReason ? refused(CHECK, 'group_stage_changes_reason') : null)
    expect(await attempt(insert, [groupId, from, to, 'Konzept lag bereits vor'])).toBeNull()
  })

  it.each([
    ['an empty reason', ''],
    ['a reason of blanks', ' \t\n '],
  ])('refuses a skip with %s', async (_label, reason) => {
    expect(await attempt(insert, [groupId, 'orientation', 'expert', reason])).toEqual(refused(CHECK, 'group_stage_changes_reason'))
  })

  it('takes the opening entry (none → Stufe I) without a reason, but not an opening in a later stage', async () => {
    expect(await attempt(insert, [groupId, null, 'orientation', null])).toBeNull()
    expect(await attempt(insert, [groupId, null, 'concept', null])).toEqual(refused(CHECK, 'group_stage_changes_reason'))
    expect(await attempt(insert, [groupId, null, 'expert', null])).toEqual(refused(CHECK, 'group_stage_changes_reason'))
  })

  it('refuses removing the reason of a recorded skip', async () => {
    expect(await attempt(`UPDATE group_stage_changes SET reason = NULL WHERE group_id = $1 AND to_stage = 'expert'`, [groupId])).toEqual(
      refused(CHECK, 'group_stage_changes_reason'),
    )
  })
})

describe('group_status_changes: closing needs a reason', () => {
  const insert = 'INSERT INTO group_status_changes (group_id, from_status, to_status, reason) VALUES ($1, $2, $3, $4)'

  it('refuses closing without a reason or with blanks, and takes pausing and reopening without one', async () => {
    expect(await attempt(insert, [groupId, 'active', 'closed', null])).toEqual(refused(CHECK, 'group_status_changes_close_reason'))
    expect(await attempt(insert, [groupId, 'paused', 'closed', '  '])).toEqual(refused(CHECK, 'group_status_changes_close_reason'))
    expect(await attempt(insert, [groupId, 'active', 'closed', 'Gruppe hat sich aufgelöst'])).toBeNull()
    expect(await attempt(insert, [groupId, 'active', 'paused', null])).toBeNull()
    expect(await attempt(insert, [groupId, 'closed', 'active', null])).toBeNull()
  })

  it('takes a closing code only on a closing', async () => {
    const withCode = 'INSERT INTO group_status_changes (group_id, from_status, to_status, reason, close_reason) VALUES ($1, $2, $3, $4, $5)'
    expect(await attempt(withCode, [groupId, 'active', 'paused', 'Pause', 'other'])).toEqual(refused(CHECK, 'group_status_changes_close_reason_only_closing'))
    expect(await attempt(withCode, [groupId, 'closed', 'active', null, 'realised'])).toEqual(refused(CHECK, 'group_status_changes_close_reason_only_closing'))
    expect(await attempt(withCode, [groupId, 'active', 'closed', 'Haus bezogen', 'realised'])).toBeNull()
  })
})

describe('money and minutes', () => {
  it("refuses a grant's spent cents below 0 or above its committed cents", async () => {
    expect(await attempt('UPDATE grants SET spent_cents = -1 WHERE id = $1', [grant.id])).toEqual(refused(CHECK, 'grants_spent_within_committed'))
    expect(await attempt('UPDATE grants SET spent_cents = committed_cents + 1 WHERE id = $1', [grant.id])).toEqual(
      refused(CHECK, 'grants_spent_within_committed'),
    )
    expect(await attempt('UPDATE grants SET committed_cents = -1 WHERE id = $1', [grant.id])).toEqual(refused(CHECK, 'grants_spent_within_committed'))
    expect(await attempt('UPDATE grants SET spent_cents = committed_cents WHERE id = $1', [grant.id])).toBeNull()
  })

  it('refuses a top-up of zero or negative minutes', async () => {
    const insert = `INSERT INTO grant_top_ups (grant_id, minutes, reason) VALUES ($1, $2, 'Mehr Bedarf')`
    expect(await attempt(insert, [grant.id, 0])).toEqual(refused(CHECK, 'grant_top_ups_minutes_positive'))
    expect(await attempt(insert, [grant.id, -60])).toEqual(refused(CHECK, 'grant_top_ups_minutes_positive'))
    expect(await attempt(insert, [grant.id, 15])).toBeNull()
  })

  it("refuses a contract's granted minutes below 0", async () => {
    expect(await attempt('UPDATE contracts SET granted_minutes = -1 WHERE id = $1', [contractB.id])).toEqual(
      refused(CHECK, 'contracts_granted_non_negative'),
    )
    expect(await attempt('UPDATE contracts SET granted_minutes = 0 WHERE id = $1', [contractB.id])).toBeNull()
  })
})

describe('statements', () => {
  // Statements are never updated (a trigger refuses it), so the totals are checked on INSERT.
  const insert = `
    INSERT INTO statements (contract_id, month, total_minutes, net_cents, vat_cents, gross_cents)
    VALUES ($1, '2020-01', $2, $3, $4, $5)`

  it.each([
    ['gross that is not net + VAT', [60, 9000, 1710, 10_000]],
    ['negative net', [60, -9000, 0, -9000]],
    ['negative VAT', [60, 9000, -1710, 7290]],
    ['negative minutes', [-60, 0, 0, 0]],
  ])('refuses %s', async (_label, totals) => {
    expect(await attempt(insert, [contractA.id, ...totals])).toEqual(refused(CHECK, 'statements_totals'))
  })

  it('takes consistent totals, an empty month included', async () => {
    expect(await attempt(insert, [contractA.id, 60, 9000, 1710, 10_710])).toBeNull()
    expect(await attempt(insert, [contractA.id, 0, 0, 0, 0])).toBeNull()
  })
})

describe('billed time entries', () => {
  it('refuses billing an entry that is not approved', async () => {
    const client = await t.sql.connect()
    try {
      await client.query('BEGIN')
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO statements (contract_id, month, total_minutes, net_cents, vat_cents, gross_cents) VALUES ($1, '2099-12', 0, 0, 0, 0) RETURNING id`,
        [contractA.id],
      )
      await client.query('SAVEPOINT before_bill')
      // The entry is still submitted.
      await expect(client.query('UPDATE time_entries SET statement_id = $1 WHERE id = $2', [rows[0]!.id, entry.id])).rejects.toEqual(
        refused(CHECK, 'time_entries_billed_approved'),
      )
      await client.query('ROLLBACK TO SAVEPOINT before_bill')
      // Approved, with the statement's month as its billing month (migration 0014), it can be billed.
      await client.query(`UPDATE time_entries SET status = 'approved', billing_month = '2099-12', statement_id = $1 WHERE id = $2`, [rows[0]!.id, entry.id])
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})
