import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

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

const buildSerializer = SerializerSelector()({}, {})
const serializers = new WeakMap<object, (data: unknown) => string>()

/**
 * Fastify's own response serializer (fast-json-stringify), compiled once per schema object instead of once per
 * route and status: every route answers its errors with the same `ErrorResponse` schema, and compiling it ~300
 * times was the larger part of the start-up time.
 */
export const serializerCompiler: FastifySerializerCompiler<object> = (route) => {
  let serialize = serializers.get(route.schema)
  if (!serialize) {
    serialize = buildSerializer(route as Parameters<typeof buildSerializer>[0])
    serializers.set(route.schema, serialize)
  }
  return serialize
}
