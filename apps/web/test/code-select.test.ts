import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref, type Component } from 'vue'
import { CONSULTATION_CHANNELS, consultationChannelLabels, type ConsultationChannel } from '@wohnlotse/shared'
import CodeSelect from '../src/components/CodeSelect.vue'
import { i18n } from '../src/i18n/index.ts'

afterEach(() => i18n.global.locale.value = 'de')

/** Mounts the select inside a parent that owns the model, as a form does. */
function mountSelect<V extends string | number>(props: Record<string, unknown>, initial: V | '') {
  const model = ref<V | ''>(initial)
  const Parent = defineComponent({
    setup: () => () =>
      // The generic component's props are checked where it is used; here they come as a plain record.
      h(CodeSelect as Component, { ...props, modelValue: model.value, 'onUpdate:modelValue': (v: unknown) => (model.value = v as V | '') }),
  })
  return { wrapper: mount(Parent, { global: { plugins: [i18n] } }), model }
}

const optionTexts = (w: ReturnType<typeof mount>) => w.findAll('option').map((o) => o.text())

describe('CodeSelect', () => {
  it('offers "Bitte wählen" first, which cannot be chosen back, then every code by its German label', async () => {
    const { wrapper, model } = mountSelect<ConsultationChannel>(
      { options: CONSULTATION_CHANNELS, labels: consultationChannelLabels, choose: 'Bitte wählen', required: true, id: 'channel' },
      '',
    )
    const select = wrapper.get('select')
    expect(select.attributes('id')).toBe('channel')
    expect(select.attributes('required')).toBeDefined()
    expect(select.classes()).toContain('field__input')
    expect(optionTexts(wrapper)).toEqual(['Bitte wählen', ...CONSULTATION_CHANNELS.map((c) => consultationChannelLabels[c].de)])
    const first = wrapper.get('option')
    expect(first.attributes('value')).toBe('')
    expect(first.attributes('disabled')).toBeDefined()
    expect((select.element as HTMLSelectElement).value).toBe('')

    await select.setValue(CONSULTATION_CHANNELS[1])
    expect(model.value).toBe(CONSULTATION_CHANNELS[1])
  })

  it('lets a "none" first choice be chosen again and speaks English when the UI does', async () => {
    i18n.global.locale.value = 'en'
    const { wrapper, model } = mountSelect<ConsultationChannel>(
      { options: CONSULTATION_CHANNELS, labels: consultationChannelLabels, emptyLabel: 'Not stated' },
      CONSULTATION_CHANNELS[0],
    )
    expect(optionTexts(wrapper)).toEqual(['Not stated', ...CONSULTATION_CHANNELS.map((c) => consultationChannelLabels[c].en)])
    expect(wrapper.get('option').attributes('disabled')).toBeUndefined()
    await wrapper.get('select').setValue('')
    expect(model.value).toBe('')
  })

  it('without a first choice always has a code, and keeps number codes numbers with computed labels', async () => {
    const { wrapper, model } = mountSelect<0 | 7 | 19>(
      { options: [0, 7, 19], labels: (rate: number) => (rate === 0 ? 'keine' : `${rate} %`) },
      19,
    )
    expect(optionTexts(wrapper)).toEqual(['keine', '7 %', '19 %'])
    expect((wrapper.get('select').element as HTMLSelectElement).selectedIndex).toBe(2)
    await wrapper.get('select').setValue('7')
    expect(model.value).toBe(7)
  })
})
