import Type, { type Static } from 'typebox'
import { ActorRef, NextCursor, Timestamp, Uuid } from './common.ts'

export const AuditEntry = Type.Object({
  id: Uuid,
  /** Null for changes made by the system itself (seed, migrations, the create-admin command). */
  actor: Type.Union([ActorRef, Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Uuid, Type.Null()]),
  at: Timestamp,
  before: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  after: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
})
export type AuditEntry = Static<typeof AuditEntry>

/**
 * The only audit entities an administrator may read: accounts, roles, sessions and settings. Everything else is
 * case data (groups, contacts, consultations, inquiries, money) and belongs to coordinators.
 */
export const ACCOUNT_AUDIT_ENTITIES = ['user', 'session', 'settings'] as const

export const AuditQuery = Type.Object(
  {
    entity: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    entityId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type AuditQuery = Static<typeof AuditQuery>

export const AuditList = Type.Object({ items: Type.Array(AuditEntry), nextCursor: NextCursor })
export type AuditList = Static<typeof AuditList>

/**
 * The answer of `GET /api/audit/verify`: the hash chain of the audit recomputed from the first row to the last.
 * A row whose content, hash or link to its predecessor does not match breaks the chain from there on.
 */
export const AuditVerification = Type.Object(
  {
    intact: Type.Boolean({ description: 'Every row matches its hash and links to the row before it.' }),
    checked: Type.Integer({ minimum: 0, description: 'Rows recomputed.' }),
    firstBrokenSeq: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'The sequence number of the first row where the chain breaks (rows removed at the end: the last row the chain remembers); null when intact.',
    }),
  },
  { additionalProperties: false, examples: [{ intact: true, checked: 1520, firstBrokenSeq: null }] },
)
export type AuditVerification = Static<typeof AuditVerification>
