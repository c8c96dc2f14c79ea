import type { Consent, ExportRecord, RetentionSetting } from '@wohnlotse/shared'
import { describe, expect, it } from 'vitest'
import { isActive, openPurposes, sortConsents, toConsentCreate, validateConsentForm } from '../src/views/privacy/consents.ts'
import { formatExportValue, groupRecords, humanizeKey, visibleFields } from '../src/views/privacy/export-view.ts'
import { personName } from '../src/views/privacy/person-name.ts'
import { queryFromRoute } from '../src/views/privacy/person-search.ts'
import { inputsOf, nonZero, retentionUpdate, totalCount } from '../src/views/privacy/retention-form.ts'
import { inputUnits, periodInputOf, periodOf, periodParts } from '../src/views/privacy/retention-period.ts'

// The pure rules of the Datenschutz area: retention periods as typed, consents, and reading the export.

describe('retention periods as typed', () => {
  it('shows whole years as years and everything else in the class unit', () => {
    expect(periodInputOf(120, 'months')).toEqual({ value: '10', unit: 'years' })
    expect(periodInputOf(18, 'months')).toEqual({ value: '18', unit: 'months' })
    expect(periodInputOf(6, 'months')).toEqual({ value: '6', unit: 'months' })
    expect(periodInputOf(365, 'days')).toEqual({ value: '365', unit: 'days' })
    expect(periodParts(24, 'months')).toEqual({ n: 2, unit: 'years' })
  })

  it('offers months and years for month classes, days only for day classes', () => {
    expect(inputUnits('months')).toEqual(['months', 'years'])
    expect(inputUnits('days')).toEqual(['days'])
  })

  it.each([
    [{ value: '10', unit: 'years' }, 'months', { period: 120 }],
    [{ value: ' 6 ', unit: 'months' }, 'months', { period: 6 }],
    [{ value: '90', unit: 'days' }, 'days', { period: 90 }],
    [{ value: '30', unit: 'years' }, 'months', { period: 360 }],
    [{ value: '31', unit: 'years' }, 'months', { error: 'privacy.retention.errors.tooLong' }],
    [{ value: '10951', unit: 'days' }, 'days', { error: 'privacy.retention.errors.tooLong' }],
    [{ value: '0', unit: 'months' }, 'months', { error: 'privacy.retention.errors.tooShort' }],
    [{ value: '', unit: 'months' }, 'months', { error: 'privacy.retention.errors.required' }],
    [{ value: '1,5', unit: 'years' }, 'months', { error: 'privacy.retention.errors.wholeNumber' }],
    [{ value: '-3', unit: 'months' }, 'months', { error: 'privacy.retention.errors.wholeNumber' }],
  ] as const)('%o in a %s class → %o', (input, unit, expected) => {
    expect(periodOf(input, unit)).toEqual(expected)
  })
})

const setting = (dataClass: RetentionSetting['dataClass'], period: number, unit: RetentionSetting['unit'] = 'months'): RetentionSetting => ({
  dataClass,
  period,
  unit,
  startsAt: 'Abschluss',
  action: 'anonymisiert',
  defaultPeriod: period,
  updatedAt: null,
  updatedBy: null,
})

describe('the retention settings form', () => {
  const settings = [setting('enquirer_contact', 6), setting('billing_record', 120), setting('sign_in_traces', 90, 'days')]

  it('sends only the classes that changed, in the class unit', () => {
    const inputs = inputsOf(settings)
    expect(inputs).toEqual({
      enquirer_contact: { value: '6', unit: 'months' },
      billing_record: { value: '10', unit: 'years' },
      sign_in_traces: { value: '90', unit: 'days' },
    })
    expect(retentionUpdate(settings, inputs)).toEqual({ update: null, errors: {} })
    inputs.enquirer_contact = { value: '1', unit: 'years' }
    inputs.sign_in_traces = { value: '30', unit: 'days' }
    expect(retentionUpdate(settings, inputs)).toEqual({
      update: {
        items: [
          { dataClass: 'enquirer_contact', period: 12 },
          { dataClass: 'sign_in_traces', period: 30 },
        ],
      },
      errors: {},
    })
  })

  it('sends nothing while one class is wrong and names it', () => {
    const inputs = inputsOf(settings)
    inputs.enquirer_contact = { value: '3', unit: 'months' }
    inputs.billing_record = { value: 'zehn', unit: 'years' }
    expect(retentionUpdate(settings, inputs)).toEqual({ update: null, errors: { billing_record: 'privacy.retention.errors.wholeNumber' } })
  })

  it('counts what a run did, and lists only classes with something in them', () => {
    const counts = [
      { dataClass: 'enquirer_contact', count: 3 },
      { dataClass: 'contact_person', count: 0 },
      { dataClass: 'sign_in_traces', count: 14 },
    ] as const
    expect(totalCount(counts)).toBe(17)
    expect(nonZero(counts).map((c) => c.dataClass)).toEqual(['enquirer_contact', 'sign_in_traces'])
  })
})

const consent = (id: string, purpose: Consent['purpose'], givenOn: string, withdrawnOn: string | null = null): Consent => ({
  id,
  ref: 'contact:00000000-0000-4000-8000-000000000009',
  purpose,
  givenOn,
  recordedAt: `${givenOn}T10:00:00.000Z`,
  recordedBy: null,
  withdrawnOn,
  withdrawnAt: withdrawnOn ? `${withdrawnOn}T10:00:00.000Z` : null,
  withdrawnBy: null,
})

describe('consents', () => {
  const consents = [
    consent('a', 'contact', '2026-01-10', '2026-03-01'),
    consent('b', 'share_with_offer', '2026-02-01'),
    consent('c', 'contact', '2026-04-01'),
  ]

  it('offers only purposes without a consent in force', () => {
    expect(openPurposes(consents)).toEqual([])
    expect(openPurposes([consents[0]!])).toEqual(['contact', 'share_with_offer'])
    expect(openPurposes([consents[1]!])).toEqual(['contact'])
  })

  it('lists consents in force first, newest given first', () => {
    expect(sortConsents(consents).map((c) => c.id)).toEqual(['c', 'b', 'a'])
    expect(consents.map(isActive)).toEqual([false, true, true])
  })

  it('needs a purpose and a day that is not in the future', () => {
    expect(validateConsentForm({ purpose: '', givenOn: '' }, '2026-12-01')).toEqual({
      purpose: 'privacy.consents.errors.purpose',
      givenOn: 'privacy.consents.errors.givenOnRequired',
    })
    expect(validateConsentForm({ purpose: 'contact', givenOn: '2026-12-02' }, '2026-12-01')).toEqual({ givenOn: 'privacy.consents.errors.future' })
    expect(validateConsentForm({ purpose: 'contact', givenOn: '31.12.' }, '2026-12-01')).toEqual({ givenOn: 'dateField.invalid' })
    expect(validateConsentForm({ purpose: 'contact', givenOn: '2026-12-01' }, '2026-12-01')).toEqual({})
    expect(toConsentCreate({ purpose: 'contact', givenOn: '2026-12-01' })).toEqual({ purpose: 'contact', givenOn: '2026-12-01' })
  })
})

const record = (title: string, id: string, fields: Record<string, unknown>): ExportRecord => ({
  source: 'group_contacts',
  title,
  id,
  dataClass: 'contact_person',
  fields,
})

describe('reading the information export', () => {
  const format = {
    date: (d: string) => `D(${d})`,
    dateTime: (d: string) => `T(${d})`,
    yes: 'Ja',
    no: 'Nein',
    none: '–',
  }

  it('groups records under their heading in the order of the export', () => {
    const groups = groupRecords([record('Ansprechperson', '1', {}), record('Anfrage', '2', {}), record('Ansprechperson', '3', {})])
    expect(groups.map((g) => [g.title, g.records.map((r) => r.id)])).toEqual([
      ['Ansprechperson', ['1', '3']],
      ['Anfrage', ['2']],
    ])
  })

  it('leaves ids out of the screen, not out of the file', () => {
    const r = record('Ansprechperson', '1', { id: 'x', groupId: 'y', group_id: 'z', name: 'Ida Muster', email: 'ida@example.org' })
    expect(visibleFields(r)).toEqual([
      ['name', 'Ida Muster'],
      ['email', 'ida@example.org'],
    ])
  })

  it('formats values readably', () => {
    expect(formatExportValue('2026-03-02', format)).toBe('D(2026-03-02)')
    expect(formatExportValue('2026-03-02T09:15:00.000Z', format)).toBe('T(2026-03-02T09:15:00.000Z)')
    expect(formatExportValue(null, format)).toBe('–')
    expect(formatExportValue('', format)).toBe('–')
    expect(formatExportValue(true, format)).toBe('Ja')
    expect(formatExportValue(['housing', 'finance'], format)).toBe('housing, finance')
    expect(formatExportValue([], format)).toBe('–')
    expect(formatExportValue({ dayOfWeek: 3, note: null }, format)).toBe('day of week: 3; note: –')
    expect(humanizeKey('consent_to_share')).toBe('consent to share')
  })
})

describe('naming and finding people', () => {
  const t = (key: string, values: Record<string, string>) => `${key}(${values.name})`

  it('names an inquiry without a name by where it appears', () => {
    expect(personName({ name: 'Ida Muster', context: 'Gruppe X' }, t)).toBe('Ida Muster')
    expect(personName({ name: null, context: 'Anfrage vom 02.03.2026' }, t)).toBe('privacy.unnamedWithContext(Anfrage vom 02.03.2026)')
  })

  it('reads the search from the address', () => {
    expect(queryFromRoute({ q: '  muster ' })).toBe('muster')
    expect(queryFromRoute({ q: ['a', 'b'] })).toBe('a')
    expect(queryFromRoute({})).toBe('')
  })
})
