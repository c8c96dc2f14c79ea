import { describe, expect, it } from 'vitest'
import {
  NO_FILTERS,
  countsQuery,
  filtersFromRoute,
  hasFilters,
  listQuery,
  routeQuery,
  viewFromRoute,
} from '../src/views/groups/group-filters.ts'

describe('filtersFromRoute()', () => {
  it('reads every filter from the address', () => {
    expect(
      filtersFromRoute({ q: 'Hof', stage: 'concept', status: 'paused', district: 'schoenfeld_weissig', targetGroup: 'seniors' }),
    ).toEqual({ q: 'Hof', stage: 'concept', status: 'paused', district: 'schoenfeld_weissig', targetGroup: 'seniors' })
  })

  it('ignores values that are not on the lists, and repeated parameters beyond the first', () => {
    expect(filtersFromRoute({ stage: 'stufe-4', status: ['closed', 'active'], district: 'Neustadt', targetGroup: null })).toEqual({
      q: '',
      stage: null,
      status: 'closed',
      district: null,
      targetGroup: null,
    })
  })

  it('cuts a search to the 100 characters the API accepts', () => {
    expect(filtersFromRoute({ q: 'x'.repeat(150) }).q).toHaveLength(100)
  })
})

describe('viewFromRoute()', () => {
  it('is the board only when asked for', () => {
    expect([viewFromRoute({ view: 'board' }), viewFromRoute({}), viewFromRoute({ view: 'kanban' })]).toEqual(['board', 'list', 'list'])
  })
})

describe('routeQuery()', () => {
  it('leaves out empty filters and the default view, and trims the search', () => {
    expect(routeQuery({ ...NO_FILTERS, q: '  Hof  ', district: 'cotta' }, 'list')).toEqual({ q: 'Hof', district: 'cotta' })
    expect(routeQuery({ ...NO_FILTERS, q: '   ' }, 'board')).toEqual({ view: 'board' })
    expect(routeQuery(NO_FILTERS, 'list')).toEqual({})
  })

  it('round-trips through the address', () => {
    const filters = { q: 'Elbe', stage: 'expert', status: 'active', district: 'pieschen', targetGroup: 'families' } as const
    expect(filtersFromRoute(routeQuery(filters, 'list') as Record<string, string>)).toEqual(filters)
  })
})

describe('listQuery() and countsQuery()', () => {
  const filters = { q: ' Hof ', stage: 'concept', status: 'active', district: 'neustadt', targetGroup: 'seniors' } as const

  it('sends every filter, with the search trimmed', () => {
    expect(listQuery(filters)).toEqual({ q: 'Hof', status: 'active', district: 'neustadt', targetGroup: 'seniors', stage: 'concept' })
  })

  it('adds page size and cursor, and lets a board column ask for its own stage', () => {
    expect(listQuery(filters, { limit: 20, cursor: 'abc', stage: 'expert' })).toEqual({
      q: 'Hof',
      status: 'active',
      district: 'neustadt',
      targetGroup: 'seniors',
      stage: 'expert',
      limit: 20,
      cursor: 'abc',
    })
  })

  it('sends no empty search (the API refuses q=) and no null filters', () => {
    expect(listQuery({ ...NO_FILTERS, q: '  ' })).toEqual({})
    expect(listQuery(NO_FILTERS, { cursor: null })).toEqual({})
  })

  it('counts without the stage filter, since the counts are per stage', () => {
    expect(countsQuery(filters)).toEqual({ q: 'Hof', status: 'active', district: 'neustadt', targetGroup: 'seniors' })
    expect(countsQuery({ ...NO_FILTERS, stage: 'expert' })).toEqual({})
  })
})

describe('hasFilters()', () => {
  it('is true as soon as anything narrows the list', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false)
    expect(hasFilters({ ...NO_FILTERS, q: '  ' })).toBe(false)
    expect(hasFilters({ ...NO_FILTERS, stage: 'orientation' })).toBe(true)
    expect(hasFilters({ ...NO_FILTERS, q: 'x' })).toBe(true)
  })
})
