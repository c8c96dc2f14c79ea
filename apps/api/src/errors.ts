import { ERROR_CODES, type ErrorCode, type ErrorResponse } from '@wohnlotse/shared'

type Detail = NonNullable<ErrorResponse['details']>[number]

/** An expected failure: its status comes from the one code table in packages/shared. */
export class AppError extends Error {
  readonly statusCode: number
  /** Extra response headers, e.g. Retry-After on 429. */
  headers: Record<string, string> = {}
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Detail[],
  ) {
    super(message)
    this.statusCode = ERROR_CODES[code]
  }

  withHeaders(headers: Record<string, string>): this {
    Object.assign(this.headers, headers)
    return this
  }

  toResponse(): ErrorResponse {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    }
  }
}

export const appError = (code: ErrorCode, message: string, details?: Detail[]) => new AppError(code, message, details)

/** The answer for anything the caller may not see: the same as for something that does not exist. */
export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', `${what} not found`)
