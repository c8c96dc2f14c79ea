import { OFFICE_TIME_ZONE, type Label, type Locale } from '@wohnlotse/shared'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Duration } from '../lib/time.ts'

/** Dates are shown as the office in Dresden sees them, whatever the browser's time zone. */
const TIME_ZONE = OFFICE_TIME_ZONE

/**
 * Formatting in the current UI language: labels of reference values (from packages/shared), dates, minutes and
 * lengths of time ("3 Monate", "seit 3 Monaten").
 */
export function useFormat() {
  const { t, locale } = useI18n()
  const current = computed(() => locale.value as Locale)

  const dateFormat = computed(() => new Intl.DateTimeFormat(current.value, { dateStyle: 'medium', timeZone: 'UTC' }))
  const dayOfTimestamp = computed(() => new Intl.DateTimeFormat(current.value, { dateStyle: 'medium', timeZone: TIME_ZONE }))
  const dateTimeFormat = computed(
    () => new Intl.DateTimeFormat(current.value, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }),
  )

  return {
    locale: current,

    /** The label of a reference value: `label(stageLabels, 'concept')` → "Stufe II – Konzeptberatung". */
    label<T extends string>(labels: Record<T, Label>, value: T): string {
      return labels[value][current.value]
    },

    /** A calendar day (YYYY-MM-DD) as "02.03.2026" / "2 Mar 2026"; read as UTC so no time zone shifts it. */
    date(isoDate: string): string {
      return dateFormat.value.format(new Date(`${isoDate}T00:00:00Z`))
    },

    /** The Dresden calendar day of a timestamp. */
    day(timestamp: string): string {
      return dayOfTimestamp.value.format(new Date(timestamp))
    },

    dateTime(timestamp: string): string {
      return dateTimeFormat.value.format(new Date(timestamp))
    },

    minutes(minutes: number): string {
      return t('format.minutes', { n: minutes })
    },

    /** "3 Monate", "weniger als ein Tag". */
    duration(duration: Duration): string {
      return t(`format.duration.${duration.unit}`, { n: duration.count }, duration.count)
    },

    /** "seit 3 Monaten", "seit heute". */
    since(duration: Duration): string {
      return t(`format.since.${duration.unit}`, { n: duration.count }, duration.count)
    },
  }
}
