import {
  LANGUAGES,
  TARGET_GROUPS,
  type District,
  type Group,
  type GroupPatch,
  type Language,
  type LegalForm,
  type Lifecycle,
  type TargetGroup,
  GroupCreate,
} from '@wohnlotse/shared'
import type { FieldErrors } from '../../lib/field-errors.ts'
import { limitsOf } from '../../lib/schema-limits.ts'

/**
 * The create/edit form of a group: the values as the inputs hold them, the checks before sending (German
 * messages as i18n keys), and the API bodies. Limits mirror packages/shared/src/group.ts.
 */

/** In the order the form shows them: the first invalid one gets the focus. */
export const GROUP_FORM_FIELDS = [
  'name',
  'description',
  'legalForm',
  'district',
  'plannedHomes',
  'lifecycle',
  'targetGroups',
  'languages',
] as const
export type GroupFormField = (typeof GROUP_FORM_FIELDS)[number]

export interface GroupFormValues {
  name: string
  description: string
  /** '' = not stated. */
  legalForm: LegalForm | ''
  district: District | ''
  targetGroups: TargetGroup[]
  languages: Language[]
  /** As typed, so that "12,5" or "zwölf" can be named as the problem rather than silently dropped. */
  plannedHomes: string
  lifecycle: Lifecycle
}

export const NAME_MAX = limitsOf(GroupCreate, 'name').maxlength!
export const DESCRIPTION_MAX = limitsOf(GroupCreate, 'description').maxlength!
export const PLANNED_HOMES_MAX = limitsOf(GroupCreate, 'plannedHomes').max!

export function emptyGroupForm(): GroupFormValues {
  return {
    name: '',
    description: '',
    legalForm: '',
    district: '',
    targetGroups: [],
    languages: ['de'],
    plannedHomes: '',
    lifecycle: 'initiative',
  }
}

export function groupFormFrom(group: Group): GroupFormValues {
  return {
    name: group.name,
    description: group.description ?? '',
    legalForm: group.legalForm ?? '',
    district: group.district ?? '',
    targetGroups: [...group.targetGroups],
    languages: [...group.languages],
    plannedHomes: group.plannedHomes === null ? '' : String(group.plannedHomes),
    lifecycle: group.lifecycle,
  }
}

/** The message key for a field the API refused (its own messages are English). */
export function groupFieldMessage(field: GroupFormField): string {
  return `groups.form.invalid.${field}`
}

export function validateGroupForm(values: GroupFormValues): FieldErrors<GroupFormField> {
  const errors: FieldErrors<GroupFormField> = {}
  const name = values.name.trim()
  if (!name) errors.name = 'groups.form.errors.nameRequired'
  else if (name.length > NAME_MAX) errors.name = 'groups.form.errors.nameTooLong'
  if (values.description.trim().length > DESCRIPTION_MAX) errors.description = 'groups.form.errors.descriptionTooLong'
  const homes = values.plannedHomes.trim()
  if (homes) {
    if (!/^\d+$/.test(homes) || Number(homes) < 1) errors.plannedHomes = 'groups.form.errors.plannedHomesInteger'
    else if (Number(homes) > PLANNED_HOMES_MAX) errors.plannedHomes = 'groups.form.errors.plannedHomesTooMany'
  }
  return errors
}

/** Checked boxes in the order of the reference list, not in the order they were clicked. */
function inListOrder<T extends string>(selected: readonly T[], list: readonly T[]): T[] {
  return list.filter((value) => selected.includes(value))
}

function plannedHomes(values: GroupFormValues): number | null {
  const homes = values.plannedHomes.trim()
  return homes ? Number(homes) : null
}

/** The body for POST /api/groups: empty optional fields are left out. */
export function toGroupCreate(values: GroupFormValues): GroupCreate {
  const body: GroupCreate = {
    name: values.name.trim(),
    targetGroups: inListOrder(values.targetGroups, TARGET_GROUPS),
    languages: inListOrder(values.languages, LANGUAGES),
    lifecycle: values.lifecycle,
  }
  const description = values.description.trim()
  if (description) body.description = description
  if (values.legalForm) body.legalForm = values.legalForm
  if (values.district) body.district = values.district
  const homes = plannedHomes(values)
  if (homes !== null) body.plannedHomes = homes
  return body
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v))

/**
 * The body for PATCH /api/groups/:id: only what changed, a cleared field as null. Empty when nothing changed
 * (the form then saves nothing, and the audit trail records no empty change).
 */
export function toGroupPatch(values: GroupFormValues, original: Group): GroupPatch {
  const patch: GroupPatch = {}
  const name = values.name.trim()
  if (name !== original.name) patch.name = name
  const description = values.description.trim() || null
  if (description !== original.description) patch.description = description
  const legalForm = values.legalForm || null
  if (legalForm !== original.legalForm) patch.legalForm = legalForm
  const district = values.district || null
  if (district !== original.district) patch.district = district
  if (!sameSet(values.targetGroups, original.targetGroups)) patch.targetGroups = inListOrder(values.targetGroups, TARGET_GROUPS)
  if (!sameSet(values.languages, original.languages)) patch.languages = inListOrder(values.languages, LANGUAGES)
  const homes = plannedHomes(values)
  if (homes !== original.plannedHomes) patch.plannedHomes = homes
  if (values.lifecycle !== original.lifecycle) patch.lifecycle = values.lifecycle
  return patch
}
