/** Calendar arithmetic on ISO dates: the office's calendar in packages/shared. */
export { addDays } from '@wohnlotse/shared'
