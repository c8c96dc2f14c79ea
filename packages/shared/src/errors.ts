import Type, { type Static } from 'typebox'

/**
 * Every expected failure the API answers with, and its HTTP status. Defined once: the API throws
 * these codes, the SPA translates them (apps/web/src/i18n), tests assert them.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  /** A text field, query value or header holds a NUL character, which PostgreSQL cannot store. */
  INVALID_CHARACTERS: 400,
  /** A paging cursor that this API did not hand out (or one for another list). */
  INVALID_CURSOR: 400,
  /** A report period names a day that does not exist (e.g. 2026-02-30). */
  REPORT_DATE_INVALID: 400,
  /** A report period ends before it starts. */
  REPORT_PERIOD_REVERSED: 400,
  /** A report period is longer than two years. */
  REPORT_PERIOD_TOO_LONG: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  /** The sign-in ticket of the second step is unknown, expired or for another step: start again. */
  MFA_TICKET_INVALID: 401,
  FORBIDDEN: 403,
  ROLE_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  /** The client did not finish sending its request in time. */
  REQUEST_TIMEOUT: 408,
  EMAIL_TAKEN: 409,
  STAGE_UNCHANGED: 409,
  STATUS_UNCHANGED: 409,
  CONTRACT_NUMBER_TAKEN: 409,
  CONTRACT_IN_USE: 409,
  BUDGET_EXCEEDED: 409,
  BUDGET_BELOW_COMMITTED: 409,
  CONTRACT_VOLUME_EXCEEDED: 409,
  GRANT_EXCEEDED: 409,
  GRANT_HAS_PENDING_ENTRIES: 409,
  ENTRY_LOCKED: 409,
  STATEMENT_FINALIZED: 409,
  /** Someone else changed the same records at the same moment and retrying did not help: try again. */
  CONCURRENT_UPDATE: 409,
  /** A unique rule of the database refused the change (a duplicate). */
  DUPLICATE: 409,
  /** The change refers to a record that does not exist (any more), or one still refers to it. */
  REFERENCE_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CANNOT_CHANGE_OWN_ACCOUNT: 422,
  CURRENT_PASSWORD_WRONG: 422,
  /** On a list of common or breached passwords (or such a word padded with digits). */
  PASSWORD_TOO_COMMON: 422,
  /** The TOTP or recovery code is wrong, used already, or replayed. */
  MFA_CODE_WRONG: 422,
  /** Two-factor login is set up already (turn it off first to set up a new device). */
  MFA_ALREADY_ENABLED: 409,
  /** Confirm without a setup, or reset/turn off where nothing is set up. */
  MFA_NOT_SET_UP: 409,
  /** The Idempotency-Key was used before for a different request (another body or another grant). */
  IDEMPOTENCY_KEY_REUSED: 422,
  REASON_REQUIRED: 422,
  /** Closing a group names its cause from CLOSE_REASONS. */
  CLOSE_REASON_REQUIRED: 422,
  /** A closing cause was given for a change that does not close the group. */
  CLOSE_REASON_NOT_CLOSING: 422,
  GROUP_CLOSED: 422,
  NOT_AN_ADVISOR: 422,
  INVALID_DATE_RANGE: 422,
  GROUP_NOT_IN_EXPERT_STAGE: 422,
  GROUP_NOT_ACTIVE: 422,
  CONTRACT_NOT_VALID: 422,
  GRANT_CLOSED: 422,
  DATE_OUTSIDE_CONTRACT: 422,
  /** Only a month that has ended (in Berlin) can be finalised. */
  MONTH_NOT_ENDED: 422,
  /** A rule the database itself checks (CHECK constraint) refused the change. */
  RULE_VIOLATED: 422,
  TOO_MANY_ATTEMPTS: 429,
  HEADERS_TOO_LARGE: 431,
  // Front desk (offers, inquiries, referrals)
  OFFER_NAME_TAKEN: 409,
  INQUIRY_ALREADY_CLOSED: 409,
  INQUIRY_ALREADY_CONVERTED: 409,
  REFERRAL_PENDING: 409,
  INQUIRY_CLOSED: 422,
  INQUIRY_CONVERTED: 422,
  OFFER_INACTIVE: 422,
  UNKNOWN_OFFER: 422,
  UNKNOWN_INQUIRY: 422,
  UNKNOWN_GROUP: 422,

  // Data protection (privacy)
  /** A person reference that is not `inquiry:`, `contact:` or `user:` followed by a lower-case UUID. */
  INVALID_PERSON_REF: 400,
  PERSON_ALREADY_ERASED: 409,
  /** An account linked to a grant that is still active cannot be erased (the grant must be closed first). */
  LEGAL_HOLD_OPEN_GRANT: 409,
  /** An account with hours not yet on a finalised statement cannot be erased (billing must be completed first). */
  LEGAL_HOLD_UNBILLED_HOURS: 409,
  RESTRICTION_UNCHANGED: 409,
  CONSENT_ALREADY_WITHDRAWN: 409,
  RETENTION_RUN_IN_PROGRESS: 409,
  /** Restriction and consents apply to enquirers and contact persons, not to staff accounts. */
  NOT_FOR_ACCOUNTS: 422,

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
