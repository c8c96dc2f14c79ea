import type { Label, Locale } from '@wohnlotse/shared'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { formatEuro, formatHours, formatMonth } from '../lib/money-hours.ts'

/** Money, hours and months in the current UI language (see lib/money-hours.ts), plus labels of shared enums. */
export function useFachberatungFormat() {
  const { locale } = useI18n()
  const current = computed(() => locale.value as Locale)

  return {
    locale: current,
    /** 123456 → "1.234,56 €". */
    euro: (cents: number) => formatEuro(cents, current.value),
    /** 90 → "1,5 Std.". */
    hours: (minutes: number) => formatHours(minutes, current.value),
    /** "2026-03" → "März 2026". */
    month: (month: string) => formatMonth(month, current.value),
    label: <T extends string>(labels: Record<T, Label>, value: T) => labels[value][current.value],
  }
}
