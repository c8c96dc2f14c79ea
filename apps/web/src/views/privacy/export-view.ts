import type { ExportRecord } from '@wohnlotse/shared'

/**
 * What the person page makes of the information export (Art. 15): the stored records grouped under their German
 * heading ("Anfrage", "Ansprechperson" …), each field as a readable value. The page reads the export itself rather
 * than a second summary, so what it shows is exactly what the person gets.
 */

export interface RecordGroup {
  title: string
  records: ExportRecord[]
}

/** Records under their heading, in the order the export lists them. */
export function groupRecords(records: readonly ExportRecord[]): RecordGroup[] {
  const groups = new Map<string, ExportRecord[]>()
  for (const record of records) {
    const list = groups.get(record.title)
    if (list) list.push(record)
    else groups.set(record.title, [record])
  }
  return [...groups].map(([title, list]) => ({ title, records: list }))
}

/** Fields that are ids or bookkeeping, not data about the person; they stay in the file, not on the screen. */
const HIDDEN_FIELDS = /(^id$|Id$|_id$|^version$)/

export function visibleFields(record: ExportRecord): [string, unknown][] {
  return Object.entries(record.fields).filter(([key]) => !HIDDEN_FIELDS.test(key))
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

export interface ValueFormat {
  date: (iso: string) => string
  dateTime: (iso: string) => string
  yes: string
  no: string
  none: string
}

/** One value as text: dates in German, lists joined, nested parts as `key: value`, nothing as a dash. */
export function formatExportValue(value: unknown, f: ValueFormat): string {
  if (value === null || value === undefined || value === '') return f.none
  if (typeof value === 'boolean') return value ? f.yes : f.no
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return f.date(value)
    if (ISO_TIME.test(value)) return f.dateTime(value)
    return value
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => formatExportValue(v, f)).join(', ') : f.none
  if (typeof value === 'object') {
    const parts = Object.entries(value).map(([k, v]) => `${humanizeKey(k)}: ${formatExportValue(v, f)}`)
    return parts.length ? parts.join('; ') : f.none
  }
  return String(value)
}

/** A field name as a label when the messages have none for it: `receivedAt` → "received at". */
export function humanizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
}
