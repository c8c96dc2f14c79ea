import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../src/api/http.ts'
import ConfirmDialog from '../src/components/ConfirmDialog.vue'
import { i18n } from '../src/i18n/index.ts'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

interface Thing {
  name: string
}

const texts = (thing: Thing) => ({
  title: `${thing.name} löschen?`,
  description: `${thing.name} ist danach weg.`,
  remains: 'Der Verlauf bleibt.',
  confirm: 'Löschen',
  saving: 'Wird gelöscht …',
  cancel: 'Abbrechen',
})

async function openWith(action: (thing: Thing) => Promise<void>) {
  // Instantiated for the test subject: mount() cannot infer the generic from the props.
  wrapper = mount(ConfirmDialog<Thing>, {
    props: { subject: null as Thing | null, texts, action, danger: true },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await wrapper.setProps({ subject: { name: 'Akte 7' } })
  await flushPromises()
  return wrapper
}

describe('ConfirmDialog', () => {
  it('says what happens and what remains, warns on the confirm button and focuses Cancel', async () => {
    const w = await openWith(async () => {})
    const dialog = w.get('dialog[open]')
    expect(dialog.get('h2').text()).toBe('Akte 7 löschen?')
    expect(dialog.get('.modal__description').text()).toBe('Akte 7 ist danach weg.')
    expect(dialog.get('.confirm-dialog__remains').text()).toBe('Der Verlauf bleibt.')
    expect(dialog.findAll('button').map((b) => [b.text(), b.classes('button--danger')])).toEqual([
      ['Löschen', true],
      ['Abbrechen', false],
    ])
    expect(document.activeElement?.textContent?.trim()).toBe('Abbrechen')
  })

  it('runs the action with the subject once and leaves closing to the parent', async () => {
    const action = vi.fn(async () => {})
    const w = await openWith(action)
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(action).toHaveBeenCalledExactlyOnceWith({ name: 'Akte 7' })
    expect(w.emitted('close')).toBeUndefined()
  })

  it('shows a refusal as a focused alert and clears it on the next opening', async () => {
    const w = await openWith(() => Promise.reject(new ApiError(409, 'CANNOT_CHANGE_OWN_ACCOUNT', 'own account')))
    await w.get('form').trigger('submit')
    await flushPromises()
    const alert = w.get('[role="alert"]')
    expect(alert.text()).toBe(i18n.global.t('errors.CANNOT_CHANGE_OWN_ACCOUNT'))
    expect(document.activeElement).toBe(alert.element)

    await w.setProps({ subject: null })
    await w.setProps({ subject: { name: 'Akte 8' } })
    expect(w.find('[role="alert"]').exists()).toBe(false)
    expect(w.get('h2').text()).toBe('Akte 8 löschen?')
  })

  it('asks the parent to close on Cancel', async () => {
    const w = await openWith(async () => {})
    await w.findAll('button').find((b) => b.text() === 'Abbrechen')!.trigger('click')
    expect(w.emitted('close')).toHaveLength(1)
  })
})
