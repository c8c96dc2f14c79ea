import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import DateField from '../src/components/DateField.vue'
import { i18n, setLocale } from '../src/i18n/index.ts'
import { formatGermanDate, isIsoDate, parseGermanDate, shiftDay } from '../src/lib/german-date.ts'

describe('parseGermanDate()', () => {
  it.each([
    ['1.2.2026', '2026-02-01'],
    ['01.02.2026', '2026-02-01'],
    [' 31.12.2026 ', '2026-12-31'],
    ['01022026', '2026-02-01'],
    ['2026-02-01', '2026-02-01'],
    ['29.02.2028', '2028-02-29'],
  ])('reads "%s" as %s', (text, expected) => {
    expect(parseGermanDate(text)).toBe(expected)
  })

  it.each(['', '1.2.', '1.2.26', '1.2.202', '31.02.2026', '29.02.2026', '0.1.2026', '1.13.2026', '02/01/2026', 'heute'])(
    'refuses "%s"',
    (text) => {
      expect(parseGermanDate(text)).toBeNull()
    },
  )
})

describe('formatGermanDate(), isIsoDate(), shiftDay()', () => {
  it('writes an ISO day as TT.MM.JJJJ and leaves anything else alone', () => {
    expect(formatGermanDate('2026-02-01')).toBe('01.02.2026')
    expect(formatGermanDate('1.2.20')).toBe('1.2.20')
  })

  it('knows real calendar days only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true)
    expect(isIsoDate('2026-02-30')).toBe(false)
    expect(isIsoDate('1.2.2026')).toBe(false)
  })

  it('moves across month and year ends', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01')
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28')
  })
})

describe('DateField', () => {
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-14T23:30:00Z') })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    vi.useRealTimers()
    setLocale('de')
  })

  /** The field inside a form with a label, its value shown beside it, as the forms use it. */
  function mountField(initial = '', props: Record<string, unknown> = {}) {
    const value = ref(initial)
    const Host = defineComponent({
      setup: () => () =>
        h('div', [
          h('label', { for: 'd' }, 'Datum'),
          h(DateField, { id: 'd', modelValue: value.value, 'onUpdate:modelValue': (v: string) => (value.value = v), ...props }),
        ]),
    })
    wrapper = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
    return { w: wrapper, value, input: () => wrapper!.get<HTMLInputElement>('#d') }
  }

  it('shows an ISO value as TT.MM.JJJJ, with a number pad, the format hint and the label wired up', () => {
    const { w, input } = mountField('2026-02-01')
    expect(input().element.value).toBe('01.02.2026')
    expect(input().attributes('type')).toBe('text')
    expect(input().attributes('inputmode')).toBe('numeric')
    const hintId = input().attributes('aria-describedby')!
    expect(w.get(`#${hintId}`).text()).toBe('Format TT.MM.JJJJ, z. B. 01.02.2026')
    expect(w.get('label').attributes('for')).toBe('d')
  })

  it('hands the form an ISO day as soon as the text is one, and writes it out in full on leaving', async () => {
    const { value, input } = mountField()
    await input().setValue('1.2.2026')
    expect(value.value).toBe('2026-02-01')
    await input().trigger('blur')
    expect(input().element.value).toBe('01.02.2026')
  })

  it('keeps text that is no date as the value, and says how to write it after leaving the field', async () => {
    const { w, value, input } = mountField()
    await input().setValue('31.02.2026')
    expect(value.value).toBe('31.02.2026')
    expect(w.find('.field__error').exists()).toBe(false)
    await input().trigger('blur')
    expect(input().attributes('aria-invalid')).toBe('true')
    const error = w.get('.field__error')
    expect(error.text()).toBe('Bitte geben Sie ein gültiges Datum als TT.MM.JJJJ ein, z. B. 01.02.2026.')
    expect(input().attributes('aria-describedby')).toContain(error.attributes('id'))

    await input().setValue('28.02.2026')
    expect(w.find('.field__error').exists()).toBe(false)
    expect(value.value).toBe('2026-02-28')
  })

  it('says it in English after the switch, still asking for TT.MM.JJJJ order', async () => {
    setLocale('en')
    const { w, input } = mountField()
    await input().setValue('2/1/2026')
    await input().trigger('blur')
    expect(w.get('.field__error').text()).toBe('Please enter a valid date as DD.MM.YYYY, e.g. 01.02.2026.')
  })

  it('leaves the message to the form when the form shows its own error', async () => {
    const { w, input } = mountField('', { invalid: true, describedby: 'form-error' })
    await input().setValue('kein Datum')
    await input().trigger('blur')
    expect(w.find('.field__error').exists()).toBe(false)
    expect(input().attributes('aria-invalid')).toBe('true')
    expect(input().attributes('aria-describedby')).toMatch(/ form-error$/)
  })

  it('moves the day with the arrow keys, from today in Dresden when empty, never past max', async () => {
    const { value, input } = mountField('', { max: '2026-03-16' })
    await input().trigger('keydown', { key: 'ArrowUp' })
    expect(value.value).toBe('2026-03-15')
    await input().trigger('keydown', { key: 'ArrowUp' })
    await input().trigger('keydown', { key: 'ArrowUp' })
    expect(value.value).toBe('2026-03-16')
    expect(input().element.value).toBe('16.03.2026')
    await input().trigger('keydown', { key: 'ArrowDown' })
    expect(value.value).toBe('2026-03-15')
  })

  it('follows a value set from outside, and empties with it', async () => {
    const { value, input } = mountField('2026-02-01')
    value.value = '2026-04-30'
    await wrapper!.vm.$nextTick()
    expect(input().element.value).toBe('30.04.2026')
    value.value = ''
    await wrapper!.vm.$nextTick()
    expect(input().element.value).toBe('')
  })

  it('takes a day from the calendar and keeps the calendar button out of the Tab order', async () => {
    const { w, value, input } = mountField()
    expect(w.get('.date-field__picker').attributes('tabindex')).toBe('-1')
    const native = w.get<HTMLInputElement>('.date-field__native')
    expect(native.attributes('aria-hidden')).toBe('true')
    await native.setValue('2026-05-04')
    await native.trigger('change')
    expect(value.value).toBe('2026-05-04')
    expect(input().element.value).toBe('04.05.2026')
  })
})
