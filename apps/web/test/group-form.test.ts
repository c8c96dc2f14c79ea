import type { Role } from '@wohnlotse/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { i18n } from '../src/i18n/index.ts'
import { errorsFromDetails, fieldOfPath, firstInvalid } from '../src/lib/field-errors.ts'
import {
  GROUP_FORM_FIELDS,
  emptyGroupForm,
  groupFieldMessage,
  groupFormFrom,
  toGroupCreate,
  toGroupPatch,
  validateGroupForm,
  type GroupFormValues,
} from '../src/views/groups/group-form.ts'
import { nextStage, reasonRequired, stageMove } from '../src/views/groups/stage-rules.ts'
import { GROUP_ID, consultation, contact, group, historyEntry } from './group-fixtures.ts'
import { createTestApp, fakeApi, json, session, type RecordedCall } from './helpers.ts'

const form = (values: Partial<GroupFormValues>): GroupFormValues => ({ ...emptyGroupForm(), ...values })

describe('stage rules', () => {
  it.each([
    ['orientation', 'concept', 'forward', false],
    ['concept', 'expert', 'forward', false],
    ['orientation', 'expert', 'skip', true],
    ['concept', 'orientation', 'back', true],
    ['expert', 'orientation', 'back', true],
    ['concept', 'concept', 'unchanged', false],
  ] as const)('%s → %s is %s (reason required: %s)', (from, to, move, required) => {
    expect(stageMove(from, to)).toBe(move)
    expect(reasonRequired(from, to)).toBe(required)
  })

  it('knows the next stage, and that there is none after Fachberatung', () => {
    expect([nextStage('orientation'), nextStage('concept'), nextStage('expert')]).toEqual(['concept', 'expert', null])
  })
})

describe('validateGroupForm()', () => {
  it('accepts a name alone', () => {
    expect(validateGroupForm(form({ name: 'Wohnhof' }))).toEqual({})
  })

  it('needs a name that is not just spaces, of at most 200 characters', () => {
    expect(validateGroupForm(form({ name: '   ' }))).toEqual({ name: 'groups.form.errors.nameRequired' })
    expect(validateGroupForm(form({ name: 'x'.repeat(201) }))).toEqual({ name: 'groups.form.errors.nameTooLong' })
    expect(validateGroupForm(form({ name: ` ${'x'.repeat(200)} ` }))).toEqual({})
  })

  it.each([
    ['12', undefined],
    [' 7 ', undefined],
    ['', undefined],
    ['2000', undefined],
    ['0', 'groups.form.errors.plannedHomesInteger'],
    ['-3', 'groups.form.errors.plannedHomesInteger'],
    ['12,5', 'groups.form.errors.plannedHomesInteger'],
    ['1e3', 'groups.form.errors.plannedHomesInteger'],
    ['zwölf', 'groups.form.errors.plannedHomesInteger'],
    ['2001', 'groups.form.errors.plannedHomesTooMany'],
  ])('planned homes "%s" → %s', (plannedHomes, error) => {
    expect(validateGroupForm(form({ name: 'Wohnhof', plannedHomes })).plannedHomes).toBe(error)
  })

  it('limits the description to 5000 characters', () => {
    expect(validateGroupForm(form({ name: 'W', description: 'x'.repeat(5001) }))).toEqual({
      description: 'groups.form.errors.descriptionTooLong',
    })
  })
})

describe('toGroupCreate()', () => {
  it('trims, leaves out what is not stated, and keeps the reference order of checked boxes', () => {
    expect(
      toGroupCreate(
        form({ name: ' Wohnhof ', description: '  ', plannedHomes: ' 8 ', targetGroups: ['inclusive', 'families'], languages: ['uk', 'de'] }),
      ),
    ).toEqual({ name: 'Wohnhof', targetGroups: ['families', 'inclusive'], languages: ['de', 'uk'], lifecycle: 'initiative', plannedHomes: 8 })
  })

  it('sends legal form and district when chosen', () => {
    expect(toGroupCreate(form({ name: 'W', legalForm: 'eg', district: 'weixdorf', languages: [] }))).toEqual({
      name: 'W',
      targetGroups: [],
      languages: [],
      lifecycle: 'initiative',
      legalForm: 'eg',
      district: 'weixdorf',
    })
  })
})

describe('toGroupPatch()', () => {
  const original = group()

  it('is empty when nothing changed (also when boxes were ticked in another order)', () => {
    expect(toGroupPatch({ ...groupFormFrom(original), targetGroups: ['multi_generation', 'families'] }, original)).toEqual({})
  })

  it('sends only changed fields, and clears emptied ones with null', () => {
    const values = { ...groupFormFrom(original), name: 'Wohnhof Hecht', description: ' ', district: '', plannedHomes: '', languages: ['de', 'ar'] } as const
    expect(toGroupPatch({ ...values, languages: [...values.languages] }, original)).toEqual({
      name: 'Wohnhof Hecht',
      description: null,
      district: null,
      plannedHomes: null,
      languages: ['de', 'ar'],
    })
  })
})

describe('field errors from API details', () => {
  it('maps JSON pointers to fields, array items to their field, and keeps the rest apart', () => {
    const details = [
      { path: '/plannedHomes', message: 'must be >= 1' },
      { path: '/targetGroups/1', message: 'must be equal to one of the allowed values' },
      { path: '/targetGroups/2', message: 'must be equal to one of the allowed values' },
      { path: '', message: 'must have required property name' },
      { path: '/color', message: 'must NOT have additional properties' },
    ]
    expect(errorsFromDetails(details, GROUP_FORM_FIELDS, groupFieldMessage)).toEqual({
      errors: { plannedHomes: 'groups.form.invalid.plannedHomes', targetGroups: 'groups.form.invalid.targetGroups' },
      unmatched: [details[3], details[4]],
    })
  })

  it('finds the field of a path, or none', () => {
    expect([fieldOfPath('/name', GROUP_FORM_FIELDS), fieldOfPath('/languages/0', GROUP_FORM_FIELDS), fieldOfPath('', GROUP_FORM_FIELDS)]).toEqual([
      'name',
      'languages',
      null,
    ])
  })

  it('names the first invalid field in the order of the form', () => {
    expect(firstInvalid({ plannedHomes: 'x', description: 'y' }, GROUP_FORM_FIELDS)).toBe('description')
    expect(firstInvalid({ languages: 'x', plannedHomes: 'y' }, GROUP_FORM_FIELDS)).toBe('plannedHomes')
    expect(firstInvalid({}, GROUP_FORM_FIELDS)).toBeNull()
  })
})

describe('GroupFormView', () => {
  let wrapper: VueWrapper | undefined

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  async function openForm(role: Role, path: string, routes: Record<string, (call: RecordedCall) => Response> = {}) {
    const app = createTestApp()
    const base = `/api/groups/${GROUP_ID}`
    const api = fakeApi({
      'POST /api/auth/refresh': () => json(200, session('token', role)),
      [`GET ${base}`]: () => json(200, group()),
      [`GET ${base}/stage-history`]: () => json(200, { items: [historyEntry()] }),
      [`GET ${base}/status-history`]: () => json(200, { items: [] }),
      [`GET ${base}/contacts`]: () => json(200, { items: [contact()] }),
      [`GET ${base}/consultations`]: () => json(200, { items: [consultation()] }),
      ...routes,
    })
    await app.router.push(path)
    wrapper = mount(App, { global: { plugins: [app.pinia, app.router, i18n] }, attachTo: document.body })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    return { w: wrapper, router: app.router, api }
  }

  const errorsShown = (w: VueWrapper) => w.findAll('.field__error').map((e) => [e.attributes('id'), e.text()])

  it('checks before sending: German messages at the fields, focus on the first', async () => {
    const { w, api } = await openForm('frontdesk', '/groups/new')
    expect(w.get('h1').text()).toBe('Neue Gruppe anlegen')
    expect(document.title).toBe('Neue Gruppe anlegen – Wohnlotse')

    await w.get('#group-plannedHomes').setValue('12,5')
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(errorsShown(w)).toEqual([
      ['group-name-error', 'Bitte geben Sie den Namen der Gruppe ein.'],
      ['group-plannedHomes-error', 'Bitte geben Sie eine ganze Zahl größer als 0 ein, zum Beispiel 12.'],
    ])
    expect(w.get('#group-name').attributes('aria-invalid')).toBe('true')
    expect(w.get('#group-name').attributes('aria-describedby')).toBe('group-name-error')
    expect(document.activeElement?.id).toBe('group-name')
    expect(w.get('.group-form__card > .notice--error').text()).toBe('Bitte prüfen Sie die markierten Felder.')
    expect(api.routes()).toEqual(['POST /api/auth/refresh'])
  })

  it('shows the API\'s field problems at the fields and focuses the first', async () => {
    const { w } = await openForm('coordinator', '/groups/new', {
      'POST /api/groups': () =>
        json(400, {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'body/plannedHomes must be <= 2000',
          details: [
            { path: '/targetGroups/0', message: 'must be equal to one of the allowed values' },
            { path: '/plannedHomes', message: 'must be <= 2000' },
          ],
        }),
    })
    await w.get('#group-name').setValue('Wohnhof')
    await w.get('#group-plannedHomes').setValue('1500')
    await w.get('form').trigger('submit')
    await flushPromises()

    expect(errorsShown(w)).toEqual([
      ['group-plannedHomes-error', 'Bitte geben Sie eine ganze Zahl von 1 bis 2000 ein.'],
      ['group-targetGroups-error', 'Bitte wählen Sie die Zielgruppen aus der Liste.'],
    ])
    expect(document.activeElement?.id).toBe('group-plannedHomes')
    expect(w.find('[role="alert"]').exists()).toBe(false)
  })

  it('creates the group and opens it, announcing it by name', async () => {
    const { w, router, api } = await openForm('coordinator', '/groups/new', {
      'POST /api/groups': (call) => json(201, group({ ...(call.body as object), id: GROUP_ID })),
    })
    await w.get('#group-name').setValue('Wohnhof Hechtviertel')
    await w.get('#group-district').setValue('neustadt')
    await w.get('#group-plannedHomes').setValue('12')
    await w.get('#group-targetGroups input[value="families"]').setValue(true)
    await w.get('form').trigger('submit')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()

    expect(api.calls.find((c) => c.route === 'POST /api/groups')?.body).toEqual({
      name: 'Wohnhof Hechtviertel',
      targetGroups: ['families'],
      languages: ['de'],
      lifecycle: 'initiative',
      district: 'neustadt',
      plannedHomes: 12,
    })
    expect(router.currentRoute.value.fullPath).toBe(`/groups/${GROUP_ID}`)
    expect(w.get('.group-detail [role="status"]').text()).toBe('Die Gruppe „Wohnhof Hechtviertel“ wurde angelegt.')
  })

  it('edits a group with the saved values filled in, and sends only the change', async () => {
    const { w, router, api } = await openForm('coordinator', `/groups/${GROUP_ID}/edit`, {
      [`PATCH /api/groups/${GROUP_ID}`]: () => json(200, group({ lifecycle: 'construction' })),
    })
    expect(w.get('h1').text()).toBe('Wohnhof Hechtviertel bearbeiten')
    expect((w.get('#group-name').element as HTMLInputElement).value).toBe('Wohnhof Hechtviertel')
    expect((w.get('#group-legalForm').element as HTMLSelectElement).value).toBe('verein')
    expect((w.get('#group-plannedHomes').element as HTMLInputElement).value).toBe('12')
    expect(w.findAll('#group-targetGroups input:checked').map((i) => (i.element as HTMLInputElement).value)).toEqual([
      'families',
      'multi_generation',
    ])

    await w.get('#group-lifecycle').setValue('construction')
    await w.get('form').trigger('submit')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()

    expect(api.calls.find((c) => c.route.startsWith('PATCH'))?.body).toEqual({ lifecycle: 'construction' })
    expect(router.currentRoute.value.fullPath).toBe(`/groups/${GROUP_ID}`)
    expect(w.get('.group-detail [role="status"]').text()).toBe('Die Änderungen wurden gespeichert.')
  })

  it('is not there for the front desk', async () => {
    const { w } = await openForm('frontdesk', `/groups/${GROUP_ID}/edit`)
    expect(w.get('h1').text()).toBe('Seite nicht gefunden')
  })
})
