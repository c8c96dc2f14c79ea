/** The office's calendar lives in packages/shared (one implementation for API and SPA). */
export { todayInBerlin } from '@wohnlotse/shared'

/** ISO dates (YYYY-MM-DD) compare correctly as strings. */
export const isAfter = (a: string, b: string) => a > b
