import type { Consultation, Contact, Group, StageHistoryEntry } from '@wohnlotse/shared'

/** Made-up groups and people for the SPA's tests; ids are fixed so that routes can name them. */

export const GROUP_ID = '11111111-1111-4111-8111-111111111111'
export const KORA = { id: '00000000-0000-4000-8000-000000000001', name: 'Kora Koordinatorin' }
export const FRITZ = { id: '00000000-0000-4000-8000-000000000002', name: 'Fritz Empfang' }

export function group(overrides: Partial<Group> = {}): Group {
  return {
    id: GROUP_ID,
    name: 'Wohnhof Hechtviertel',
    description: 'Zwölf Haushalte suchen ein Haus mit Hof.',
    legalForm: 'verein',
    district: 'neustadt',
    targetGroups: ['families', 'multi_generation'],
    languages: ['de'],
    plannedHomes: 12,
    lifecycle: 'planning',
    stage: 'orientation',
    stageSince: '2026-01-10T09:00:00.000Z',
    status: 'active',
    createdAt: '2026-01-10T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  }
}

export function historyEntry(overrides: Partial<StageHistoryEntry> = {}): StageHistoryEntry {
  return { from: null, to: 'orientation', at: '2026-01-10T09:00:00.000Z', by: FRITZ, reason: null, ...overrides }
}

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    groupId: GROUP_ID,
    name: 'Lena Hartmann',
    email: 'lena.hartmann@example.org',
    phone: null,
    role: 'Sprecherin',
    since: '2026-01-10',
    until: null,
    consentAt: '2026-01-10',
    createdAt: '2026-01-10T09:00:00.000Z',
    updatedAt: '2026-01-10T09:00:00.000Z',
    ...overrides,
  }
}

export function consultation(overrides: Partial<Consultation> = {}): Consultation {
  return {
    id: '33333333-3333-4333-8333-333333333333',
    groupId: GROUP_ID,
    date: '2026-02-01',
    minutes: 60,
    channel: 'in_person',
    language: 'de',
    topics: ['orientation', 'group_building'],
    notes: 'Erstgespräch mit drei Gründungsmitgliedern.',
    notesHidden: false,
    stage: 'orientation',
    by: FRITZ,
    createdAt: '2026-02-01T10:00:00.000Z',
    ...overrides,
  }
}
