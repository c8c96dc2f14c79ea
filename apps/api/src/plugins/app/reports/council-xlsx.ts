import { withheldMark, type CouncilReport, type ReportCell, type ReportUnit } from '@wohnlotse/shared'
import { columnHeader, periodText } from './council-csv.ts'

/** The number a spreadsheet cell holds: hours for minutes, euros for cents; the rest as they are. */
export function xlsxNumber(value: number, unit: ReportUnit): number {
  return unit === 'minutes' ? value / 60 : unit === 'cents' ? value / 100 : value
}

const NUMBER_FORMAT: Record<ReportUnit, string> = {
  count: '#,##0',
  minutes: '#,##0.00',
  cents: '#,##0.00 "€"',
  percent: '0.0',
  days: '0.0',
}

function value(cell: ReportCell, unit: ReportUnit, k: number): number | string | null {
  if (cell.value === null) return cell.flag === 'none' ? null : withheldMark(cell.flag, k)
  return xlsxNumber(cell.value, unit)
}

/** Excel forbids some characters in sheet names and allows 31 at most. */
const sheetName = (title: string) => title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31)

/** The report as XLSX: one sheet per section, its tables one below the other, figures as numbers. Always suppressed. */
export async function councilXlsx(report: CouncilReport): Promise<Buffer> {
  // Loaded on first use: exceljs is megabytes of heap the API's every-day requests never need.
  const { default: ExcelJS } = await import('exceljs')
  const k = report.minCellSize
  const book = new ExcelJS.Workbook()
  book.creator = 'Wohnlotse'
  book.created = new Date(report.generatedAt)
  for (const section of report.sections) {
    const sheet = book.addWorksheet(sheetName(section.title.de))
    sheet.addRow([`${section.title.de} – Zeitraum ${periodText(report)}`]).font = { bold: true, size: 14 }
    for (const table of section.tables) {
      sheet.addRow([])
      sheet.addRow([table.title.de]).font = { bold: true }
      const header = sheet.addRow([table.rowHeader.de, ...table.columns.map(columnHeader)])
      header.font = { bold: true }
      for (const row of table.rows) {
        const added = sheet.addRow([row.label.de, ...row.cells.map((c, j) => value(c, table.columns[j]!.unit, k))])
        if (row.total) added.font = { bold: true }
        table.columns.forEach((c, j) => {
          const target = added.getCell(j + 2)
          target.numFmt = NUMBER_FORMAT[c.unit]
          if (typeof target.value === 'string') target.alignment = { horizontal: 'right' }
        })
      }
      if (table.note) sheet.addRow([`Hinweis: ${table.note.de}`]).font = { italic: true }
    }
    sheet.getColumn(1).width = 48
    for (let i = 2; i <= 8; i++) sheet.getColumn(i).width = 18
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
