import type { Inquiry, Offer, Referral } from '@wohnlotse/shared'

/** Made-up front-desk data for the SPA's tests; the offers carry the seed's names, never real contact data. */

export const INQUIRY_ID = '33333333-3333-4333-8333-333333333333'
export const FRITZ = { id: '00000000-0000-4000-8000-000000000002', name: 'Fritz Empfang' }

const NO_CONTACT = { phone: null, email: null, url: null, address: null, openingHours: null }

export function offer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: '44444444-4444-4444-8444-444444444401',
    name: 'AWIG',
    organisation: null,
    description: 'Beratung zum Wohnen im Alter.',
    topics: ['living_in_old_age'],
    targetGroups: ['seniors'],
    languages: [],
    contact: NO_CONTACT,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

export const AWIG = offer()
export const WOHNBERATUNG = offer({
  id: '44444444-4444-4444-8444-444444444402',
  name: 'Wohnberatungsstelle',
  organisation: 'Landeshauptstadt Dresden',
  description: 'Wohnberatung der Stadt für ältere Menschen und Menschen mit Behinderung.',
  topics: ['living_in_old_age', 'inclusive_living'],
  targetGroups: ['seniors', 'inclusive'],
})
export const WOHNSINN = offer({
  id: '44444444-4444-4444-8444-444444444403',
  name: 'Wohnsinn',
  description: 'Beratung zur Gründung von Wohngemeinschaften, auch inklusiver Wohngemeinschaften.',
  topics: ['shared_flat', 'inclusive_living'],
  targetGroups: ['inclusive'],
})

export function inquiry(overrides: Partial<Inquiry> = {}): Inquiry {
  return {
    id: INQUIRY_ID,
    receivedAt: '2026-06-20T10:00:00.000Z',
    channel: 'phone',
    name: null,
    contact: null,
    topics: [],
    targetGroups: [],
    language: null,
    notes: null,
    status: 'open',
    closeReason: null,
    closedAt: null,
    groupId: null,
    convertedAt: null,
    createdBy: FRITZ,
    createdAt: '2026-06-20T10:00:00.000Z',
    updatedAt: '2026-06-20T10:00:00.000Z',
    ...overrides,
  }
}

export function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    id: '55555555-5555-4555-8555-555555555501',
    inquiryId: INQUIRY_ID,
    groupId: null,
    offerId: AWIG.id,
    offerName: 'AWIG',
    inquirerName: null,
    inquirerContact: null,
    groupName: null,
    reason: null,
    consentToShare: false,
    followUpOn: '2026-07-04',
    outcome: 'pending',
    outcomeNote: null,
    outcomeAt: null,
    outcomeBy: null,
    createdBy: FRITZ,
    createdAt: '2026-06-20T10:00:00.000Z',
    updatedAt: '2026-06-20T10:00:00.000Z',
    ...overrides,
  }
}
