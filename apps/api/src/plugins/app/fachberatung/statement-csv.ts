import { formatHoursNumber, timeEntryActivityLabels, type Statement } from '@wohnlotse/shared'

/**
 * A statement as CSV that German Excel opens correctly: UTF-8 with BOM, semicolons, decimal commas,
 * dates as DD.MM.YYYY. Cells that a spreadsheet would run as a formula are defused with a quote.
 */
export function statementCsv(s: Statement): string {
  const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',')
  // The UI's one way to write hours (packages/shared/src/durations.ts), as a bare number Excel can add up.
  const hours = (minutes: number) => formatHoursNumber(minutes, 'de', { grouping: false })
  const day = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`
  const cell = (value: string | number) => {
    let text = String(value)
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const row = (...cells: (string | number)[]) => cells.map(cell).join(';')
  const lines = [
    row('Abrechnung Fachberatung', `Rahmenvertrag ${s.contractNumber}`, s.advisorName, `Monat ${s.month.slice(5)}/${s.month.slice(0, 4)}`),
    row('Datum', 'Gruppe', 'Tätigkeit', 'Beschreibung', 'Minuten', 'Stunden'),
    ...s.entries.map((e) => row(day(e.date), e.groupName, timeEntryActivityLabels[e.activity].de, e.description ?? '', e.minutes, hours(e.minutes))),
    row('Summe', '', '', '', s.totalMinutes, hours(s.totalMinutes)),
    row('Stundensatz netto (EUR)', euros(s.hourlyRateCents)),
    row('Netto (EUR)', euros(s.netCents)),
    row(`Umsatzsteuer ${s.vatRatePercent} % (EUR)`, euros(s.vatCents)),
    row('Brutto (EUR)', euros(s.grossCents)),
    row('Status', s.finalizedAt ? `abgeschlossen am ${day(s.finalizedAt.slice(0, 10))}` : 'vorläufig'),
  ]
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
