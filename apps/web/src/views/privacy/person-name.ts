import type { PersonSummary } from '@wohnlotse/shared'

/** An inquiry may be recorded without a name; it is then named by where it appears ("Anfrage vom 02.03.2026"). */
export function personName(person: Pick<PersonSummary, 'name' | 'context'>, t: (key: string, values: Record<string, string>) => string): string {
  return person.name ?? t('privacy.unnamedWithContext', { name: person.context })
}
