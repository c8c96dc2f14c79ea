import type { Contract, Grant, TimeEntry } from '@wohnlotse/shared'

/** Fachberatung test data: one advisor's grant on one group, and entries against it. */

export const GRANT_ID = '11111111-1111-4111-8111-111111111111'
export const GROUP_ID = '22222222-2222-4222-8222-222222222222'
export const CONTRACT_ID = '33333333-3333-4333-8333-333333333333'
export const MIRIAM = '44444444-4444-4444-8444-444444444444'
export const PAUL = '55555555-5555-4555-8555-555555555555'

export function grant(overrides: Partial<Grant> = {}): Grant {
  return {
    id: GRANT_ID,
    groupId: GROUP_ID,
    groupName: 'Genossenschaftsinitiative Elbwiese',
    contractId: CONTRACT_ID,
    contractNumber: 'RV-2025-01',
    advisorId: MIRIAM,
    advisorName: 'Miriam Hoffmann',
    year: 2026,
    purpose: 'Finanzierungskonzept',
    grantedMinutes: 600,
    submittedMinutes: 45,
    approvedMinutes: 270,
    remainingMinutes: 285,
    committedCents: 90_000,
    status: 'active',
    createdAt: '2026-02-01T09:00:00.000Z',
    ...overrides,
  }
}

let sequence = 0

export function timeEntry(overrides: Partial<TimeEntry> = {}): TimeEntry {
  sequence += 1
  return {
    id: `66666666-6666-4666-8666-${String(sequence).padStart(12, '0')}`,
    grantId: GRANT_ID,
    groupId: GROUP_ID,
    groupName: 'Genossenschaftsinitiative Elbwiese',
    advisorId: MIRIAM,
    advisorName: 'Miriam Hoffmann',
    date: '2026-03-10',
    minutes: 90,
    activity: 'consultation',
    description: 'Finanzierungsplan besprochen',
    status: 'submitted',
    rejectionReason: null,
    billed: false,
    billingMonth: overrides.status === 'approved' ? (overrides.date ?? '2026-03-10').slice(0, 7) : null,
    grant: { purpose: 'Finanzierungskonzept', grantedMinutes: 600, approvedMinutes: 270, submittedMinutes: 45 },
    createdAt: '2026-03-10T15:00:00.000Z',
    ...overrides,
  }
}

export function contract(overrides: Partial<Contract> = {}): Contract {
  return {
    id: CONTRACT_ID,
    advisorId: MIRIAM,
    advisorName: 'Miriam Hoffmann',
    number: 'RV-2025-01',
    validFrom: '2025-01-01',
    validUntil: '2026-12-31',
    hourlyRateCents: 9000,
    vatRatePercent: 19,
    expertise: ['financing'],
    maxMinutes: 12_000,
    grantedMinutes: 1320,
    createdAt: '2025-01-01T09:00:00.000Z',
    updatedAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  }
}
