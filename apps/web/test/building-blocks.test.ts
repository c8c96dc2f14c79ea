import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, h } from 'vue'
import { ApiError } from '../src/api/http.ts'
import ActionNotice from '../src/components/ActionNotice.vue'
import FormActions from '../src/components/FormActions.vue'
import FormField from '../src/components/FormField.vue'
import PagedResults from '../src/components/PagedResults.vue'
import { useResource } from '../src/composables/use-resource.ts'
import { i18n } from '../src/i18n/index.ts'

afterEach(() => i18n.global.locale.value = 'de')

describe('FormField', () => {
  const mountField = (props: Record<string, unknown>) =>
    mount(FormField, {
      props: { label: 'E-Mail', ...props },
      slots: { default: `<template #default="f"><input :id="f.id" :aria-describedby="f.describedBy" :aria-invalid="f.invalid"></template>` },
    })

  it('ties label, hint and error to the control', () => {
    const w = mountField({ id: 'email', hint: 'Dienstadresse', error: 'Keine gültige Adresse', optional: '(optional)' })
    const input = w.get('input')
    expect(input.attributes('id')).toBe('email')
    expect(w.get('label').attributes('for')).toBe('email')
    expect(w.get('label').text()).toBe('E-Mail (optional)')
    expect(input.attributes('aria-describedby')).toBe('email-hint email-error')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(w.get('#email-error').text()).toBe('Keine gültige Adresse')
    expect(w.get('#email-hint').text()).toBe('Dienstadresse')
  })

  it('describes nothing and is valid without hint and error, with a generated id', () => {
    const w = mountField({})
    const input = w.get('input')
    expect(input.attributes('id')).toMatch(/^field-/)
    expect(w.get('label').attributes('for')).toBe(input.attributes('id'))
    expect(input.attributes('aria-describedby')).toBeUndefined()
    expect(input.attributes('aria-invalid')).toBeUndefined()
    expect(w.find('.field__error').exists()).toBe(false)
  })

  it('names a fieldset of checkboxes by its legend and describes the fieldset, the hint before the choices', () => {
    const w = mount(FormField, {
      props: { label: 'Zielgruppen', id: 'groups', as: 'legend', hint: 'Mehrere möglich', error: 'Zu viele' },
      slots: { default: `<label><input type="checkbox"> Familien</label>` },
    })
    const fieldset = w.get('fieldset')
    expect(fieldset.attributes('id')).toBe('groups')
    expect(fieldset.get('legend').text()).toBe('Zielgruppen')
    expect(fieldset.attributes('aria-describedby')).toBe('groups-hint groups-error')
    expect(fieldset.attributes('aria-invalid')).toBe('true')
    expect(fieldset.findAll('p, div').map((el) => el.classes()[0])).toEqual(['field__hint', 'choice-group__options', 'field__error'])
    expect(w.find('label.field__label').exists()).toBe(false)
  })

  it('gives a widget named by aria-labelledby the label id, and adds ids and the invalid state it is given', () => {
    const w = mount(FormField, {
      props: { label: 'Thema', id: 'topics', as: 'labelledby', describedby: 'shared-hint', invalid: true },
      slots: {
        default: `<template #default="f"><div :id="f.id" role="group" :aria-labelledby="f.labelId" :aria-describedby="f.describedBy" :aria-invalid="f.invalid" /></template>`,
      },
    })
    const group = w.get('[role="group"]')
    expect(w.get(`#${group.attributes('aria-labelledby')}`).text()).toBe('Thema')
    expect(group.attributes('aria-describedby')).toBe('shared-hint')
    expect(group.attributes('aria-invalid')).toBe('true')
    expect(w.find('label').exists()).toBe(false)
  })
})

describe('FormActions', () => {
  const mountActions = (props: Record<string, unknown>) =>
    mount(FormActions, { props: { label: 'Speichern', ...props }, global: { stubs: { RouterLink: { template: '<a class="link"><slot /></a>' } } } })

  it('says while saving and marks the submit button aria-disabled instead of taking it out of the focus order', () => {
    const w = mountActions({ saving: true, savingLabel: 'Wird gespeichert …' })
    const submit = w.get('button[type="submit"]')
    expect(submit.text()).toBe('Wird gespeichert …')
    expect(submit.attributes('aria-disabled')).toBe('true')
    expect(submit.attributes('disabled')).toBeUndefined()
    expect(w.findAll('button')).toHaveLength(1)
  })

  it('cancels by a button that emits, or by a link back', async () => {
    const button = mountActions({ cancelLabel: 'Abbrechen', cancelFirst: true })
    expect(button.get('button[type="submit"]').attributes('aria-disabled')).toBeUndefined()
    await button.get('button[type="button"]').trigger('click')
    expect(button.emitted('cancel')).toHaveLength(1)
    expect(button.get('button[type="button"]').attributes('data-autofocus')).toBe('')
    const link = mountActions({ cancelLabel: 'Abbrechen', cancelTo: { name: 'users' } })
    expect(link.get('a.link').text()).toBe('Abbrechen')
    expect(link.find('button[type="button"]').exists()).toBe(false)
  })

  it('warns on the submit button of a destructive confirmation, and only there', () => {
    const danger = mountActions({ cancelLabel: 'Abbrechen', cancelFirst: true, danger: true })
    expect(danger.get('button[type="submit"]').classes()).toEqual(['button', 'button--danger'])
    expect(danger.get('button[type="button"]').classes()).toEqual(['button', 'button--quiet'])
    expect(mountActions({}).get('button[type="submit"]').classes()).toEqual(['button'])
  })
})

describe('ActionNotice', () => {
  const mountNotice = (props: Record<string, unknown>) => mount(ActionNotice, { props, global: { plugins: [i18n] } })

  it('keeps an empty live region in the page until there is something to say', async () => {
    const w = mountNotice({ notice: '' })
    expect(w.get('[role="status"]').text()).toBe('')
    expect(w.find('[role="alert"]').exists()).toBe(false)
    await w.setProps({ notice: 'Gespeichert.' })
    expect(w.get('[role="status"] .notice--success').text()).toBe('Gespeichert.')
  })

  it('shows a refusal as an alert, and no live region when there is no notice to give', () => {
    const w = mountNotice({ failure: new ApiError(403, 'FORBIDDEN', 'no') })
    expect(w.get('[role="alert"]').text()).toBe(i18n.global.t('errors.FORBIDDEN'))
    expect(w.find('[role="status"]').exists()).toBe(false)
    expect(mountNotice({ failure: null }).find('[role="alert"]').exists()).toBe(false)
  })
})

describe('PagedResults', () => {
  type Props = InstanceType<typeof PagedResults>['$props']
  const mountResults = (props: Partial<Props> & Pick<Props, 'state'>) =>
    mount(PagedResults, {
      props: { count: 0, emptyText: 'Noch nichts da.', ...props },
      slots: { default: () => h('ol', [h('li', 'Eintrag')]) },
      global: { plugins: [i18n] },
    })

  it('says it is loading before the first answer and marks the region busy', () => {
    const w = mountResults({ state: 'loading' })
    expect(w.text()).toBe(i18n.global.t('app.loading'))
    expect(w.get('.paged-results').attributes('aria-busy')).toBe('true')
  })

  it('shows the empty state only when the answer is empty', () => {
    expect(mountResults({ state: 'ready' }).get('.empty-state').text()).toBe('Noch nichts da.')
    expect(mountResults({ state: 'ready', count: 1 }).find('.empty-state').exists()).toBe(false)
  })

  it('shows a failure with its message and a retry', async () => {
    const w = mountResults({ state: 'failed', failure: new ApiError(503, 'DATABASE_UNAVAILABLE', 'down') })
    expect(w.get('.notice--error p').text()).toBe(i18n.global.t('errors.DATABASE_UNAVAILABLE'))
    await w.get('.notice--error button').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
  })

  it('keeps the items dimmed while a new query loads and offers more only when there is more', async () => {
    const w = mountResults({ state: 'loading', count: 1, hasMore: true })
    expect(w.get('.paged-results--stale li').text()).toBe('Eintrag')
    expect(w.find('.paged-results__more').exists()).toBe(false)
    await w.setProps({ state: 'ready' })
    await w.get('.paged-results__more button').trigger('click')
    expect(w.emitted('more')).toHaveLength(1)
    await w.setProps({ state: 'loadingMore' })
    const button = w.get('.paged-results__more button')
    expect(button.attributes('aria-disabled')).toBe('true')
    await button.trigger('click')
    expect(w.emitted('more')).toHaveLength(1)
    await w.setProps({ state: 'ready', hasMore: false })
    expect(w.find('.paged-results__more').exists()).toBe(false)
  })

  describe('with a count for screen readers', () => {
    const found = { key: 'admin.users.found', moreKey: 'admin.users.shownMore', testid: 'list-status' }
    const status = (w: ReturnType<typeof mountResults>) => w.get('[data-testid="list-status"]')

    it('says "loading", then how many were found, in a hidden status line outside the busy frame', async () => {
      const w = mountResults({ state: 'loading', found, class: 'users__results' } as Partial<Props> & Pick<Props, 'state'>)
      expect(status(w).attributes('role')).toBe('status')
      expect(status(w).classes()).toEqual(['visually-hidden'])
      expect(status(w).text()).toBe('Wird geladen …')
      expect(w.get('.paged-results').element.contains(status(w).element)).toBe(false)
      // The parent's class goes to the frame, not to the status line.
      expect(w.get('.paged-results').classes()).toContain('users__results')
      await w.setProps({ state: 'ready', count: 0 })
      expect(status(w).text()).toBe('Kein Konto gefunden')
      await w.setProps({ count: 1 })
      expect(status(w).text()).toBe('1 Konto gefunden')
      await w.setProps({ count: 4 })
      expect(status(w).text()).toBe('4 Konten gefunden')
    })

    it('says that more are there when another page exists, and nothing while a failure or "more" is on', async () => {
      const w = mountResults({ state: 'ready', count: 25, hasMore: true, found })
      expect(status(w).text()).toBe('25 Konten angezeigt, weitere vorhanden')
      await w.setProps({ state: 'loadingMore' })
      expect(status(w).text()).toBe('')
      await w.setProps({ state: 'failed', failure: new ApiError(503, 'DATABASE_UNAVAILABLE', 'down') })
      expect(status(w).text()).toBe('')
    })

    it('speaks English, and counts with the plain key when there is no "more" key', async () => {
      i18n.global.locale.value = 'en'
      const w = mountResults({ state: 'ready', count: 2, hasMore: true, found: { key: 'privacy.search.found', testid: 'list-status' } })
      expect(status(w).text()).toBe('2 people found')
    })

    it('has no status line without `found`', () => {
      expect(mountResults({ state: 'ready', count: 2 }).find('[role="status"]').exists()).toBe(false)
    })
  })
})

describe('useResource', () => {
  it('loads, fails with the reason, and loads again', async () => {
    const scope = effectScope()
    const fetcher = vi.fn<(signal: AbortSignal) => Promise<number>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(42)
    const resource = scope.run(() => useResource(fetcher))!
    await resource.load()
    expect(resource.state.value).toBe('failed')
    expect((resource.failure.value as Error).message).toBe('offline')
    await resource.load()
    expect(resource.state.value).toBe('ready')
    expect(resource.data.value).toBe(42)
    expect(resource.failure.value).toBeNull()
    scope.stop()
  })

  it('ignores the answer of a load a newer one replaced, and aborts when the view goes away', async () => {
    const scope = effectScope()
    const signals: AbortSignal[] = []
    const resolvers: ((n: number) => void)[] = []
    const resource = scope.run(() =>
      useResource<number>((signal) => {
        signals.push(signal)
        return new Promise((resolve) => resolvers.push(resolve))
      }),
    )!
    const first = resource.load()
    const second = resource.load()
    expect(signals[0]!.aborted).toBe(true)
    resolvers[1]!(2)
    resolvers[0]!(1)
    await Promise.all([first, second])
    expect(resource.data.value).toBe(2)
    void resource.load()
    scope.stop()
    expect(signals[2]!.aborted).toBe(true)
  })

  it('tells "not found" from a failure when asked to, and resets to nothing asked', async () => {
    const scope = effectScope()
    const missing = Object.assign(new Error('gone'), { status: 404 })
    const resource = scope.run(() =>
      useResource(() => Promise.reject(missing), { notFound: (err) => (err as { status?: number }).status === 404 }),
    )!
    await resource.load()
    expect(resource.state.value).toBe('notFound')
    resource.reset()
    expect(resource.state.value).toBe('idle')
    expect(resource.failure.value).toBeNull()
    scope.stop()
  })

  it('is a component-free composable: works inside a component too', async () => {
    const Probe = defineComponent({
      setup() {
        const r = useResource(async () => 'da')
        void r.load()
        return () => h('p', r.state.value === 'ready' ? String(r.data.value) : '…')
      },
    })
    const w = mount(Probe)
    await flushPromises()
    expect(w.text()).toBe('da')
  })
})

describe('field limits from the shared schemas', () => {
  it('reads length, pattern and range, also through optional and nullable wrappers', async () => {
    const { StatusChange, PhoneNumber } = await import('@wohnlotse/shared')
    const { fieldLimits, limitsOf } = await import('../src/lib/schema-limits.ts')
    expect(limitsOf(StatusChange, 'reason')).toEqual({ maxlength: 2000, minlength: 1 })
    expect(fieldLimits({ anyOf: [{ type: 'string', maxLength: 40, pattern: '^[0-9]+$' }, { type: 'null' }] })).toEqual({ maxlength: 40, pattern: '^[0-9]+$' })
    expect(fieldLimits({ type: 'integer', minimum: 15, maximum: 600 })).toEqual({ min: 15, max: 600 })
    expect(fieldLimits(PhoneNumber).pattern).toBe((PhoneNumber as unknown as { pattern: string }).pattern)
  })
})
