import { describe, expect, it } from 'vitest'
import { offerSearch } from '../src/api/frontdesk.ts'
import { berlinMinute, berlinMinuteToIso } from '@wohnlotse/shared'
import { contactLines, contactText, type ContactField } from '../src/views/frontdesk/contact-card.ts'
import { emptyIntake, inquiryPatch, suggestionQuery, toInquiryCreate, type IntakeForm } from '../src/views/frontdesk/intake-form.ts'
import { ariaShortcut, shortcutIndex, type ShortcutKeyEvent } from '../src/views/frontdesk/referral-shortcut.ts'
import { AWIG, WOHNBERATUNG, inquiry, offer } from './frontdesk-fixtures.ts'

const form = (overrides: Partial<IntakeForm> = {}): IntakeForm => ({
  ...emptyIntake(new Date('2026-06-20T12:05:30Z')),
  ...overrides,
})

describe('the offer-suggestion query of the intake form', () => {
  it('asks for nothing while no topic, target group or language is picked', () => {
    expect(suggestionQuery(form({ name: 'Erika', contact: '0351 123456', notes: 'Ruft wieder an.' }))).toEqual({})
    expect(offerSearch(suggestionQuery(form()))).toBe('')
  })

  it('asks for the picked topics, target groups and language, in the order of the reference lists', () => {
    const query = suggestionQuery(
      form({ topics: ['living_in_old_age', 'inclusive_living'], targetGroups: ['inclusive', 'seniors'], language: 'ar' }),
    )
    expect(query).toEqual({ topic: ['inclusive_living', 'living_in_old_age'], targetGroup: ['seniors', 'inclusive'], language: 'ar' })
    expect(offerSearch(query)).toBe('topic=inclusive_living&topic=living_in_old_age&targetGroup=seniors&targetGroup=inclusive&language=ar')
  })

  it('never sends name, contact or notes to the offer search', () => {
    const search = offerSearch(suggestionQuery(form({ name: 'Erika', contact: 'erika@example.org', notes: 'x', topics: ['tax'] })))
    expect(search).toBe('topic=tax')
  })

  it('drops a repeated topic', () => {
    expect(suggestionQuery(form({ topics: ['tax', 'tax'] }))).toEqual({ topic: ['tax'] })
  })
})

describe('the inquiry the intake form creates', () => {
  it('starts as a phone call received now (Dresden time), anonymous and without topics', () => {
    expect(emptyIntake(new Date('2026-06-20T12:05:30Z'))).toEqual({
      channel: 'phone',
      receivedAt: '2026-06-20T14:05',
      name: '',
      contact: '',
      topics: [],
      targetGroups: [],
      language: '',
      notes: '',
    })
  })

  it('leaves blank fields out, trims the rest and sends the receipt time as UTC', () => {
    expect(toInquiryCreate(form({ name: '  ', contact: ' erika@example.org ', topics: ['tax'], notes: '\n' }))).toEqual({
      channel: 'phone',
      receivedAt: '2026-06-20T12:05:00.000Z',
      contact: 'erika@example.org',
      topics: ['tax'],
    })
  })

  it('sends target groups and language when given', () => {
    expect(toInquiryCreate(form({ channel: 'walk_in', targetGroups: ['families'], language: 'uk' }))).toMatchObject({
      channel: 'walk_in',
      targetGroups: ['families'],
      language: 'uk',
    })
  })

  it('sends only what changed since it was saved, with null for cleared fields', () => {
    const saved = inquiry({ receivedAt: '2026-06-20T12:05:00.000Z', name: 'Erika', topics: ['tax'], notes: 'Alt' })
    expect(inquiryPatch(form({ name: 'Erika', topics: ['tax'], notes: 'Alt' }), saved)).toBeNull()
    expect(inquiryPatch(form({ name: '', topics: ['tax', 'law'], notes: 'Neu', language: 'de' }), saved)).toEqual({
      name: null,
      topics: ['law', 'tax'],
      notes: 'Neu',
      language: 'de',
    })
  })
})

describe('Dresden wall-clock time', () => {
  it('turns summer and winter times into the right UTC moment and back', () => {
    expect(berlinMinuteToIso('2026-06-20T14:05')).toBe('2026-06-20T12:05:00.000Z')
    expect(berlinMinuteToIso('2026-01-15T09:30')).toBe('2026-01-15T08:30:00.000Z')
    expect(berlinMinute('2026-01-15T08:30:00.000Z')).toBe('2026-01-15T09:30')
    expect(berlinMinuteToIso('15.01.2026 09:30')).toBeNull()
  })
})

describe('the one-keystroke referral shortcut', () => {
  const key = (overrides: Partial<ShortcutKeyEvent>): ShortcutKeyEvent => ({
    altKey: true,
    shiftKey: true,
    ctrlKey: false,
    metaKey: false,
    code: 'Digit1',
    repeat: false,
    ...overrides,
  })

  it('maps Alt+Shift+1 … 9 to suggestions 0 … 8 by the physical key', () => {
    expect(shortcutIndex(key({ code: 'Digit1' }))).toBe(0)
    expect(shortcutIndex(key({ code: 'Digit9' }))).toBe(8)
  })

  it('ignores other keys and chords, and a key held down', () => {
    expect(shortcutIndex(key({ code: 'Digit0' }))).toBeNull()
    expect(shortcutIndex(key({ code: 'KeyA' }))).toBeNull()
    expect(shortcutIndex(key({ shiftKey: false }))).toBeNull()
    expect(shortcutIndex(key({ altKey: false }))).toBeNull()
    expect(shortcutIndex(key({ ctrlKey: true }))).toBeNull()
    expect(shortcutIndex(key({ metaKey: true }))).toBeNull()
    expect(shortcutIndex(key({ repeat: true }))).toBeNull()
  })

  it('names the shortcut of the first nine suggestions for aria-keyshortcuts', () => {
    expect(ariaShortcut(0)).toBe('Alt+Shift+1')
    expect(ariaShortcut(8)).toBe('Alt+Shift+9')
    expect(ariaShortcut(9)).toBeNull()
  })
})

describe('the contact text to copy or print', () => {
  const de = { field: (f: ContactField) => ({ phone: 'Telefon', email: 'E-Mail', url: 'Internet', address: 'Adresse', openingHours: 'Öffnungszeiten' })[f], missing: 'Kontaktdaten noch nicht hinterlegt' }

  it('says that the contact data is not entered yet, and invents nothing', () => {
    expect(contactText(AWIG, de)).toBe('AWIG\nKontaktdaten noch nicht hinterlegt')
    expect(contactText(WOHNBERATUNG, de)).toBe('Wohnberatungsstelle\nLandeshauptstadt Dresden\nKontaktdaten noch nicht hinterlegt')
  })

  it('treats blank fields as empty', () => {
    const blank = offer({ contact: { phone: ' ', email: '', url: null, address: null, openingHours: '  ' } })
    expect(contactLines(blank.contact)).toEqual([])
    expect(contactText(blank, de)).toBe('AWIG\nKontaktdaten noch nicht hinterlegt')
  })

  it('lists what the office entered, in a fixed order, and nothing else', () => {
    const entered = offer({
      organisation: 'AWIG',
      contact: {
        phone: null,
        email: 'beratung@example.org',
        url: 'https://example.org/awig',
        address: 'Beispielweg 1\n01000 Dresden',
        openingHours: 'Di 10–12 Uhr',
      },
    })
    expect(contactText(entered, de)).toBe(
      'AWIG\nE-Mail: beratung@example.org\nInternet: https://example.org/awig\nAdresse: Beispielweg 1\n01000 Dresden\nÖffnungszeiten: Di 10–12 Uhr',
    )
  })
})
