import { formatReportNumber, reportUnitSuffix, withheldMark, type CouncilReport, type ReportCell, type ReportColumn, type ReportTable } from '@wohnlotse/shared'

const day = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`

/** A column header with its unit: "bewilligt (Std.)". */
export function columnHeader(c: ReportColumn): string {
  const unit = reportUnitSuffix[c.unit].de
  return unit ? `${c.label.de} (${unit})` : c.label.de
}

/** A cell as the CSV writes it: a bare number with a decimal comma (no thousands dots), a mark, or empty. */
export function csvValue(cell: ReportCell, unit: ReportColumn['unit'], k: number): string {
  if (cell.flag !== 'none' && cell.value === null) return withheldMark(cell.flag, k)
  return cell.value === null ? '' : formatReportNumber(cell.value, unit, 'de', false)
}

export const periodText = (r: CouncilReport) => `${day(r.period.from)} bis ${day(r.period.to)}`

function cell(value: string): string {
  let text = value
  // A spreadsheet would run these as formulas ("< 3" starts with "<", which is harmless).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
const line = (...cells: string[]) => cells.map(cell).join(';')

function tableLines(t: ReportTable, k: number): string[] {
  return [
    line(t.title.de),
    line(t.rowHeader.de, ...t.columns.map(columnHeader)),
    ...t.rows.map((r) => line(r.label.de, ...r.cells.map((c, j) => csvValue(c, t.columns[j]!.unit, k)))),
    ...(t.note ? [line(`Hinweis: ${t.note.de}`)] : []),
  ]
}

/**
 * The report as CSV for German Excel: UTF-8 with BOM, semicolons, decimal commas. Each table is a block — its
 * title, one header row, its rows — with an empty line between blocks and a section's name before its tables.
 * Always the suppressed report: a withheld figure is "< k" or "•" and no number.
 */
export function councilCsv(report: CouncilReport): string {
  const k = report.minCellSize
  const lines = [
    line('Bericht an den Stadtrat – Koordinationsstelle Gemeinschaftliches Wohnen', `Zeitraum ${periodText(report)}`, `Vorjahreszeitraum ${day(report.previousPeriod.from)} bis ${day(report.previousPeriod.to)}`),
    line(`Kleine Fallzahlen (1 bis ${k - 1}) erscheinen als „< ${k}“, weitere zum Schutz gesperrte Werte als „•“.`),
  ]
  for (const section of report.sections) {
    lines.push('', line(`Abschnitt: ${section.title.de}`))
    for (const table of section.tables) lines.push('', ...tableLines(table, k))
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
