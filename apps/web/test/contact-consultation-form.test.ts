import { describe, expect, it } from 'vitest'
import { emptyConsultationForm, toConsultationCreate, validateConsultationForm } from '../src/views/groups/consultation-form.ts'
import { emptyContactForm, isFormerContact, toContactCreate, validateContactForm } from '../src/views/groups/contact-form.ts'
import { contact } from './group-fixtures.ts'

describe('contact form', () => {
  it.each([
    ['+49 351 123456', undefined],
    ['0351/123-456', undefined],
    ['0351 (1234) 56', undefined],
    // The same pattern as the API's (PHONE_PATTERN_SOURCE in shared): an area code in brackets is fine.
    ['(0351) 1234', undefined],
    ['(0351) CALL', 'groups.contacts.errors.phone'],
    ['12', 'groups.contacts.errors.phone'],
    ['0351 123 456 ext. 7', 'groups.contacts.errors.phone'],
  ])('phone "%s" → %s', (phone, error) => {
    expect(validateContactForm({ ...emptyContactForm(), name: 'Lena', phone }).phone).toBe(error)
  })

  it('allows the same day for since and until, not an end before the start', () => {
    expect(validateContactForm({ ...emptyContactForm(), name: 'Lena', since: '2026-03-01', until: '2026-03-01' })).toEqual({})
    expect(validateContactForm({ ...emptyContactForm(), name: 'Lena', since: '2026-03-02', until: '2026-03-01' })).toEqual({
      until: 'groups.contacts.errors.untilBeforeSince',
    })
  })

  it('sends only what is filled in, trimmed', () => {
    expect(toContactCreate({ ...emptyContactForm(), name: ' Lena ', role: ' Sprecherin ', phone: ' ', consentAt: '2026-03-01' })).toEqual({
      name: 'Lena',
      role: 'Sprecherin',
      consentAt: '2026-03-01',
    })
  })

  it('counts a person as former once their until-day has passed', () => {
    expect(isFormerContact(contact({ until: null }), '2026-06-20')).toBe(false)
    expect(isFormerContact(contact({ until: '2026-06-20' }), '2026-06-20')).toBe(false)
    expect(isFormerContact(contact({ until: '2026-06-19' }), '2026-06-20')).toBe(true)
  })
})

describe('consultation form', () => {
  const today = '2026-06-20'

  it('starts on today, in German, without topics', () => {
    expect(emptyConsultationForm(today)).toEqual({ date: today, minutes: '', channel: '', language: 'de', topics: [], notes: '' })
  })

  it.each([
    ['5', undefined],
    ['600', undefined],
    ['4', 'groups.consultations.errors.minutesRange'],
    ['601', 'groups.consultations.errors.minutesRange'],
    ['1,5', 'groups.consultations.errors.minutesRange'],
    ['', 'groups.consultations.errors.minutesRequired'],
  ])('minutes "%s" → %s', (minutes, error) => {
    expect(validateConsultationForm({ ...emptyConsultationForm(today), channel: 'phone', minutes }, today).minutes).toBe(error)
  })

  it('refuses a date after today and a missing one', () => {
    const ok = { ...emptyConsultationForm(today), channel: 'phone' as const, minutes: '30' }
    expect(validateConsultationForm({ ...ok, date: '2026-06-21' }, today)).toEqual({ date: 'groups.consultations.errors.dateInFuture' })
    expect(validateConsultationForm({ ...ok, date: '' }, today)).toEqual({ date: 'groups.consultations.errors.dateRequired' })
    expect(validateConsultationForm(ok, today)).toEqual({})
  })

  it('leaves out an unstated language and empty notes', () => {
    expect(toConsultationCreate({ date: today, minutes: ' 30 ', channel: 'video', language: '', topics: [], notes: '  ' })).toEqual({
      date: today,
      minutes: 30,
      channel: 'video',
      topics: [],
    })
  })
})
