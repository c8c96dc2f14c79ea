import { formatDuration, statementStatusLabels, timeEntryActivityLabels, type Statement, type TimeEntry } from '@wohnlotse/shared'

const HEADER = [
  'Rahmenvertrag',
  'Fachberater:in',
  'Abrechnungsmonat',
  'Status',
  'Block',
  'Leistungsmonat',
  'Datum',
  'Gruppe',
  'Tätigkeit',
  'Beschreibung',
  'Minuten',
  'Dauer',
  'Stundensatz netto (EUR)',
  'USt-Satz (%)',
  'Netto (EUR)',
  'USt (EUR)',
  'Brutto (EUR)',
]

/**
 * A statement as one table that German Excel opens correctly and can filter and sort: UTF-8 with BOM, semicolons,
 * decimal commas, dates as DD.MM.YYYY; the header first, one row per entry (the "Block" column tells the month's
 * own entries from its Nachträge), the totals as the last row. Every row repeats contract, month and status so a
 * filtered row still says what it is. Money only on the totals row: it is rounded once on the total (money.ts), so
 * per-entry amounts would not add up to it. Durations as in the UI ("1,5 Std.") beside the plain minutes to sum.
 * Cells that a spreadsheet would run as a formula are defused with a quote.
 */
export function statementCsv(s: Statement): string {
  const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',')
  const day = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`
  const month = (m: string) => `${m.slice(5, 7)}.${m.slice(0, 4)}`
  const cell = (value: string | number) => {
    let text = String(value)
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const row = (cells: (string | number)[]) => cells.map(cell).join(';')
  const status = s.finalizedAt ? `${statementStatusLabels.finalized.de} am ${day(s.finalizedAt.slice(0, 10))}` : statementStatusLabels[s.status].de
  const common = [s.contractNumber, s.advisorName, month(s.month), status]
  const rate = [euros(s.hourlyRateCents), s.vatRatePercent]
  const entryRow = (block: string) => (e: TimeEntry) =>
    row([...common, block, month(e.date.slice(0, 7)), day(e.date), e.groupName, timeEntryActivityLabels[e.activity].de, e.description ?? '', e.minutes, formatDuration(e.minutes, 'de'), ...rate, '', '', ''])
  const lines = [
    row(HEADER),
    ...s.entries.map(entryRow('Leistung')),
    ...s.lateEntries.map(entryRow('Nachtrag')),
    row([...common, 'Summe', '', '', '', '', '', s.totalMinutes, formatDuration(s.totalMinutes, 'de'), ...rate, euros(s.netCents), euros(s.vatCents), euros(s.grossCents)]),
  ]
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
