import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  berlinDayStart,
  berlinMinute,
  berlinMinuteToIso,
  daysBetween,
  isIsoDate,
  isIsoMonth,
  mondayOf,
  monthBounds,
  monthsBetween,
  todayInBerlin,
} from '../src/calendar.ts'

describe('the office calendar', () => {
  it('takes "today" in Dresden, not in UTC', () => {
    expect(todayInBerlin(new Date('2026-06-20T22:30:00Z'))).toBe('2026-06-21')
    expect(todayInBerlin(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31')
    expect(todayInBerlin(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01')
    // Around both summer-time changes: midnight is 23:00 UTC before the spring one, 22:00 UTC before the autumn one.
    expect(todayInBerlin(new Date('2026-03-28T22:59:59Z'))).toBe('2026-03-28')
    expect(todayInBerlin(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29')
    expect(todayInBerlin(new Date('2026-10-24T21:59:59Z'))).toBe('2026-10-24')
    expect(todayInBerlin(new Date('2026-10-24T22:00:00Z'))).toBe('2026-10-25')
    expect(todayInBerlin(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25')
    expect(todayInBerlin(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26')
  })

  it('answers from its cache only within the same UTC minute', () => {
    // The last instant before midnight and the first after lie in different minutes; each asks anew.
    expect(todayInBerlin(new Date('2026-12-31T22:59:00.000Z'))).toBe('2026-12-31')
    expect(todayInBerlin(new Date('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31')
    expect(todayInBerlin(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01')
    expect(todayInBerlin(new Date('2026-12-31T22:59:30.000Z'))).toBe('2026-12-31')
    // The same minute a day later is another minute.
    expect(todayInBerlin(new Date('2027-01-01T22:59:30.000Z'))).toBe('2027-01-01')
  })

  it('counts days across month, year and summer-time changes', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(daysBetween('2026-03-28', '2026-10-26')).toBe(212)
    expect(daysBetween('2026-10-26', '2026-03-28')).toBe(-212)
    expect(mondayOf('2026-12-06')).toBe('2026-11-30')
    expect(mondayOf('2026-11-30')).toBe('2026-11-30')
  })

  it('knows months and their bounds', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' })
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' })
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
    expect(monthsBetween('2027-02', '2026-11')).toEqual([])
  })

  it('tells real days and months from look-alikes', () => {
    expect(isIsoDate('2026-02-28')).toBe(true)
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2000-02-29')).toBe(true)
    expect(isIsoDate('1900-02-29')).toBe(false)
    expect(isIsoDate('1900-01-01')).toBe(true)
    expect(isIsoDate('2026-04-31')).toBe(false)
    expect(isIsoDate('2026-01-00')).toBe(false)
    expect(isIsoDate('3000-01-01')).toBe(false)
    expect(isIsoDate('2026-13-01')).toBe(false)
    expect(isIsoDate('26-01-01')).toBe(false)
    expect(isIsoDate('0202-01-01')).toBe(false)
    expect(isIsoDate(20260101)).toBe(false)
    expect(isIsoMonth('2026-12')).toBe(true)
    expect(isIsoMonth('2026-00')).toBe(false)
  })

  it('converts Dresden wall-clock time both ways, in winter and in summer', () => {
    expect(berlinMinute('2026-01-15T09:30:00Z')).toBe('2026-01-15T10:30')
    expect(berlinMinute(new Date('2026-06-20T12:05:00Z'))).toBe('2026-06-20T14:05')
    expect(berlinMinuteToIso('2026-01-15T10:30')).toBe('2026-01-15T09:30:00.000Z')
    expect(berlinMinuteToIso('2026-06-20T14:05')).toBe('2026-06-20T12:05:00.000Z')
    expect(berlinMinuteToIso('2026-02-30T10:00')).toBeNull()
    expect(berlinMinuteToIso('2026-06-20T24:00')).toBeNull()
    expect(berlinMinuteToIso('14:05')).toBeNull()
    expect(berlinDayStart('2026-06-20').toISOString()).toBe('2026-06-19T22:00:00.000Z')
    expect(berlinDayStart('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z')
  })
})
