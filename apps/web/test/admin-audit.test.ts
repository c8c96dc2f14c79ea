import { afterEach, describe, expect, it } from 'vitest'
import de from '../src/i18n/de.json'
import en from '../src/i18n/en.json'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { AUDIT_ACTIONS, AUDIT_ENTITIES, actionPhrase, entityLabel } from '../src/views/admin/audit-actions.ts'
import { auditDiff, auditSubject, compactJson } from '../src/views/admin/audit-diff.ts'
import { auditFiltersFromRoute, auditListQuery } from '../src/views/admin/audit-filters.ts'

const t = (key: string) => i18n.global.t(key)

describe('auditDiff()', () => {
  it('shows only the fields whose values differ, old and new as compact JSON', () => {
    const before = { id: 'u1', name: 'Erika Muster', role: 'advisor', active: true, updatedAt: '2026-03-02T09:15:00.000Z' }
    const after = { id: 'u1', name: 'Erika Muster', role: 'advisor', active: false, updatedAt: '2026-06-19T08:30:00.000Z' }
    expect(auditDiff(before, after)).toEqual([
      { key: 'active', before: 'true', after: 'false' },
      { key: 'updatedAt', before: '"2026-03-02T09:15:00.000Z"', after: '"2026-06-19T08:30:00.000Z"' },
    ])
  })

  it('lists every field of a create as new, in its order, arrays and objects on one line', () => {
    expect(auditDiff(null, { name: 'Wohnhof', languages: ['de', 'en'], plannedHomes: null, address: { zip: '01099', city: 'Dresden' } })).toEqual([
      { key: 'name', before: null, after: '"Wohnhof"' },
      { key: 'languages', before: null, after: '["de","en"]' },
      { key: 'plannedHomes', before: null, after: 'null' },
      { key: 'address', before: null, after: '{"zip":"01099","city":"Dresden"}' },
    ])
  })

  it('lists the fields of a delete as gone, and fields that appear or disappear', () => {
    expect(auditDiff({ groupId: 'g1' }, null)).toEqual([{ key: 'groupId', before: '"g1"', after: null }])
    expect(auditDiff({ status: 'submitted', note: 'x' }, { status: 'approved', reason: 'ok' })).toEqual([
      { key: 'status', before: '"submitted"', after: '"approved"' },
      { key: 'note', before: '"x"', after: null },
      { key: 'reason', before: null, after: '"ok"' },
    ])
  })

  it('treats objects with the same content in another key order as unchanged', () => {
    expect(auditDiff({ a: { x: 1, y: [1, { p: 1, q: 2 }] } }, { a: { y: [1, { q: 2, p: 1 }], x: 1 } })).toEqual([])
    expect(auditDiff({ a: [1, 2] }, { a: [2, 1] })).toEqual([{ key: 'a', before: '[1,2]', after: '[2,1]' }])
  })

  it('never shows password-like fields, even if they were recorded', () => {
    expect(auditDiff({ passwordHash: 'old', name: 'A' }, { passwordHash: 'new', refreshToken: 't', apiSecret: 's', name: 'B' })).toEqual([
      { key: 'name', before: '"A"', after: '"B"' },
    ])
  })

  it('is empty when nothing was recorded', () => {
    expect(auditDiff(null, null)).toEqual([])
  })
})

describe('compactJson() and auditSubject()', () => {
  it('renders values without spaces, a missing one as null', () => {
    expect(compactJson({ a: [1, 'b'], c: true })).toBe('{"a":[1,"b"],"c":true}')
    expect(compactJson(undefined)).toBe('null')
  })

  it('names the record by the name in its data, the newer one first', () => {
    expect(auditSubject({ name: 'Alt' }, { name: 'Neu' })).toBe('Neu')
    expect(auditSubject({ name: 'Gelöscht' }, null)).toBe('Gelöscht')
    expect(auditSubject({ status: 'x' }, { grantedMinutes: 600 })).toBeNull()
  })
})

describe('actionPhrase()', () => {
  afterEach(() => setLocale('de'))

  it.each([
    ['user.create', 'Konto angelegt', 'Account created'],
    ['user.update', 'Konto geändert', 'Account changed'],
    ['auth.login', 'Angemeldet', 'Signed in'],
    ['group.create', 'Gruppe angelegt', 'Group created'],
    ['group.stage', 'Stufe geändert', 'Stage changed'],
    ['grant.top_up', 'Kontingent aufgestockt', 'Hour grant topped up'],
    ['time_entry.reject', 'Stunden zurückgewiesen', 'Hours rejected'],
    ['referral.outcome', 'Ergebnis des Verweises erfasst', 'Referral outcome recorded'],
  ])('%s → "%s" / "%s"', (code, german, english) => {
    setLocale('de')
    expect(actionPhrase(code, t)).toBe(german)
    setLocale('en')
    expect(actionPhrase(code, t)).toBe(english)
  })

  it.each(['report.export', 'user', 'user.', '', 'toString', 'user.create.extra'])('shows the unknown code "%s" as it is', (code) => {
    expect(actionPhrase(code, t)).toBe(code)
  })

  it('has a German and an English phrase for every known code', () => {
    const lookup = (tree: unknown, code: string) =>
      `admin.audit.actions.${code}`.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree)
    for (const code of AUDIT_ACTIONS) {
      expect(lookup(de, code), code).toEqual(expect.any(String))
      expect(lookup(en, code), code).toEqual(expect.any(String))
    }
  })

  it('names entity types in words and shows unknown ones as they are', () => {
    expect(entityLabel('time_entry', t)).toBe('Stundennachweis')
    expect(entityLabel('advisor_budget', t)).toBe('Beraterbudget')
    expect(entityLabel('invoice', t)).toBe('invoice')
    expect(AUDIT_ENTITIES.map((e) => entityLabel(e, t)).every((label) => !label.includes('_'))).toBe(true)
  })
})

describe('auditFiltersFromRoute()', () => {
  it('takes a known entity type and a UUID, and ignores what the API would refuse', () => {
    const id = 'B0000000-0000-4000-8000-000000000001'
    expect(auditListQuery(auditFiltersFromRoute({ entity: 'user', entityId: id }))).toEqual({ entity: 'user', entityId: id.toLowerCase() })
    expect(auditListQuery(auditFiltersFromRoute({ entity: 'nonsense', entityId: '42' }))).toEqual({})
  })
})
