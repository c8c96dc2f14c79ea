import { afterEach, describe, expect, it, vi } from 'vitest'
import { accountPermissions, assignableRoles } from '../src/views/admin/account-permissions.ts'
import { PASSPHRASE_ALPHABET, generatePassphrase } from '../src/views/admin/passphrase.ts'
import { emptyUserForm, toUserCreate, toUserPatch, validateUserEdit, validateUserForm } from '../src/views/admin/user-form.ts'
import { account, SELF_ID } from './admin-fixtures.ts'
import { sessionUser } from './helpers.ts'

describe('assignableRoles()', () => {
  it('lets an admin hand out every role', () => {
    expect(assignableRoles('admin')).toEqual(['admin', 'coordinator', 'frontdesk', 'advisor', 'city'])
  })

  it('lets a coordinator hand out front desk and advisor only', () => {
    expect(assignableRoles('coordinator')).toEqual(['frontdesk', 'advisor', 'city'])
  })

  it.each(['frontdesk', 'advisor', 'city', undefined] as const)('gives %s no role to hand out', (role) => {
    expect(assignableRoles(role)).toEqual([])
  })
})

describe('accountPermissions()', () => {
  const admin = sessionUser('admin')
  const coordinator = sessionUser('coordinator')

  it('lets an admin change every other account entirely', () => {
    expect(accountPermissions(admin, account({ role: 'coordinator' }))).toEqual({
      self: false,
      manage: true,
      rename: true,
      changeRole: true,
      setActive: true,
      resetPassword: true,
    })
  })

  it('lets an admin rename their own account but not change its role or deactivate it', () => {
    expect(accountPermissions(admin, account({ id: SELF_ID, role: 'admin' }))).toEqual({
      self: true,
      manage: true,
      rename: true,
      changeRole: false,
      setActive: false,
      resetPassword: false,
    })
  })

  it('offers a new password only for active accounts: a deactivated one is activated first', () => {
    expect(accountPermissions(admin, account({ active: false }))).toMatchObject({ manage: true, setActive: true, resetPassword: false })
  })

  it('lets a coordinator change advisor and front-desk accounts', () => {
    for (const role of ['advisor', 'frontdesk'] as const) {
      expect(accountPermissions(coordinator, account({ role }))).toMatchObject({ manage: true, changeRole: true, setActive: true, resetPassword: true })
    }
  })

  it('shows a coordinator admin and coordinator accounts read-only, their own included', () => {
    for (const other of [account({ role: 'admin' }), account({ role: 'coordinator' }), account({ id: SELF_ID, role: 'coordinator' })]) {
      expect(accountPermissions(coordinator, other)).toMatchObject({
        manage: false,
        rename: false,
        changeRole: false,
        setActive: false,
        resetPassword: false,
      })
    }
  })
})

describe('generatePassphrase()', () => {
  afterEach(() => vi.restoreAllMocks())

  it('makes five groups of five characters from the 32-symbol alphabet, with the browser crypto', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues')
    const phrase = generatePassphrase()
    expect(spy).toHaveBeenCalledTimes(1)
    expect((spy.mock.calls[0]![0] as Uint8Array).length).toBe(25)
    expect(phrase).toHaveLength(29)
    expect(phrase).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){4}$/)
    expect(phrase).not.toMatch(/[01lo]/)
  })

  it('uses an alphabet without look-alikes, of exactly 32 symbols', () => {
    expect(PASSPHRASE_ALPHABET).toBe('abcdefghijkmnpqrstuvwxyz23456789')
    expect(new Set(PASSPHRASE_ALPHABET).size).toBe(32)
  })

  it('maps random bytes to symbols in order', () => {
    const fill = (bytes: Uint8Array) => bytes.map((_, i) => i)
    expect(generatePassphrase(fill)).toBe('abcde-fghij-kmnpq-rstuv-wxyz2')
    expect(generatePassphrase((bytes) => bytes.fill(255))).toBe('99999-99999-99999-99999-99999')
  })

  it('gives every symbol the same chance (each byte value maps to one symbol, eight bytes per symbol)', () => {
    const counts = new Map<string, number>()
    for (let start = 0; start < 256; start += 25) {
      const phrase = generatePassphrase((bytes) => bytes.map((_, i) => (start + i) % 256))
      const chars = phrase.replaceAll('-', '').slice(0, Math.min(25, 256 - start))
      for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect([...counts.values()]).toEqual(Array(32).fill(8))
  })

  it('differs from call to call', () => {
    const phrases = new Set(Array.from({ length: 20 }, () => generatePassphrase()))
    expect(phrases.size).toBe(20)
  })
})

describe('validateUserForm()', () => {
  const roles = ['frontdesk', 'advisor'] as const

  it('names every missing field', () => {
    expect(validateUserForm(emptyUserForm(), roles)).toEqual({
      name: 'admin.users.form.errors.nameRequired',
      email: 'admin.users.form.errors.emailRequired',
      role: 'admin.users.form.errors.roleRequired',
      password: 'admin.users.form.errors.passwordRequired',
    })
  })

  it('refuses a bad e-mail, a role the signer may not hand out, and a password under 12 characters', () => {
    expect(validateUserForm({ name: 'Erika', email: 'erika@', role: 'admin', password: 'elf zeichen' }, roles)).toEqual({
      email: 'admin.users.form.errors.email',
      role: 'admin.users.form.errors.roleNotAllowed',
      password: 'admin.users.form.errors.passwordTooShort',
    })
  })

  it('accepts a complete form and sends the trimmed name and e-mail, the password as typed', () => {
    const values = { name: '  Erika Muster ', email: ' erika@example.org ', role: 'advisor' as const, password: ' lange passphrase ' }
    expect(validateUserForm(values, roles)).toEqual({})
    expect(toUserCreate(values)).toEqual({ name: 'Erika Muster', email: 'erika@example.org', role: 'advisor', password: ' lange passphrase ' })
  })
})

describe('the edit form', () => {
  it('sends only what changed', () => {
    const original = account()
    expect(toUserPatch({ name: 'Erika Muster', role: 'advisor' }, original)).toEqual({})
    expect(toUserPatch({ name: ' Erika Muster-Lang ', role: 'frontdesk' }, original)).toEqual({ name: 'Erika Muster-Lang', role: 'frontdesk' })
  })

  it('does not check a locked role', () => {
    expect(validateUserEdit({ name: '', role: 'admin' }, ['advisor'], true)).toEqual({ name: 'admin.users.form.errors.nameRequired' })
    expect(validateUserEdit({ name: 'A', role: 'admin' }, ['advisor'], false)).toEqual({ role: 'admin.users.form.errors.roleNotAllowed' })
  })
})
