import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import ChoiceGroup from '../src/components/ChoiceGroup.vue'
import { i18n } from '../src/i18n/index.ts'

const OPTIONS = [
  { value: 'a', label: 'Erstes' },
  { value: 'b', label: 'Zweites' },
  { value: 'c', label: 'Drittes' },
]

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

/** A labelled group bound to `model`, mounted into the document so focus is real. */
function mountGroup(initial: string | string[]) {
  const model = ref<string | string[]>(initial)
  const changes = ref(0)
  wrapper = mount(
    defineComponent({
      setup: () => () =>
        h('form', { onChange: () => changes.value++ }, [
          h('button', { type: 'button', id: 'before' }, 'davor'),
          h('p', { id: 'label' }, 'Auswahl'),
          h(ChoiceGroup, { options: OPTIONS, labelledby: 'label', modelValue: model.value, 'onUpdate:modelValue': (v: string | string[]) => (model.value = v) }),
          h('button', { type: 'button', id: 'after' }, 'danach'),
        ]),
    }),
    { attachTo: document.body, global: { plugins: [i18n] } },
  )
  const items = () => wrapper!.findAll('[data-roving-item]')
  const focused = () => document.activeElement?.textContent?.trim()
  const key = async (k: string) => {
    const target = document.activeElement as HTMLElement
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }))
    await wrapper!.vm.$nextTick()
  }
  return { model, changes, items, focused, key }
}

describe('ChoiceGroup with one choice (radio group)', () => {
  it('is one Tab stop on the chosen option, named by its label, and the arrows move and choose', async () => {
    const { model, items, focused, key } = mountGroup('b')
    const group = wrapper!.get('[role="radiogroup"]')
    expect(group.attributes('aria-labelledby')).toBe('label')
    expect(items().map((i) => [i.attributes('role'), i.attributes('tabindex'), i.attributes('aria-checked')])).toEqual([
      ['radio', '-1', 'false'],
      ['radio', '0', 'true'],
      ['radio', '-1', 'false'],
    ])
    ;(items()[1]!.element as HTMLElement).focus()
    await key('ArrowRight')
    expect([focused(), model.value]).toEqual(['Drittes', 'c'])
    // At the end it wraps round, as radio groups do.
    await key('ArrowDown')
    expect([focused(), model.value]).toEqual(['Erstes', 'a'])
    await key('ArrowLeft')
    expect([focused(), model.value]).toEqual(['Drittes', 'c'])
    await key('Home')
    expect([focused(), model.value]).toEqual(['Erstes', 'a'])
    expect(items().map((i) => i.attributes('tabindex'))).toEqual(['0', '-1', '-1'])
  })

  it('leaves keys with modifiers and other keys to the browser', async () => {
    const { model, items, key } = mountGroup('a')
    ;(items()[0]!.element as HTMLElement).focus()
    const alt = new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true, bubbles: true, cancelable: true })
    items()[0]!.element.dispatchEvent(alt)
    await key('x')
    expect([alt.defaultPrevented, model.value]).toEqual([false, 'a'])
  })
})

describe('ChoiceGroup with several choices (checkbox group)', () => {
  it('moves with the arrows without choosing, toggles with a press, and keeps its Tab stop where the focus left it', async () => {
    const { model, changes, items, focused, key } = mountGroup([])
    expect(wrapper!.get('[role="group"]').attributes('aria-labelledby')).toBe('label')
    expect(items().map((i) => [i.attributes('role'), i.attributes('tabindex')])).toEqual([
      ['checkbox', '0'],
      ['checkbox', '-1'],
      ['checkbox', '-1'],
    ])
    ;(items()[0]!.element as HTMLElement).focus()
    await key('ArrowRight')
    await key('ArrowRight')
    expect([focused(), model.value]).toEqual(['Drittes', []])
    // Space on a button is a click.
    await items()[2]!.trigger('click')
    await key('End')
    await key('ArrowLeft')
    await items()[1]!.trigger('click')
    expect(model.value).toEqual(['c', 'b'])
    expect(items().map((i) => i.attributes('aria-checked'))).toEqual(['false', 'true', 'true'])
    await items()[2]!.trigger('click')
    expect(model.value).toEqual(['b'])
    // Forms hear a change event for each toggle, as from native checkboxes.
    expect(changes.value).toBe(3)
    expect(items().map((i) => i.attributes('tabindex'))).toEqual(['-1', '0', '-1'])
  })
})
