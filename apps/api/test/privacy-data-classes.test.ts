import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NON_PERSONAL_COLUMNS, PERSONAL_COLUMNS } from '../src/db/schema/data-classes.ts'
import { redactPersonalData } from '../src/plugins/app/audit/audit-personal-data.ts'
import { buildTestApp, type TestApp } from './helper.ts'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => t.close())

describe('data classes', () => {
  // A new text column must be classified: otherwise search, export, erasure, retention and the audit would miss it.
  it('classify every text, JSON and array column of every table, exactly once', async () => {
    const { rows } = await t.sql.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND (data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED') AND udt_name NOT IN (
          SELECT typname FROM pg_type WHERE typtype = 'e'))
        ORDER BY table_name, column_name`,
    )
    const unclassified = rows
      .filter((r) => !PERSONAL_COLUMNS[r.table_name]?.[r.column_name] && !NON_PERSONAL_COLUMNS[r.table_name]?.[r.column_name])
      .map((r) => `${r.table_name}.${r.column_name}`)
    expect(unclassified).toEqual([])
    const both = Object.entries(PERSONAL_COLUMNS).flatMap(([table, cols]) => Object.keys(cols).filter((c) => NON_PERSONAL_COLUMNS[table]?.[c]).map((c) => `${table}.${c}`))
    expect(both).toEqual([])
    // And nothing classified that does not exist (a renamed column would silently lose its class).
    const existing = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`))
    const stale = [PERSONAL_COLUMNS, NON_PERSONAL_COLUMNS].flatMap((map) =>
      Object.entries(map).flatMap(([table, cols]) => Object.keys(cols).map((c) => `${table}.${c}`)).filter((c) => !existing.has(c)),
    )
    expect(stale).toEqual([])
  })
})

describe('audit redaction of personal data', () => {
  it('keeps ids and non-personal fields and names the personal fields that changed', () => {
    const before = { id: 'c1', groupId: 'g1', name: 'Alt Name', email: 'alt@example.org', since: '2026-01-01' }
    const after = { id: 'c1', groupId: 'g1', name: 'Neu Name', email: 'alt@example.org', since: '2026-02-01' }
    expect(redactPersonalData('contact', before, after)).toEqual({
      before: { id: 'c1', groupId: 'g1', since: '2026-01-01' },
      after: { id: 'c1', groupId: 'g1', since: '2026-02-01', changedPersonalFields: ['name'] },
    })
  })

  it('drops the name of people referred to by id at any depth, and treats an unknown entity as all personal', () => {
    expect(redactPersonalData('inquiry', null, { id: 'i1', createdBy: { id: 'u1', name: 'Tom Empfang' }, name: null })).toEqual({
      before: null,
      after: { id: 'i1', createdBy: { id: 'u1' } },
    })
    expect(redactPersonalData('something_new', { notes: 'x', count: 1 }, null)).toEqual({ before: { count: 1, changedPersonalFields: ['notes'] }, after: null })
  })
})
