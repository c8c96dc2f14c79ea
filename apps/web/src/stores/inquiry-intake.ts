import type { ConvertedGroup, GroupCreate, Inquiry, Offer, Referral } from '@wohnlotse/shared'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '../api/frontdesk.ts'
import { emptyIntake, inquiryPatch, toInquiryCreate, type IntakeForm } from '../views/frontdesk/intake-form.ts'

/** A referral made during the call, with the offer it went to (its contact card is read out from it). */
export interface CallReferral {
  referral: Referral
  offer: Offer
}

/**
 * The inquiry being taken at the front desk (Erstkontakt). It lives in a store rather than in the page, so a
 * look at the worklist in the middle of a call does not lose what was entered. The inquiry is created with
 * the first referral (or "Speichern", closing, converting); later changes to the form are sent as corrections
 * before the next action. Actions throw the ApiError of a refused request; the page shows it.
 */
export const useIntakeStore = defineStore('inquiryIntake', () => {
  /** What has been entered so far. */
  const form = ref<IntakeForm>(emptyIntake())
  /** Whether anything was entered yet; until then the receipt time follows the clock. */
  const started = ref(false)
  /** The inquiry once it is saved. */
  const inquiry = ref<Inquiry | null>(null)
  /** Referrals made during this call, in the order they were made. */
  const referrals = ref<CallReferral[]>([])
  /** "Kontaktdaten dürfen weitergegeben werden": asked once per call, sent with each referral. */
  const consent = ref(false)
  /** Why the next referral is made; emptied after each one. */
  const reason = ref('')
  /** Offers a referral is being sent to right now (a second press of the same key waits for nothing). */
  const referring = ref<ReadonlySet<string>>(new Set())
  /** A save (create or correction) in flight. */
  const saving = ref(false)

  let save$: Promise<Inquiry> | null = null

  /** Changes to the form that the saved inquiry does not have yet. */
  const unsaved = computed(() => (inquiry.value ? inquiryPatch(form.value, inquiry.value) !== null : started.value))

  function referralTo(offerId: string): CallReferral | undefined {
    return referrals.value.find((r) => r.offer.id === offerId)
  }

  /** Notes the first input of a call: from then on the receipt time stays as it was. */
  function touch(): void {
    started.value = true
  }

  /** Keeps an untouched form's receipt time at "now". */
  function tick(now: Date = new Date()): void {
    if (!started.value && !inquiry.value) form.value.receivedAt = emptyIntake(now).receivedAt
  }

  async function write(): Promise<Inquiry> {
    if (!inquiry.value) {
      inquiry.value = await api.createInquiry(toInquiryCreate(form.value))
      return inquiry.value
    }
    const patch = inquiryPatch(form.value, inquiry.value)
    if (patch) inquiry.value = await api.updateInquiry(inquiry.value.id, patch)
    return inquiry.value
  }

  /** Creates the inquiry, or sends the corrections since; concurrent callers share one request. */
  function save(): Promise<Inquiry> {
    if (!save$) {
      saving.value = true
      save$ = write().finally(() => {
        save$ = null
        saving.value = false
      })
    }
    return save$
  }

  /**
   * Refers the person to `offer`, saving the inquiry first. Null when this call has referred to the offer
   * already or a referral to it is on its way.
   */
  async function refer(offer: Offer): Promise<CallReferral | null> {
    if (referralTo(offer.id) || referring.value.has(offer.id)) return null
    referring.value = new Set([...referring.value, offer.id])
    try {
      const saved = await save()
      const why = reason.value.trim()
      const referral = await api.createReferral({
        inquiryId: saved.id,
        offerId: offer.id,
        consentToShare: consent.value,
        ...(why ? { reason: why } : {}),
      })
      const made = { referral, offer }
      referrals.value = [...referrals.value, made]
      // The API moves an open inquiry to "referred" with its first referral.
      if (inquiry.value?.status === 'open') inquiry.value = { ...inquiry.value, status: 'referred' }
      reason.value = ''
      return made
    } finally {
      const next = new Set(referring.value)
      next.delete(offer.id)
      referring.value = next
    }
  }

  /** Saves, then closes the inquiry with a reason; the desk is ready for the next call. */
  async function close(why: string): Promise<Inquiry> {
    const saved = await save()
    const closed = await api.closeInquiry(saved.id, { reason: why })
    reset()
    return closed
  }

  /** Saves, then opens a group case from the inquiry; the desk is ready for the next call. */
  async function convert(group: GroupCreate): Promise<ConvertedGroup> {
    const saved = await save()
    const created = await api.convertInquiry(saved.id, group)
    reset()
    return created
  }

  /** An offer's data changed (its contact was entered): the cards of this call show the new data. */
  function offerChanged(offer: Offer): void {
    referrals.value = referrals.value.map((r) => (r.offer.id === offer.id ? { ...r, offer } : r))
  }

  /** A new call. */
  function reset(now: Date = new Date()): void {
    form.value = emptyIntake(now)
    started.value = false
    inquiry.value = null
    referrals.value = []
    consent.value = false
    reason.value = ''
  }

  return {
    form,
    started,
    inquiry,
    referrals,
    consent,
    reason,
    referring,
    saving,
    unsaved,
    referralTo,
    touch,
    tick,
    save,
    refer,
    close,
    convert,
    offerChanged,
    reset,
  }
})
