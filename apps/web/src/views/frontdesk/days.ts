/** Calendar arithmetic on ISO days: the office's calendar in packages/shared. */
export { addDays, daysBetween } from '@wohnlotse/shared'
