/**
 * The receipt time of an inquiry is entered as Dresden wall-clock time, whatever time zone the browser is set
 * to, and sent as an ISO timestamp: the conversions are the office's calendar in packages/shared.
 */
export { berlinMinute, berlinMinuteToIso } from '@wohnlotse/shared'
