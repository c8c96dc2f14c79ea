/**
 * Example values generated from JSON Schemas, so every operation in the OpenAPI document carries a request
 * and a response example without hand-written ones drifting from the contracts. The values are plausible
 * for this domain (German names are left out on purpose: an example is no place for made-up personal data).
 */

type Schema = {
  $ref?: string
  type?: string | string[]
  format?: string
  enum?: unknown[]
  const?: unknown
  default?: unknown
  example?: unknown
  examples?: unknown[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  nullable?: boolean
  minimum?: number
  exclusiveMinimum?: number | boolean
  maximum?: number
  multipleOf?: number
  minLength?: number
  maxLength?: number
  minItems?: number
  pattern?: string
}

const SAMPLE_UUID = '3f2b8c1e-7a4d-4e9b-9c2a-5d6e7f8a9b0c'

/** Values for string formats, and for patterns the contracts use (tried in order until one matches). */
const FORMATS: Record<string, string> = {
  uuid: SAMPLE_UUID,
  'date-time': '2026-03-02T09:30:00.000Z',
  date: '2026-03-02',
  email: 'person@example.org',
  uri: 'https://example.org',
  time: '09:30:00',
}
const PATTERN_CANDIDATES = ['2026-03', '2026-03-02', '2026', 'example', 'Example text', 'a1b2c3', '123456', 'ABCDEFGHIJKLMNOP', SAMPLE_UUID, 'DE-2026-001']

/** Strings chosen by the property's name where the name says what it holds. */
function byName(name: string | undefined): string | undefined {
  if (!name) return undefined
  const n = name.toLowerCase()
  if (n.includes('email')) return 'person@example.org'
  if (n === 'password' || n.endsWith('password')) return 'correct-horse-battery-staple'
  if (n.includes('phone')) return '+49 351 0000000'
  if (n === 'name' || n.endsWith('name')) return 'Example'
  if (n.includes('token') || n === 'ticket') return 'eyJhbGciOi…'
  if (n === 'code') return '123456'
  return undefined
}

function stringFor(schema: Schema, name?: string): string {
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? Infinity
  const fits = (v: string) => v.length >= min && v.length <= max && (!schema.pattern || new RegExp(schema.pattern, 'u').test(v))
  const candidates = [schema.format ? FORMATS[schema.format] : undefined, byName(name), ...(schema.pattern ? PATTERN_CANDIDATES : ['Example text'])]
  for (const candidate of candidates) if (candidate !== undefined && fits(candidate)) return candidate
  const padded = 'x'.repeat(Math.max(min, 1))
  return fits(padded) ? padded : (candidates.find((c) => c !== undefined) ?? 'string')
}

function numberFor(schema: Schema, integer: boolean): number {
  let value = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1
  if (schema.exclusiveMinimum === true) value += 1
  if (schema.multipleOf) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum
  return integer ? Math.round(value) : value
}

/**
 * An example value valid for `schema`. `resolve` looks up `$ref`s (components of the document);
 * `name` is the property the value is for; `seen` stops recursion through self-referencing schemas.
 */
export function exampleFor(schema: Schema | undefined, resolve: (ref: string) => Schema | undefined, name?: string, seen: Set<string> = new Set()): unknown {
  if (!schema || typeof schema !== 'object') return null
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return null
    return exampleFor(resolve(schema.$ref), resolve, name, new Set([...seen, schema.$ref]))
  }
  if (schema.example !== undefined) return schema.example
  if (schema.examples?.length) return schema.examples[0]
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return schema.enum.find((v) => v !== null) ?? schema.enum[0]
  if (schema.default !== undefined) return schema.default
  const variants = schema.anyOf ?? schema.oneOf
  if (variants?.length) {
    // The first variant that is not just `null`: an example should show the value, not its absence.
    const chosen = variants.find((v) => !(v.type === 'null' || (v.enum?.length === 1 && v.enum[0] === null))) ?? variants[0]
    return exampleFor(chosen, resolve, name, seen)
  }
  if (schema.allOf?.length) {
    return Object.assign({}, ...schema.allOf.map((part) => exampleFor(part, resolve, name, seen) as object))
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, prop] of Object.entries(schema.properties ?? {})) out[key] = exampleFor(prop, resolve, key, seen)
      return out
    }
    case 'array': {
      const item = exampleFor(schema.items, resolve, name, seen)
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => item)
    }
    case 'string':
      return stringFor(schema, name)
    case 'integer':
      return numberFor(schema, true)
    case 'number':
      return numberFor(schema, false)
    case 'boolean':
      return true
    case 'null':
      return null
  }
  return {}
}
