import { ErrorResponse } from '@wohnlotse/shared'

/** Response schemas for the error statuses a route can answer, all in the one error format. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse])) as Record<S, typeof ErrorResponse>
}
