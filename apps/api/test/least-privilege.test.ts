import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { bearer, buildTestApp, type TestApp } from './helper.ts'
import { contractFor, expertGroup, grantFor, logEntry, staff } from './fachberatung-fixtures.ts'
import { servingRoleProblems } from '../src/db/roles.ts'

// The app serves as a role that owns nothing and is no superuser: whatever runs on its connection (a bug, an
// injected query) cannot switch off the triggers that keep the audit, billed entries and statements unchanged.

let t: TestApp
/** The very connection the API serves with: the app role on this file's database. */
let app: pg.Pool
let billedEntryId: string
let statementId: string

/** The SQLSTATE a statement fails with, or 'ok'. */
async function sqlstate(query: string, params: unknown[] = []): Promise<string> {
  try {
    await app.query(query, params)
    return 'ok'
  } catch (err) {
    return (err as { code?: string }).code ?? String(err)
  }
}

const lastMonth = () => {
  const now = new Date()
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15))
  return d.toISOString().slice(0, 7)
}

beforeAll(async () => {
  t = await buildTestApp()
  app = new pg.Pool({ connectionString: t.app.pool.options.connectionString!, max: 1 })
  const s = await staff(t)
  await t.api.put(`/api/advisor-budgets/${new Date().getUTCFullYear()}`).set(bearer(s.coordinator)).send({ amountCents: 10_000_000 }).expect(200)
  const contract = await contractFor(t, s.coordinator, s.advisorA, { validFrom: `${new Date().getUTCFullYear() - 1}-01-01` })
  const grant = await grantFor(t, s.coordinator, await expertGroup(t, s.coordinator), contract.id)
  const month = lastMonth()
  const entry = await logEntry(t, s.advisorA, grant.id, 60, `${month}-10`)
  await t.api.post(`/api/time-entries/${entry.id}/approve`).set(bearer(s.coordinator)).expect(200)
  await t.api.post(`/api/contracts/${contract.id}/statements/${month}/finalize`).set(bearer(s.coordinator)).expect(200)
  billedEntryId = entry.id
  const { rows } = await t.sql.query<{ id: string }>('SELECT id FROM statements WHERE contract_id = $1', [contract.id])
  statementId = rows[0]!.id
})
afterAll(async () => {
  await app.end()
  await t.close()
})

describe('the role the API serves as', () => {
  it('is the app role: no superuser, no role or database creation, no RLS bypass', async () => {
    const { rows } = await app.query(
      'SELECT current_user AS name, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication FROM pg_roles WHERE rolname = current_user',
    )
    expect(rows).toEqual([{ name: 'wohnlotse_app', rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false, rolreplication: false }])
    expect(await servingRoleProblems(t.app.pool.options.connectionString!)).toEqual([])
  })

  it('owns nothing: no table, sequence, function, type or schema', async () => {
    const { rows } = await app.query(`SELECT
      (SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole)::int AS relations,
      (SELECT count(*) FROM pg_proc WHERE proowner = current_user::regrole)::int AS functions,
      (SELECT count(*) FROM pg_type WHERE typowner = current_user::regrole)::int AS types,
      (SELECT count(*) FROM pg_namespace WHERE nspowner = current_user::regrole)::int AS schemas`)
    expect(rows).toEqual([{ relations: 0, functions: 0, types: 0, schemas: 0 }])
  })

  it('cannot change the replication role (which would skip every trigger)', async () => {
    expect(await sqlstate('SET session_replication_role = replica')).toBe('42501')
  })

  it('cannot disable the triggers of the audit, the time entries or the statements (must be owner)', async () => {
    expect(await sqlstate('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete')).toBe('42501')
    expect(await sqlstate('ALTER TABLE audit_log DISABLE TRIGGER ALL')).toBe('42501')
    expect(await sqlstate('ALTER TABLE time_entries DISABLE TRIGGER time_entries_billed_immutable')).toBe('42501')
    expect(await sqlstate('ALTER TABLE statements DISABLE TRIGGER statements_immutable')).toBe('42501')
  })

  it('cannot UPDATE, DELETE or TRUNCATE the audit: it may only read and append', async () => {
    expect(await sqlstate(`UPDATE audit_log SET action = 'forged'`)).toBe('42501')
    expect(await sqlstate('DELETE FROM audit_log')).toBe('42501')
    expect(await sqlstate('TRUNCATE audit_log')).toBe('42501')
    expect(await sqlstate('SELECT count(*) FROM audit_log')).toBe('ok')
  })

  it('cannot change or remove a billed time entry', async () => {
    // The app may change unbilled entries, so it holds UPDATE and DELETE; the trigger refuses billed ones.
    expect(await sqlstate('UPDATE time_entries SET minutes = 1 WHERE id = $1', [billedEntryId])).toBe('23000')
    expect(await sqlstate('DELETE FROM time_entries WHERE id = $1', [billedEntryId])).toBe('23000')
    expect(await sqlstate('TRUNCATE time_entries CASCADE')).toBe('42501')
  })

  it('cannot change or remove a finalised statement', async () => {
    expect(await sqlstate('UPDATE statements SET net_cents = 0 WHERE id = $1', [statementId])).toBe('42501')
    expect(await sqlstate('DELETE FROM statements WHERE id = $1', [statementId])).toBe('42501')
    expect(await sqlstate('TRUNCATE statements CASCADE')).toBe('42501')
  })

  it('cannot create tables in public, nor write the audit chain: its head, seals or queue (only the sealer may)', async () => {
    expect(await sqlstate('CREATE TABLE public.smuggled (id int)')).toBe('42501')
    expect(await sqlstate('UPDATE audit_chain_head SET seq = 0')).toBe('42501')
    expect(await sqlstate('INSERT INTO audit_chain_head (id) VALUES (false)')).toBe('42501')
    expect(await sqlstate(`INSERT INTO audit_seals (position, seq, hash) VALUES (999999, 999999, '\\x00')`)).toBe('42501')
    expect(await sqlstate('DELETE FROM audit_seals')).toBe('42501')
    expect(await sqlstate('DELETE FROM audit_unsealed')).toBe('42501')
    expect(await sqlstate('INSERT INTO audit_unsealed (seq) VALUES (999999)')).toBe('42501')
    expect(await sqlstate('SELECT count(*) FROM audit_seals')).toBe('ok')
    expect(await sqlstate('SELECT audit_log_seal()')).toBe('ok')
  })

  it('may only read the stage counts, which the triggers on groups keep', async () => {
    expect(await sqlstate('UPDATE group_stage_counts SET n = n + 1')).toBe('42501')
    expect(await sqlstate(`INSERT INTO group_stage_counts (stage, status, district, n) VALUES ('expert', 'active', 'x', 1)`)).toBe('42501')
    expect(await sqlstate('DELETE FROM group_stage_counts')).toBe('42501')
  })

  it('holds no TRUNCATE, REFERENCES or TRIGGER privilege on any table', async () => {
    const { rows } = await app.query(`SELECT c.relname, p.privilege FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      CROSS JOIN unnest(ARRAY['TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(privilege)
      WHERE c.relkind = 'r' AND has_table_privilege(c.oid, p.privilege)`)
    expect(rows).toEqual([])
  })
})

describe('servingRoleProblems', () => {
  it('names what lets the owner role get round the guards', async () => {
    const owner = inject('pgOwnerUrl').replace(/\/postgres$/, new URL(t.app.pool.options.connectionString!).pathname)
    expect(await servingRoleProblems(owner)).toEqual(['owns tables'])
  })
})
