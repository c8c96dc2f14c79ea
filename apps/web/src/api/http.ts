import { ERROR_CODES, type ErrorCode, type ErrorResponse } from '@wohnlotse/shared'

/**
 * The one fetch wrapper of the SPA. Every call to the API goes through `request()`: it adds the access token,
 * turns the API's error format into an `ApiError`, and renews an expired session once, silently.
 */

/** Failures that never reach the API, so the API cannot name them. Translated like the API's codes. */
export const CLIENT_ERROR_CODES = ['NETWORK_ERROR', 'UNKNOWN'] as const
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number]
export type ApiErrorCode = ErrorCode | ClientErrorCode

export type ErrorDetail = NonNullable<ErrorResponse['details']>[number]

export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    /** HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    readonly code: ApiErrorCode,
    /** The server's English message, for logs and developers; the UI shows `errorMessage(err)` instead. */
    message: string,
    /** Per-field problems of a VALIDATION_FAILED answer (`path` is a JSON pointer like `/email`). */
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
  }
}

/** How the wrapper reaches the session without importing the store (which itself calls the API). */
export interface SessionHooks {
  /** The current access token, or null when signed out. */
  accessToken: () => string | null
  /** Renews the access token with the refresh cookie; true on success. Concurrent callers share one call. */
  refresh: () => Promise<boolean>
  /** The session cannot be renewed: forget it and send the person to the login page. */
  sessionEnded: () => void
}

let session: SessionHooks = {
  accessToken: () => null,
  refresh: async () => false,
  sessionEnded: () => {},
}

export function connectSession(hooks: SessionHooks): void {
  session = hooks
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON. */
  body?: unknown
  query?: Record<string, string | number | boolean | undefined>
  signal?: AbortSignal
  /** Extra headers such as `Idempotency-Key`; Authorization and Content-Type stay the wrapper's. */
  headers?: Record<string, string>
}

/** Codes after which a fresh access token may help. INVALID_CREDENTIALS and FORBIDDEN are final. */
const RENEWABLE: readonly ApiErrorCode[] = ['UNAUTHENTICATED', 'SESSION_EXPIRED']

/**
 * Login, refresh and logout decide about the session themselves; renewing around them would loop. Other calls
 * below /api/auth (changing one's own password) are ordinary signed-in requests and renew like any other.
 */
const SESSION_PATHS: readonly string[] = ['/api/auth/login', '/api/auth/refresh', '/api/auth/logout']

function isSessionPath(path: string): boolean {
  return SESSION_PATHS.includes(path)
}

export function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return withRenewal(path, () => send<T>(path, options))
}

/** A file the API answered with (`Accept` other than JSON), and the name its `Content-Disposition` suggests. */
export interface DownloadedFile {
  blob: Blob
  filename: string | null
}

/**
 * Fetches a file through the same session handling as `request()`, e.g. a statement as CSV with
 * `accept: 'text/csv'`. Errors still arrive in the API's JSON format and become an `ApiError`.
 */
export function download(path: string, accept: string, options: Omit<RequestOptions, 'body'> = {}): Promise<DownloadedFile> {
  return withRenewal(path, async () => {
    const response = await send<Response>(path, { ...options, headers: { ...options.headers, Accept: accept } }, true)
    return { blob: await response.blob(), filename: filenameOf(response.headers.get('content-disposition')) }
  })
}

/** `attachment; filename="Abrechnung-RV-1-2026-03.csv"` → the file name; null if there is none. */
export function filenameOf(disposition: string | null): string | null {
  const match = /filename="?([^";]+)"?/i.exec(disposition ?? '')
  return match?.[1] ?? null
}

async function withRenewal<T>(path: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt()
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !RENEWABLE.includes(err.code) || isSessionPath(path)) {
      throw err
    }
    if (!(await session.refresh())) {
      session.sessionEnded()
      throw err
    }
    // Exactly one retry: a second 401 right after a successful refresh is not something another refresh fixes.
    return attempt()
  }
}

/** With `raw`, the successful Response itself is returned for the caller to read. */
async function send<T>(path: string, { method = 'GET', body, query, signal, headers: extra }: RequestOptions, raw = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra }
  const token = session.accessToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'

  let response: Response
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : String(err))
  }

  if (!response.ok) throw await toApiError(response)
  if (raw) return response as T
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}

/** A code for answers that are not in the API's format (a proxy's HTML page, an API older than the SPA). */
function codeForStatus(status: number): ApiErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: 'MALFORMED_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    413: 'PAYLOAD_TOO_LARGE',
    414: 'URI_TOO_LONG',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'TOO_MANY_ATTEMPTS',
    431: 'HEADERS_TOO_LARGE',
    503: 'DATABASE_UNAVAILABLE',
  }
  return byStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN')
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: Partial<ErrorResponse> | undefined
  try {
    payload = (await response.json()) as Partial<ErrorResponse>
  } catch {
    payload = undefined
  }
  const code = isErrorCode(payload?.code) ? payload.code : codeForStatus(response.status)
  const message = typeof payload?.message === 'string' ? payload.message : response.statusText
  const details = Array.isArray(payload?.details) ? payload.details : []
  return new ApiError(response.status, code, message, details)
}
