/**
 * The audit trail's action codes and entity types in words. The API records them as plain strings
 * (`grep -r "action: '" apps/api/src`); codes this list does not know yet are shown as they are, so a new
 * action never hides an entry.
 */

export const AUDIT_ACTIONS = [
  'user.create',
  'user.update',
  'user.password',
  'user.password_reset',
  'auth.login',
  'auth.logout',
  'group.create',
  'group.update',
  'group.stage',
  'group.status',
  'contact.create',
  'contact.update',
  'contact.delete',
  'consultation.create',
  'contract.create',
  'contract.update',
  'budget.put',
  'settings.update',
  'grant.create',
  'grant.top_up',
  'grant.close',
  'time_entry.create',
  'time_entry.update',
  'time_entry.delete',
  'time_entry.approve',
  'time_entry.reject',
  'statement.finalize',
  'offer.create',
  'offer.update',
  'inquiry.create',
  'inquiry.update',
  'inquiry.close',
  'inquiry.convert',
  'inquiry.refer',
  'referral.create',
  'referral.update',
  'referral.outcome',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** The entity filter's choices, in the order of the office's work. */
export const AUDIT_ENTITIES = [
  'user',
  'group',
  'contact',
  'consultation',
  'inquiry',
  'referral',
  'offer',
  'contract',
  'advisor_budget',
  'grant',
  'time_entry',
  'statement',
  'settings',
] as const
export type AuditEntity = (typeof AUDIT_ENTITIES)[number]

export function isAuditEntity(value: unknown): value is AuditEntity {
  return typeof value === 'string' && (AUDIT_ENTITIES as readonly string[]).includes(value)
}

type Translate = (key: string) => string

/** "group.stage" → "Stufe geändert"; an unknown code comes back as it is. */
export function actionPhrase(code: string, t: Translate): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(code) ? t(`admin.audit.actions.${code}`) : code
}

/** "time_entry" → "Stundennachweis"; an unknown type comes back as it is. */
export function entityLabel(entity: string, t: Translate): string {
  return isAuditEntity(entity) ? t(`admin.audit.entities.${entity}`) : entity
}
