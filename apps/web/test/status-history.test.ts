import type { StatusHistoryEntry } from '@wohnlotse/shared'
import { describe, expect, it } from 'vitest'
import { currentStatusChange, statusSteps } from '../src/views/groups/status-history.ts'
import { KORA } from './group-fixtures.ts'

function change(overrides: Partial<StatusHistoryEntry> = {}): StatusHistoryEntry {
  return { from: 'active', to: 'paused', at: '2026-06-15T10:00:00.000Z', by: KORA, reason: 'Grundstückssuche ruht', closeReason: null, ...overrides }
}

describe('statusSteps()', () => {
  it('keeps the order and names the previous status only where it was not active', () => {
    const history = [
      change(),
      change({ from: 'paused', to: 'closed', at: '2026-06-16T10:00:00.000Z', reason: 'aufgelöst' }),
      change({ from: 'closed', to: 'active', at: '2026-06-18T10:00:00.000Z', by: null, reason: null }),
      change({ from: 'active', to: 'closed', at: '2026-06-19T10:00:00.000Z', reason: 'Projekt verwirklicht' }),
    ]
    expect(statusSteps(history)).toEqual([
      { ...history[0], previous: null },
      { ...history[1], previous: 'paused' },
      { ...history[2], previous: 'closed' },
      { ...history[3], previous: null },
    ])
  })

  it('is empty for a group that was always active', () => {
    expect(statusSteps([])).toEqual([])
  })
})

describe('currentStatusChange()', () => {
  it('gives the latest change for a paused or closed group', () => {
    const closing = change({ from: 'paused', to: 'closed', at: '2026-06-16T10:00:00.000Z', reason: 'aufgelöst' })
    expect(currentStatusChange('paused', [change()])).toEqual(change())
    expect(currentStatusChange('closed', [change(), closing])).toEqual(closing)
  })

  it('gives nothing for an active group, even one that was paused before', () => {
    expect(currentStatusChange('active', [change(), change({ from: 'paused', to: 'active' })])).toBeNull()
  })

  it('makes nothing up when the history does not lead to the current status', () => {
    expect(currentStatusChange('paused', [])).toBeNull()
    expect(currentStatusChange('closed', [change()])).toBeNull()
  })
})
