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

describe('ConfirmDialog with a reason', () => {
  const asking = (required: boolean, id?: string) => ({ label: 'Grund', hint: 'Wird protokolliert.', required, maxLength: 20, id })

  async function openAsking(action: (thing: Thing, reason?: string) => Promise<void>, required: boolean, id?: string) {
    wrapper = mount(ConfirmDialog<Thing>, {
      props: { subject: null as Thing | null, texts, action, reason: asking(required, id) },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await wrapper.setProps({ subject: { name: 'Akte 7' } })
    await flushPromises()
    return wrapper
  }

  it('labels the reason field with its hint and limit', async () => {
    const w = await openAsking(async () => {}, true)
    const field = w.get('textarea')
    expect(w.get(`label[for="${field.attributes('id')}"]`).text()).toBe('Grund')
    expect(field.attributes('maxlength')).toBe('20')
    expect(document.getElementById(field.attributes('aria-describedby')!)?.textContent?.trim()).toBe('Wird protokolliert.')
  })

  it('refuses an empty required reason at the field, focuses it and does not run the action', async () => {
    const action = vi.fn(async () => {})
    const w = await openAsking(action, true)
    w.get('textarea').setValue('   ')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(action).not.toHaveBeenCalled()
    const field = w.get('textarea')
    expect(field.attributes('aria-invalid')).toBe('true')
    expect(w.get('.field__error').text()).toBe(i18n.global.t('app.reasonRequired'))
    expect(document.activeElement).toBe(field.element)
  })

  it('hands the trimmed reason to the action, and an empty one when it is optional', async () => {
    const action = vi.fn(async () => {})
    const w = await openAsking(action, true)
    await w.get('textarea').setValue('  doppelt erfasst ')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(action).toHaveBeenCalledExactlyOnceWith({ name: 'Akte 7' }, 'doppelt erfasst')

    const optional = vi.fn(async () => {})
    wrapper!.unmount()
    const w2 = await openAsking(optional, false)
    await w2.get('form').trigger('submit')
    await flushPromises()
    expect(optional).toHaveBeenCalledExactlyOnceWith({ name: 'Akte 7' }, '')
  })

  it('puts the API\'s REASON_REQUIRED at the reason field instead of an alert', async () => {
    const w = await openAsking(() => Promise.reject(new ApiError(422, 'REASON_REQUIRED', 'needs a reason')), false)
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.find('[role="alert"]').exists()).toBe(false)
    expect(w.get('.field__error').text()).toBe(i18n.global.t('app.reasonRequired'))
    expect(document.activeElement).toBe(w.get('textarea').element)
  })

  it('keeps a fixed field id, and a reason no longer asked for takes its complaint with it', async () => {
    const w = await openAsking(async () => {}, true, 'my-reason')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#my-reason-error').text()).toBe(i18n.global.t('app.reasonRequired'))
    expect(w.get('#my-reason').attributes('aria-describedby')).toBe('my-reason-hint my-reason-error')

    await w.setProps({ reason: undefined })
    expect(w.find('textarea').exists()).toBe(false)
    await w.setProps({ reason: asking(true, 'my-reason') })
    expect(w.find('#my-reason').exists()).toBe(true)
    expect(w.find('.field__error').exists()).toBe(false)
  })
})
