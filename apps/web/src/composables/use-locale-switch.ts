import type { Locale } from '@wohnlotse/shared'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { setLocale } from '../i18n/index.ts'

/** The two-language switch: German ⇄ English. */
export function useLocaleSwitch() {
  const { locale } = useI18n()
  const other = computed<Locale>(() => (locale.value === 'de' ? 'en' : 'de'))
  function toggle(): Promise<void> {
    // Should the English messages fail to download (the connection dropped), the page simply stays German.
    return setLocale(other.value).catch(() => undefined)
  }
  return { locale: computed(() => locale.value as Locale), other, toggle }
}
