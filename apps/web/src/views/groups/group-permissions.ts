import type { Group, Role } from '@wohnlotse/shared'

/**
 * What a role may do with groups, as the API allows it (apps/api/src/routes/api/groups). The screens show only
 * the controls a person can use; the API decides in the end.
 */
export interface GroupPermissions {
  create: boolean
  edit: boolean
  changeStage: boolean
  changeStatus: boolean
  addContact: boolean
  editContact: boolean
  /** Front-desk staff log only Orientierungsberatung (Stufe I). */
  logConsultation: boolean
}

export function groupPermissions(role: Role | undefined, group?: Pick<Group, 'stage'> | null): GroupPermissions {
  const coordinator = role === 'coordinator'
  const opener = coordinator || role === 'frontdesk'
  return {
    create: opener,
    edit: coordinator,
    changeStage: coordinator,
    changeStatus: coordinator,
    addContact: opener,
    editContact: coordinator,
    logConsultation: coordinator || (role === 'frontdesk' && group?.stage === 'orientation'),
  }
}
