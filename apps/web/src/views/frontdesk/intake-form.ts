import {
  TARGET_GROUPS,
  TOPICS,
  type Inquiry,
  type InquiryChannel,
  type InquiryCreate,
  type InquiryPatch,
  type Language,
  type OfferListQuery,
  type TargetGroup,
  type Topic,
} from '@wohnlotse/shared'
import { berlinMinute, berlinMinuteToIso } from '@wohnlotse/shared'

/**
 * The take-an-inquiry form (Erstkontakt) as plain data, and how it becomes the requests: the offer search for
 * the suggestions, the inquiry to create, and the corrections to send once it exists.
 */
export interface IntakeForm {
  channel: InquiryChannel
  /**
   * Dresden wall-clock time to the minute, `2026-06-20T14:05`: the German date field's day and the time
   * field's hh:mm joined by "T" (either part may be half-typed text, which the API then refuses).
   */
  receivedAt: string
  name: string
  /** Phone number or e-mail address, as the person gives it. */
  contact: string
  topics: Topic[]
  targetGroups: TargetGroup[]
  /** '' for "not asked": most calls are in German and need no entry. */
  language: Language | ''
  notes: string
}

/** Most inquiries arrive by phone, now. */
export function emptyIntake(now: Date = new Date()): IntakeForm {
  return { channel: 'phone', receivedAt: berlinMinute(now), name: '', contact: '', topics: [], targetGroups: [], language: '', notes: '' }
}

/** The receipt time's two fields: the ISO day (or typed text) and hh:mm (or typed text). */
export function receivedParts(receivedAt: string): { day: string; time: string } {
  const at = receivedAt.indexOf('T')
  return at < 0 ? { day: receivedAt, time: '' } : { day: receivedAt.slice(0, at), time: receivedAt.slice(at + 1) }
}

export const withReceivedDay = (receivedAt: string, day: string) => `${day}T${receivedParts(receivedAt).time}`
export const withReceivedTime = (receivedAt: string, time: string) => `${receivedParts(receivedAt).day}T${time}`

/**
 * The receipt time to send: the ISO timestamp, or — when day or time is no valid value — the text as typed,
 * so that the API refuses it at /receivedAt (and the form shows it there) instead of "now" being saved.
 */
function receivedAtToSend(receivedAt: string): string {
  return berlinMinuteToIso(receivedAt) ?? receivedAt
}

/** Values in the order of their reference list, without repeats: the same choice always reads the same. */
function inOrder<T extends string>(values: readonly T[], order: readonly T[]): T[] {
  return order.filter((value) => values.includes(value))
}

/**
 * What the suggested offers are ranked by: the form's topics, target groups and language. Name, contact and
 * notes never leave for an offer search.
 */
export function suggestionQuery(form: Pick<IntakeForm, 'topics' | 'targetGroups' | 'language'>): OfferListQuery {
  const topics = inOrder(form.topics, TOPICS)
  const targetGroups = inOrder(form.targetGroups, TARGET_GROUPS)
  return {
    ...(topics.length ? { topic: topics } : {}),
    ...(targetGroups.length ? { targetGroup: targetGroups } : {}),
    ...(form.language ? { language: form.language } : {}),
  }
}

const text = (value: string): string | undefined => value.trim() || undefined

/** The inquiry as the API creates it; blank fields are left out (anonymous inquiries are normal). */
export function toInquiryCreate(form: IntakeForm): InquiryCreate {
  const receivedAt = receivedAtToSend(form.receivedAt)
  const name = text(form.name)
  const contact = text(form.contact)
  const notes = text(form.notes)
  const targetGroups = inOrder(form.targetGroups, TARGET_GROUPS)
  return {
    channel: form.channel,
    ...(receivedAt ? { receivedAt } : {}),
    ...(name ? { name } : {}),
    ...(contact ? { contact } : {}),
    topics: inOrder(form.topics, TOPICS),
    ...(targetGroups.length ? { targetGroups } : {}),
    ...(form.language ? { language: form.language } : {}),
    ...(notes ? { notes } : {}),
  }
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i])

/**
 * What changed in the form since the inquiry was saved, as a PATCH body; null when nothing did. Cleared
 * optional fields are sent as null.
 */
export function inquiryPatch(form: IntakeForm, saved: Inquiry): InquiryPatch | null {
  const patch: InquiryPatch = {}
  const wanted = toInquiryCreate(form)
  if (wanted.channel !== saved.channel) patch.channel = wanted.channel
  if (wanted.receivedAt && form.receivedAt !== berlinMinute(saved.receivedAt)) patch.receivedAt = wanted.receivedAt
  if ((wanted.name ?? null) !== saved.name) patch.name = wanted.name ?? null
  if ((wanted.contact ?? null) !== saved.contact) patch.contact = wanted.contact ?? null
  if (!same(wanted.topics, inOrder(saved.topics, TOPICS))) patch.topics = wanted.topics
  if (!same(wanted.targetGroups ?? [], inOrder(saved.targetGroups, TARGET_GROUPS))) patch.targetGroups = wanted.targetGroups ?? []
  if ((wanted.language ?? null) !== saved.language) patch.language = wanted.language ?? null
  if ((wanted.notes ?? null) !== saved.notes) patch.notes = wanted.notes ?? null
  return Object.keys(patch).length ? patch : null
}
