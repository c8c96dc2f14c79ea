import {
  type TimeEntry,
  type TimeEntryActivity,
  type TimeEntryPatch,
  TimeEntryCreate,
} from '@wohnlotse/shared'
import { ApiError } from '../../api/http.ts'
import type { FieldErrors } from '../../lib/field-errors.ts'
import { isIsoDate } from '../../lib/german-date.ts'
import { quarterHours } from '../../lib/money-hours.ts'
import { limitsOf } from '../../lib/schema-limits.ts'

/** The advisor's form for logging (or changing) hours. Limits mirror packages/shared/src/fachberatung.ts. */

export const TIME_ENTRY_FORM_FIELDS = ['date', 'minutes', 'activity', 'description'] as const
export type TimeEntryFormField = (typeof TIME_ENTRY_FORM_FIELDS)[number]

/** 0,25 Std. … 10,0 Std.: an entry is whole quarter hours, at most ten hours. No free-text minutes. */
export const DURATION_OPTIONS = quarterHours(600)
export const DEFAULT_MINUTES = 60
export const DESCRIPTION_MAX = limitsOf(TimeEntryCreate, 'description').maxlength!

export interface TimeEntryFormValues {
  /** YYYY-MM-DD; today by default. */
  date: string
  minutes: number
  activity: TimeEntryActivity
  description: string
}

export function newTimeEntryForm(today: string): TimeEntryFormValues {
  return { date: today, minutes: DEFAULT_MINUTES, activity: 'consultation', description: '' }
}

export function timeEntryFormOf(entry: TimeEntry): TimeEntryFormValues {
  return { date: entry.date, minutes: entry.minutes, activity: entry.activity, description: entry.description ?? '' }
}

export function validateTimeEntryForm(values: TimeEntryFormValues, today: string): FieldErrors<TimeEntryFormField> {
  const errors: FieldErrors<TimeEntryFormField> = {}
  if (!values.date) errors.date = 'advisor.log.errors.dateRequired'
  else if (!isIsoDate(values.date)) errors.date = 'dateField.invalid'
  else if (values.date > today) errors.date = 'advisor.log.errors.dateInFuture'
  if (!DURATION_OPTIONS.includes(values.minutes)) errors.minutes = 'advisor.log.errors.minutes'
  if (values.description.trim().length > DESCRIPTION_MAX) errors.description = 'advisor.log.errors.descriptionTooLong'
  return errors
}

export function timeEntryFieldMessage(field: TimeEntryFormField): string {
  return `advisor.log.invalid.${field}`
}

export function toTimeEntryCreate(values: TimeEntryFormValues): TimeEntryCreate {
  const body: TimeEntryCreate = { date: values.date, minutes: values.minutes, activity: values.activity }
  const description = values.description.trim()
  if (description) body.description = description
  return body
}

/** Only what changed; an emptied description is cleared with null. */
export function toTimeEntryPatch(values: TimeEntryFormValues, entry: TimeEntry): TimeEntryPatch {
  const patch: TimeEntryPatch = {}
  if (values.date !== entry.date) patch.date = values.date
  if (values.minutes !== entry.minutes) patch.minutes = values.minutes
  if (values.activity !== entry.activity) patch.activity = values.activity
  const description = values.description.trim() || null
  if (description !== entry.description) patch.description = description
  return patch
}

/**
 * How many minutes are left on the grant, from a GRANT_EXCEEDED answer (`details: [{ path: '/minutes',
 * message: 'remainingMinutes=30' }]`); null for any other failure or an answer without the number.
 */
export function remainingFromError(err: unknown): number | null {
  if (!(err instanceof ApiError) || err.code !== 'GRANT_EXCEEDED') return null
  for (const detail of err.details) {
    const match = /remainingMinutes=(\d+)/.exec(detail.message)
    if (match) return Number(match[1])
  }
  return null
}
