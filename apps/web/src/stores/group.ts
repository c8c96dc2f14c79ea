import type {
  Consultation,
  ConsultationCreate,
  Contact,
  ContactCreate,
  ContactPatch,
  Group,
  StageChange,
  StageHistoryEntry,
  StatusChange,
  StatusHistoryEntry,
} from '@wohnlotse/shared'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as groupsApi from '../api/groups.ts'
import { ApiError } from '../api/http.ts'

export type GroupLoadState = 'idle' | 'loading' | 'ready' | 'notFound' | 'failed'

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}

/**
 * The group open on the detail page, with its stage and status histories, contact persons and consultations. The
 * page's parts change it through the actions here, which keep the pieces consistent (a stage or status change also
 * renews its history).
 * Actions throw the ApiError of a refused change; the part that asked shows it.
 */
export const useGroupStore = defineStore('group', () => {
  /** The open group; null until loaded and when it could not be. */
  const group = ref<Group | null>(null)
  /** Every stage change, oldest first; the first one opened the case. */
  const history = ref<StageHistoryEntry[]>([])
  /** Every status change (paused, closed, reactivated), oldest first; empty while the group was always active. */
  const statusHistory = ref<StatusHistoryEntry[]>([])
  /** Current contact persons first (the API's order). */
  const contacts = ref<Contact[]>([])
  /** Newest first. */
  const consultations = ref<Consultation[]>([])
  const state = ref<GroupLoadState>('idle')
  /** Why loading failed, when `state` is `failed`. */
  const failure = ref<unknown>(null)

  let loading: AbortController | null = null

  function requireId(): string {
    if (!group.value) throw new Error('no group is open')
    return group.value.id
  }

  /** Loads a group and everything the detail page shows of it. A group the user may not see counts as not found. */
  async function open(id: string): Promise<void> {
    loading?.abort()
    const controller = new AbortController()
    loading = controller
    state.value = 'loading'
    failure.value = null
    if (group.value?.id !== id) {
      group.value = null
      history.value = []
      statusHistory.value = []
      contacts.value = []
      consultations.value = []
    }
    try {
      const [g, h, s, c, k] = await Promise.all([
        groupsApi.getGroup(id, controller.signal),
        groupsApi.stageHistory(id, controller.signal),
        groupsApi.statusHistory(id, controller.signal),
        groupsApi.listContacts(id, controller.signal),
        groupsApi.listConsultations(id, controller.signal),
      ])
      group.value = g
      history.value = h
      statusHistory.value = s
      contacts.value = c
      consultations.value = k
      state.value = 'ready'
    } catch (err) {
      if (isAbort(err)) return
      group.value = null
      // A malformed id (400) is as much "not there" as an unknown one.
      const missing = err instanceof ApiError && (err.code === 'NOT_FOUND' || err.status === 400)
      state.value = missing ? 'notFound' : 'failed'
      failure.value = missing ? null : err
    } finally {
      if (loading === controller) loading = null
    }
  }

  /** Leaves the page: pending loads are dropped. */
  function close(): void {
    loading?.abort()
    loading = null
  }

  async function changeStage(change: StageChange): Promise<void> {
    const id = requireId()
    group.value = await groupsApi.changeStage(id, change)
    history.value = await groupsApi.stageHistory(id)
  }

  async function changeStatus(change: StatusChange): Promise<void> {
    const id = requireId()
    group.value = await groupsApi.changeStatus(id, change)
    statusHistory.value = await groupsApi.statusHistory(id)
  }

  /** Answers the new contact, e.g. to record the consents given with it. */
  async function addContact(body: ContactCreate): Promise<Contact> {
    const id = requireId()
    const contact = await groupsApi.addContact(id, body)
    contacts.value = await groupsApi.listContacts(id)
    return contact
  }

  async function updateContact(contactId: string, patch: ContactPatch): Promise<void> {
    const id = requireId()
    await groupsApi.updateContact(id, contactId, patch)
    contacts.value = await groupsApi.listContacts(id)
  }

  async function removeContact(contactId: string): Promise<void> {
    const id = requireId()
    await groupsApi.removeContact(id, contactId)
    contacts.value = contacts.value.filter((c) => c.id !== contactId)
  }

  async function addConsultation(body: ConsultationCreate): Promise<void> {
    const id = requireId()
    await groupsApi.addConsultation(id, body)
    consultations.value = await groupsApi.listConsultations(id)
  }

  return {
    group,
    history,
    statusHistory,
    contacts,
    consultations,
    state,
    failure,
    open,
    close,
    changeStage,
    changeStatus,
    addContact,
    updateContact,
    removeContact,
    addConsultation,
  }
})
