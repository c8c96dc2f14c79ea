import { PERSON_REF_PATTERN_SOURCE, type PersonKind } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'

export interface Subject {
  kind: PersonKind
  id: string
}

const PATTERN = new RegExp(PERSON_REF_PATTERN_SOURCE)

/** `contact:<uuid>` → { kind, id }; anything else is 400 INVALID_PERSON_REF (upper-case hex too: one spelling per person). */
export function parseRef(ref: string): Subject {
  if (!PATTERN.test(ref)) throw appError('INVALID_PERSON_REF', 'A person reference is inquiry:, contact: or user: followed by a lower-case UUID')
  const [kind, id] = ref.split(':') as [PersonKind, string]
  return { kind, id }
}

export const refOf = (subject: Subject) => `${subject.kind}:${subject.id}`
