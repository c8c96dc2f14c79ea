import { describe, expect, it } from 'vitest'
import { ERROR_CODES, ERROR_CODE_LIST, PHONE_MAX_LENGTH, PHONE_PATTERN_SOURCE, PhoneNumber, ROLES, roleLabels, ROLES_MANAGED_BY_COORDINATOR } from '../src/index.ts'

describe('shared definitions', () => {
  it('labels every role in German and English', () => {
    expect(Object.keys(roleLabels).sort()).toEqual([...ROLES].sort())
    for (const role of ROLES) {
      expect(roleLabels[role].de.length).toBeGreaterThan(0)
      expect(roleLabels[role].en.length).toBeGreaterThan(0)
    }
  })

  it('gives every error code a 4xx or 5xx status', () => {
    expect(ERROR_CODE_LIST.length).toBe(Object.keys(ERROR_CODES).length)
    for (const code of ERROR_CODE_LIST) expect(ERROR_CODES[code]).toBeGreaterThanOrEqual(400)
  })

  it('lets coordinators manage only front-desk, advisor and city accounts', () => {
    expect(ROLES_MANAGED_BY_COORDINATOR).toEqual(['frontdesk', 'advisor', 'city'])
  })

  it('takes phone numbers up to PHONE_MAX_LENGTH characters, the pattern and the schema alike', () => {
    const pattern = new RegExp(PHONE_PATTERN_SOURCE)
    expect((PhoneNumber as { maxLength?: number }).maxLength).toBe(PHONE_MAX_LENGTH)
    expect(pattern.test(`+${'1'.repeat(PHONE_MAX_LENGTH - 1)}`)).toBe(true)
    expect(pattern.test(`+${'1'.repeat(PHONE_MAX_LENGTH)}`)).toBe(false)
    expect(pattern.test('0'.repeat(PHONE_MAX_LENGTH))).toBe(false)
    expect(pattern.test('+49 351 000000')).toBe(true)
    expect(pattern.test('(0351) 000000')).toBe(true)
  })
})
