import { describe, expect, it } from 'vitest'
import { formatHoursNumber } from '@wohnlotse/shared'
import { filenameOf } from '../src/api/http.ts'
import { euroInput, formatEuro, formatHours, formatMonth, hoursInput, parseEuro, parseHours, quarterHours } from '../src/lib/money-hours.ts'
import { addMonths, isMonth, monthsBetween, statementMonths } from '../src/lib/months.ts'

const NBSP = '\u00a0'

describe('formatEuro()', () => {
  it.each([
    [123_456, 'de', `1.234,56${NBSP}€`],
    [6_000_000, 'de', `60.000,00${NBSP}€`],
    [0, 'de', `0,00${NBSP}€`],
    [5, 'de', `0,05${NBSP}€`],
    [123_456, 'en', '€1,234.56'],
    [9000, 'en', '€90.00'],
  ] as const)('%i cents in %s → %s', (cents, locale, expected) => {
    expect(formatEuro(cents, locale)).toBe(expected)
  })
})

describe('formatHours()', () => {
  // One rule for every duration (packages/shared/src/durations.ts): decimal hours, one or two decimals, never "7:30 h".
  it.each([
    [450, 'de', `7,5${NBSP}Std.`],
    [30, 'de', `0,5${NBSP}Std.`],
    [0, 'de', `0,0${NBSP}Std.`],
    [15, 'de', `0,25${NBSP}Std.`],
    [105, 'de', `1,75${NBSP}Std.`],
    [600, 'de', `10,0${NBSP}Std.`],
    [1320, 'de', `22,0${NBSP}Std.`],
    [12_000, 'de', `200,0${NBSP}Std.`],
    [60_000, 'de', `1.000,0${NBSP}Std.`],
    [90, 'en', `1.5${NBSP}h`],
    [60_000, 'en', `1,000.0${NBSP}h`],
    [-45, 'de', `−0,75${NBSP}Std.`],
  ] as const)('%i minutes in %s → %s', (minutes, locale, expected) => {
    expect(formatHours(minutes, locale)).toBe(expected)
  })
})

describe('formatHoursNumber()', () => {
  it('gives the bare number for a spreadsheet cell, without grouping when asked', () => {
    expect(formatHoursNumber(90, 'de')).toBe('1,5')
    expect(formatHoursNumber(60_000, 'de')).toBe('1.000,0')
    expect(formatHoursNumber(60_000, 'de', { grouping: false })).toBe('1000,0')
    expect(formatHoursNumber(135, 'en')).toBe('2.25')
  })
})

describe('formatMonth()', () => {
  it('names the month in the UI language', () => {
    expect(formatMonth('2026-03', 'de')).toBe('März 2026')
    expect(formatMonth('2026-03', 'en')).toBe('March 2026')
    expect(formatMonth('2025-12', 'de')).toBe('Dezember 2025')
  })
})

describe('quarterHours()', () => {
  it('offers 0.25 h to 10.0 h in quarter hours: 40 options', () => {
    const options = quarterHours(600)
    expect(options.length).toBe(40)
    expect(options.slice(0, 5)).toEqual([15, 30, 45, 60, 75])
    expect(options.at(-1)).toBe(600)
    expect(options.every((m) => m % 15 === 0)).toBe(true)
  })
})

describe('parseEuro()', () => {
  it.each([
    ['60000', 'de', 6_000_000],
    ['60.000', 'de', 6_000_000],
    ['60.000,50', 'de', 6_000_050],
    ['95,5', 'de', 9550],
    [' 90,00 € ', 'de', 9000],
    ['60,000.50', 'en', 6_000_050],
    ['€90.00', 'en', 9000],
  ] as const)('%s in %s → %i cents', (text, locale, cents) => {
    expect(parseEuro(text, locale)).toBe(cents)
  })

  it.each([
    ['', 'de'],
    ['abc', 'de'],
    ['6.00', 'de'],
    ['1,234', 'de'],
    ['90,001', 'de'],
    ['-5', 'de'],
    ['1.2.3', 'en'],
  ] as const)('refuses %j in %s', (text, locale) => {
    expect(parseEuro(text, locale)).toBeNull()
  })

  it('reads back what euroInput writes', () => {
    expect(euroInput(9000, 'de')).toBe('90,00')
    expect(parseEuro(euroInput(123_456, 'de'), 'de')).toBe(123_456)
    expect(parseEuro(euroInput(123_456, 'en'), 'en')).toBe(123_456)
  })
})

describe('parseHours()', () => {
  it.each([
    ['10', 600],
    ['2,5', 150],
    ['2.5', 150],
    ['1:45', 105],
    ['0,25', 15],
    ['12 h', 720],
  ])('%s → %i minutes', (text, minutes) => {
    expect(parseHours(text)).toBe(minutes)
  })

  it.each(['', '0', '1,1', '1:10', 'zehn', '-2'])('refuses %j (not whole quarter hours above zero)', (text) => {
    expect(parseHours(text)).toBeNull()
  })

  it('reads back what hoursInput writes', () => {
    expect(hoursInput(600, 'de')).toBe('10')
    expect(hoursInput(150, 'de')).toBe('2,5')
    expect(hoursInput(150, 'en')).toBe('2.5')
    expect(parseHours(hoursInput(105, 'de'))).toBe(105)
  })
})

describe('months', () => {
  it('adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-03', 12)).toBe('2027-03')
  })

  it('lists months newest first, inclusive', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2026-02', '2026-01', '2025-12', '2025-11'])
    expect(monthsBetween('2026-03', '2026-02')).toEqual([])
  })

  it("gives a contract's statement months up to the current month, or its end", () => {
    expect(statementMonths('2025-11-15', '2027-10-31', '2026-02')).toEqual(['2026-02', '2026-01', '2025-12', '2025-11'])
    expect(statementMonths('2025-01-01', '2025-03-31', '2026-02')).toEqual(['2025-03', '2025-02', '2025-01'])
    expect(statementMonths('2026-05-01', '2027-04-30', '2026-02')).toEqual([])
  })

  it('knows a month when it sees one', () => {
    expect(['2026-03', '2026-13', '2026-3', 'x'].map(isMonth)).toEqual([true, false, false, false])
  })
})

describe('filenameOf()', () => {
  it('reads the file name of a Content-Disposition header', () => {
    expect(filenameOf('attachment; filename="Abrechnung-RV-2025-01-2026-03.csv"')).toBe('Abrechnung-RV-2025-01-2026-03.csv')
    expect(filenameOf('attachment; filename=plain.csv')).toBe('plain.csv')
    expect(filenameOf(null)).toBeNull()
    expect(filenameOf('inline')).toBeNull()
  })
})
