import { describe, expect, it } from 'vitest'
import { durationBetween, todayInBerlin } from '../src/lib/time.ts'
import { timelineSteps } from '../src/views/groups/stage-timeline.ts'
import { FRITZ, KORA, historyEntry } from './group-fixtures.ts'

describe('durationBetween()', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', { unit: 'day', count: 0 }],
    ['2026-03-01T10:00:00Z', '2026-03-02T09:59:59Z', { unit: 'day', count: 0 }],
    ['2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z', { unit: 'day', count: 1 }],
    ['2026-03-01T10:00:00Z', '2026-03-14T10:00:00Z', { unit: 'day', count: 13 }],
    ['2026-03-01T10:00:00Z', '2026-03-15T10:00:00Z', { unit: 'week', count: 2 }],
    ['2026-03-01T10:00:00Z', '2026-04-30T10:00:00Z', { unit: 'week', count: 8 }],
    ['2026-03-01T10:00:00Z', '2026-05-01T10:00:00Z', { unit: 'month', count: 2 }],
    ['2026-01-31T10:00:00Z', '2026-03-30T10:00:00Z', { unit: 'week', count: 8 }],
    ['2026-01-10T09:00:00Z', '2026-04-09T09:00:00Z', { unit: 'month', count: 2 }],
    ['2026-01-10T09:00:00Z', '2026-04-10T09:00:00Z', { unit: 'month', count: 3 }],
    ['2024-03-01T10:00:00Z', '2026-02-28T10:00:00Z', { unit: 'month', count: 23 }],
    ['2024-03-01T10:00:00Z', '2026-03-01T10:00:00Z', { unit: 'year', count: 2 }],
    ['2020-06-15T10:00:00Z', '2026-06-14T10:00:00Z', { unit: 'year', count: 5 }],
  ])('%s → %s is %o', (from, to, expected) => {
    expect(durationBetween(from, to)).toEqual(expected)
  })

  it('counts a span that runs backwards (clock skew) as less than a day', () => {
    expect(durationBetween('2026-03-01T10:00:05Z', '2026-03-01T10:00:00Z')).toEqual({ unit: 'day', count: 0 })
  })

  it('does not count a month before its day and time have come round', () => {
    expect(durationBetween('2026-01-10T12:00:00Z', '2026-03-10T11:59:59Z')).toEqual({ unit: 'week', count: 8 })
    expect(durationBetween('2026-01-10T12:00:00Z', '2026-03-10T12:00:00Z')).toEqual({ unit: 'month', count: 2 })
  })
})

describe('todayInBerlin()', () => {
  it('is the calendar day in Dresden, not in UTC', () => {
    expect(todayInBerlin(new Date('2026-03-01T22:30:00Z'))).toBe('2026-03-01')
    expect(todayInBerlin(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02')
    expect(todayInBerlin(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01')
    expect(todayInBerlin(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02')
  })
})

describe('timelineSteps()', () => {
  const now = new Date('2026-06-20T12:00:00Z')

  it('measures each stage from its change to the next one, and the current stage until now', () => {
    const steps = timelineSteps(
      [
        historyEntry({ from: null, to: 'orientation', at: '2026-01-10T09:00:00Z', by: FRITZ }),
        historyEntry({ from: 'orientation', to: 'concept', at: '2026-01-20T09:00:00Z', by: KORA }),
        historyEntry({ from: 'concept', to: 'expert', at: '2026-04-20T09:00:00Z', by: KORA }),
      ],
      now,
    )

    expect(steps.map(({ to, move, stayed, current }) => ({ to, move, stayed, current }))).toEqual([
      { to: 'orientation', move: 'opened', stayed: { unit: 'day', count: 10 }, current: false },
      { to: 'concept', move: 'forward', stayed: { unit: 'month', count: 3 }, current: false },
      { to: 'expert', move: 'forward', stayed: { unit: 'month', count: 2 }, current: true },
    ])
    expect(steps[1]).toMatchObject({ from: 'orientation', by: KORA, reason: null, at: '2026-01-20T09:00:00Z' })
  })

  it('marks skipped stages and moves back, with their reasons', () => {
    const steps = timelineSteps(
      [
        historyEntry({ from: null, to: 'orientation', at: '2026-01-10T09:00:00Z' }),
        historyEntry({ from: 'orientation', to: 'expert', at: '2026-02-10T09:00:00Z', by: KORA, reason: 'Konzept lag bereits vor' }),
        historyEntry({ from: 'expert', to: 'concept', at: '2026-06-19T12:00:00Z', by: KORA, reason: 'Finanzierung neu planen' }),
      ],
      now,
    )

    expect(steps.map((s) => [s.move, s.reason, s.stayed])).toEqual([
      ['opened', null, { unit: 'week', count: 4 }],
      ['skip', 'Konzept lag bereits vor', { unit: 'month', count: 4 }],
      ['back', 'Finanzierung neu planen', { unit: 'day', count: 1 }],
    ])
  })

  it('gives a group opened a moment ago less than a day in its first stage', () => {
    expect(timelineSteps([historyEntry({ at: '2026-06-20T11:59:00Z' })], now)).toEqual([
      { ...historyEntry({ at: '2026-06-20T11:59:00Z' }), move: 'opened', stayed: { unit: 'day', count: 0 }, current: true },
    ])
  })

  it('has no steps without history', () => {
    expect(timelineSteps([], now)).toEqual([])
  })
})
