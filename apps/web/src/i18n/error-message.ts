import { ApiError } from '../api/http.ts'
import { i18n } from './index.ts'

/**
 * The one place that turns a failure into text for people. The API's `message` is English and technical; the
 * UI shows the translation of its `code` instead (every code has one, see test/i18n.test.ts).
 */
export function errorMessage(err: unknown): string {
  const code = err instanceof ApiError ? err.code : 'UNKNOWN'
  return i18n.global.t(`errors.${code}`)
}
