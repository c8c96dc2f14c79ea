/**
 * The input attributes a form field takes from the API's own schema (`packages/shared`), so a form never allows
 * what the API refuses and the two cannot drift apart: `maxlength`/`minlength` for strings, `pattern` where the
 * schema has one, `min`/`max` for numbers.
 */
export interface FieldLimits {
  maxlength?: number
  minlength?: number
  pattern?: string
  min?: number
  max?: number
}

/** What the SPA reads of a JSON schema (TypeBox schemas are plain JSON schema objects). */
type JsonSchema = object

/** Unwraps optional/nullable unions down to their one non-null member. */
function concrete(schema: JsonSchema): Record<string, unknown> {
  const s = schema as Record<string, unknown>
  const members = (s.anyOf ?? s.oneOf) as Record<string, unknown>[] | undefined
  if (members) {
    const real = members.filter((m) => m.type !== 'null')
    if (real.length === 1) return real[0]!
  }
  return s
}

export function fieldLimits(schema: JsonSchema): FieldLimits {
  const s = concrete(schema)
  const limits: FieldLimits = {}
  if (typeof s.maxLength === 'number') limits.maxlength = s.maxLength
  if (typeof s.minLength === 'number') limits.minlength = s.minLength
  if (typeof s.pattern === 'string') limits.pattern = s.pattern
  if (typeof s.minimum === 'number') limits.min = s.minimum
  if (typeof s.maximum === 'number') limits.max = s.maximum
  return limits
}

/** The limits of one property of an object schema, e.g. `limitsOf(StatusChange, 'reason')`. */
export function limitsOf<S extends { properties: Record<string, JsonSchema> }>(schema: S, property: keyof S['properties'] & string): FieldLimits {
  const prop = schema.properties[property]
  if (!prop) throw new Error(`the schema has no property ${property}`)
  return fieldLimits(prop)
}
