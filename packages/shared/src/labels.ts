/** A text in both UI languages. German is the office's working language, English the switch. */
export interface Label {
  de: string
  en: string
}

export type Locale = keyof Label
export const LOCALES = ['de', 'en'] as const satisfies readonly Locale[]

/** Labels for every value of an enum; `satisfies` makes a missing value a type error. */
export type Labels<T extends string> = Record<T, Label>
