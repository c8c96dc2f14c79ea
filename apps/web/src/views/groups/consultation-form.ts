import {
  TOPICS,
  type ConsultationChannel,
  type Language,
  type Topic,
  ConsultationCreate,
} from '@wohnlotse/shared'
import type { FieldErrors } from '../../lib/field-errors.ts'
import { isIsoDate } from '../../lib/german-date.ts'
import { limitsOf } from '../../lib/schema-limits.ts'

/** The form for logging a consultation. Its limits are the API's own (ConsultationCreate). */

export const CONSULTATION_FORM_FIELDS = ['date', 'minutes', 'channel', 'language', 'topics', 'notes'] as const
export type ConsultationFormField = (typeof CONSULTATION_FORM_FIELDS)[number]

export interface ConsultationFormValues {
  /** YYYY-MM-DD; today by default. */
  date: string
  /** As typed. */
  minutes: string
  channel: ConsultationChannel | ''
  language: Language | ''
  topics: Topic[]
  notes: string
}

export const MINUTES_MIN = limitsOf(ConsultationCreate, 'minutes').min!
export const MINUTES_MAX = limitsOf(ConsultationCreate, 'minutes').max!
export const NOTES_MAX = limitsOf(ConsultationCreate, 'notes').maxlength!

export function emptyConsultationForm(today: string): ConsultationFormValues {
  return { date: today, minutes: '', channel: '', language: 'de', topics: [], notes: '' }
}

export function consultationFieldMessage(field: ConsultationFormField): string {
  return `groups.consultations.invalid.${field}`
}

export function validateConsultationForm(values: ConsultationFormValues, today: string): FieldErrors<ConsultationFormField> {
  const errors: FieldErrors<ConsultationFormField> = {}
  if (!values.date) errors.date = 'groups.consultations.errors.dateRequired'
  else if (!isIsoDate(values.date)) errors.date = 'dateField.invalid'
  else if (values.date > today) errors.date = 'groups.consultations.errors.dateInFuture'
  const minutes = values.minutes.trim()
  if (!minutes) errors.minutes = 'groups.consultations.errors.minutesRequired'
  else if (!/^\d+$/.test(minutes) || Number(minutes) < MINUTES_MIN || Number(minutes) > MINUTES_MAX) {
    errors.minutes = 'groups.consultations.errors.minutesRange'
  }
  if (!values.channel) errors.channel = 'groups.consultations.errors.channelRequired'
  if (values.notes.trim().length > NOTES_MAX) errors.notes = 'groups.consultations.errors.notesTooLong'
  return errors
}

/** Call only after `validateConsultationForm` found nothing. */
export function toConsultationCreate(values: ConsultationFormValues): ConsultationCreate {
  const body: ConsultationCreate = {
    date: values.date,
    minutes: Number(values.minutes.trim()),
    channel: values.channel as ConsultationChannel,
    topics: TOPICS.filter((topic) => values.topics.includes(topic)),
  }
  if (values.language) body.language = values.language
  const notes = values.notes.trim()
  if (notes) body.notes = notes
  return body
}
