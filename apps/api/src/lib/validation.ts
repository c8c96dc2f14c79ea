import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

// ajv-formats ships CommonJS; under ESM its function sits on `default`.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule

const shared: Options = {
  // Unknown fields are an error (400), never silently dropped: a typo must not look like success.
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  strict: false,
}

function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({ ...shared, coerceTypes })
  addFormats(ajv)
  return ajv
}

// Bodies are JSON and must already have the right types ("5" is not 5); query strings, params and
// headers are always text, so they are coerced.
const bodyAjv = makeAjv(false)
const textAjv = makeAjv('array')

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema)
