import type { AuditEntry, User } from '@wohnlotse/shared'
import { sessionUser } from './helpers.ts'

/** Accounts and audit entries for the administration tests; the signed-in person is `sessionUser()`'s id. */

export const SELF_ID = sessionUser().id

export function account(overrides: Partial<User> = {}): User {
  return {
    id: 'b0000000-0000-4000-8000-000000000001',
    email: 'erika.muster@example.org',
    name: 'Erika Muster',
    role: 'advisor',
    active: true,
    mfaEnabled: false,
    createdAt: '2026-03-02T09:15:00Z',
    updatedAt: '2026-03-02T09:15:00Z',
    ...overrides,
  }
}

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'c0000000-0000-4000-8000-000000000001',
    actor: { id: SELF_ID, name: 'Adam Admin' },
    action: 'user.update',
    entity: 'user',
    entityId: 'b0000000-0000-4000-8000-000000000001',
    at: '2026-06-19T08:30:00Z',
    before: null,
    after: null,
    ...overrides,
  }
}
