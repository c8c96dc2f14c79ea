import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import TimeField from '../src/components/TimeField.vue'
import { i18n } from '../src/i18n/index.ts'
import { parseTime } from '../src/lib/clock-time.ts'

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('TimeField', () => {
  it.each([
    ['14:05', '14:05'],
    ['9:05', '09:05'],
    ['9.05', '09:05'],
    ['905', '09:05'],
    ['1405', '14:05'],
    ['9', '09:00'],
    [' 23:59 ', '23:59'],
  ])('reads "%s" as %s', (typed, expected) => {
    expect(parseTime(typed)).toBe(expected)
  })

  it.each(['', '24:00', '12:60', '2 PM', '12:5', 'jetzt'])('refuses "%s"', (typed) => {
    expect(parseTime(typed)).toBeNull()
  })

  it('writes hh:mm back once the field is left, and passes text that is no time on as typed', async () => {
    const value = ref('10:00')
    wrapper = mount(
      defineComponent({ setup: () => () => h(TimeField, { id: 't', modelValue: value.value, 'onUpdate:modelValue': (v: string) => (value.value = v) }) }),
      { attachTo: document.body, global: { plugins: [i18n] } },
    )
    const input = wrapper.get<HTMLInputElement>('#t')
    await input.setValue('905')
    await input.trigger('blur')
    expect([input.element.value, value.value]).toEqual(['09:05', '09:05'])
    await input.setValue('25:00')
    await input.trigger('blur')
    expect([input.element.value, value.value]).toEqual(['25:00', '25:00'])
    expect(input.attributes('aria-describedby')).toMatch(/-hint$/)
  })
})
