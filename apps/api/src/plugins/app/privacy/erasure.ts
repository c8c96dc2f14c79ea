import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { PersonSummary } from '@wohnlotse/shared'
import type { Executor } from '../../../db/client.ts'
import { appError } from '../../../errors.ts'
import { hashPassword } from '../auth/password.ts'
import type { Subject } from './person-ref.ts'
import { eraseMentions, ERASED_TEXT } from './mentions.ts'
import { needlesOf, toIso } from './text-match.ts'


export type Counts = Record<string, number>

const add = (counts: Counts, more: Counts) => {
  for (const [k, v] of Object.entries(more)) counts[k] = (counts[k] ?? 0) + v
}

/**
 * Legal holds (docs/privacy.md): an account whose grant is still active, or whose hours are not yet on a finalised
 * statement, is needed for billing public money and cannot be erased yet. Enquirers and contact persons have no
 * hold: nothing the office must keep depends on their name.
 */
export async function checkLegalHold(tx: Executor, subject: Subject): Promise<void> {
  if (subject.kind !== 'user') return
  const { rows } = await tx.execute<{ open_grants: number; unbilled: number }>(sql`SELECT
      (SELECT count(*)::int FROM grants WHERE advisor_id = ${subject.id} AND status = 'active') AS open_grants,
      (SELECT count(*)::int FROM time_entries WHERE advisor_id = ${subject.id}
         AND (status = 'submitted' OR (status = 'approved' AND statement_id IS NULL))) AS unbilled`)
  const r = rows[0]!
  if (r.open_grants > 0) throw appError('LEGAL_HOLD_OPEN_GRANT', `The account holds ${r.open_grants} active hour grant(s); close them before erasing it`)
  if (r.unbilled > 0) throw appError('LEGAL_HOLD_UNBILLED_HOURS', `The account has ${r.unbilled} time entries not yet on a finalised statement`)
}

/**
 * Removes a person's personal fields everywhere they are stored. What remains are anonymous records: the inquiry
 * (channel, topics, dates, status) and its referrals, the group, consultations, grants and time entries, and an
 * account row without name or address (other rows point at it). The audit needs nothing: it never held the values.
 */
export async function eraseSubject(tx: Executor, subject: Subject, person: PersonSummary): Promise<Counts> {
  const counts: Counts = {}
  const needles = needlesOf([person.name, person.email, person.phone])
  if (subject.kind === 'inquiry') {
    const updated = await tx.execute(sql`UPDATE inquiries SET name = NULL, contact = NULL, notes = NULL,
      close_reason = CASE WHEN close_reason IS NULL THEN NULL ELSE ${ERASED_TEXT} END, updated_at = now() WHERE id = ${subject.id}`)
    counts.inquiries = updated.rowCount ?? 0
    const referrals = await tx.execute(sql`UPDATE referrals SET reason = NULL, outcome_note = NULL, updated_at = now()
      WHERE inquiry_id = ${subject.id} AND (reason IS NOT NULL OR outcome_note IS NOT NULL)`)
    counts.referrals = referrals.rowCount ?? 0
    if (person.groupId) add(counts, await eraseMentions(tx, person.groupId, needles))
  } else if (subject.kind === 'contact') {
    add(counts, await eraseMentions(tx, person.groupId!, needles))
    // The row is the person: it goes, like a contact removed by hand; the group keeps its other contacts.
    const removed = await tx.execute(sql`DELETE FROM group_contacts WHERE id = ${subject.id}`)
    counts.group_contacts = removed.rowCount ?? 0
  } else {
    // Other rows (grants, entries, audit actors) point at the account, so it stays without name, address or secrets.
    const unusable = await hashPassword(randomBytes(32).toString('base64url'))
    const { rows } = await tx.execute<{ email: string }>(sql`SELECT email FROM users WHERE id = ${subject.id}`)
    const oldEmail = rows[0]!.email
    const updated = await tx.execute(sql`UPDATE users SET email = ${`erased-${subject.id}@erased.invalid`}, name = 'Gelöschtes Konto',
      password_hash = ${unusable}, active = false, mfa_secret = NULL, mfa_pending_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL,
      updated_at = now() WHERE id = ${subject.id}`)
    counts.users = updated.rowCount ?? 0
    counts.sessions = (await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${subject.id}`)).rowCount ?? 0
    counts.mfa_recovery_codes = (await tx.execute(sql`DELETE FROM mfa_recovery_codes WHERE user_id = ${subject.id}`)).rowCount ?? 0
    counts.login_attempts = (await tx.execute(sql`DELETE FROM login_attempts WHERE account = ${oldEmail}`)).rowCount ?? 0
  }
  // A restriction has no purpose once nothing is left to restrict.
  counts.privacy_restrictions = (await tx.execute(sql`DELETE FROM privacy_restrictions WHERE subject_kind = ${subject.kind} AND subject_id = ${subject.id}`)).rowCount ?? 0
  return counts
}

export async function recordErasure(tx: Executor, subject: Subject, byId: string | null, reason: string): Promise<{ id: string; erasedAt: string }> {
  const { rows } = await tx.execute<{ id: string; erased_at: unknown }>(sql`INSERT INTO privacy_erasures (subject_kind, subject_id, by_id, reason)
    VALUES (${subject.kind}, ${subject.id}, ${byId}, ${reason}) RETURNING id, erased_at`)
  return { id: rows[0]!.id, erasedAt: toIso(rows[0]!.erased_at) }
}
