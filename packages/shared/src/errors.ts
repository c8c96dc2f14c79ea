import Type, { type Static } from 'typebox'

/**
 * Every expected failure the API answers with, and its HTTP status. Defined once: the API throws
 * these codes, the SPA translates them (apps/web/src/i18n), tests assert them.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  ROLE_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  EMAIL_TAKEN: 409,
  STAGE_UNCHANGED: 409,
  STATUS_UNCHANGED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CANNOT_CHANGE_OWN_ACCOUNT: 422,
  REASON_REQUIRED: 422,
  GROUP_CLOSED: 422,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  DATABASE_UNAVAILABLE: 503,
} as const

export type ErrorCode = keyof typeof ERROR_CODES
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[]

export const ErrorDetail = Type.Object({
  /** JSON pointer of the offending field, e.g. `/email`; empty for the whole body. */
  path: Type.String(),
  message: Type.String(),
})

/** The one error format of the API. */
export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.Enum(ERROR_CODE_LIST),
    message: Type.String(),
    details: Type.Optional(Type.Array(ErrorDetail)),
  },
  { $id: 'ErrorResponse' },
)
export type ErrorResponse = Static<typeof ErrorResponse>
