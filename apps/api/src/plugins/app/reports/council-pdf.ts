import { formatReportNumber, withheldMark, type CouncilReport, type ReportCell, type ReportTable, type ReportUnit } from '@wohnlotse/shared'
import { columnHeader, periodText } from './council-csv.ts'

const MARGIN = 50
const ROW = 15
const BAR_COLOUR = '#1f5f8b'

const text = (cell: ReportCell, unit: ReportUnit, k: number) =>
  cell.value === null && cell.flag !== 'none' ? withheldMark(cell.flag, k) : formatReportNumber(cell.value, unit, 'de')

/** A4 page, German, print-ready: each section on a new page, tables with header rows, bar charts as vectors. */
export async function councilPdf(report: CouncilReport): Promise<Buffer> {
  // Loaded on first use: pdfkit and its fonts are megabytes of heap the API's every-day requests never need.
  const { default: PDFDocument } = await import('pdfkit')
  const k = report.minCellSize
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `Bericht an den Stadtrat ${periodText(report)}`, Author: 'Koordinationsstelle Gemeinschaftliches Wohnen', Subject: 'Berichtswesen Stadtrat' }, lang: 'de-DE' } as PDFKit.PDFDocumentOptions)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const width = doc.page.width - 2 * MARGIN
  const bottom = () => doc.page.height - MARGIN - 20
  const need = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage()
  }

  doc.font('Helvetica-Bold').fontSize(20).text('Bericht an den Stadtrat')
  doc.font('Helvetica').fontSize(12).text('Koordinationsstelle Gemeinschaftliches Wohnen Dresden')
  doc.moveDown(0.5).fontSize(11).text(`Zeitraum: ${periodText(report)}`)
  doc.text(`Vergleich: ${report.previousPeriod.from.split('-').reverse().join('.')} bis ${report.previousPeriod.to.split('-').reverse().join('.')}`)
  doc.text(`Erstellt: ${new Date(report.generatedAt).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })}`)
  doc.moveDown(0.5).fontSize(9).fillColor('#333').text(`Datenschutz: Fallzahlen von 1 bis ${k - 1} erscheinen als „< ${k}“; weitere Werte, aus denen sie sich errechnen ließen, sind mit „•“ gesperrt.`, { width })
  doc.fillColor('black')

  const drawTable = (t: ReportTable) => {
    const first = Math.min(220, width * 0.42)
    const colWidth = (width - first) / Math.max(1, t.columns.length)
    need(ROW * Math.min(t.rows.length + 3, 8))
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text(t.title.de, MARGIN, doc.y, { width })
    doc.moveDown(0.2)
    const row = (label: string, cells: string[], bold: boolean, header = false) => {
      const height = Math.max(ROW, doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).heightOfString(label, { width: first - 6 }) + 4, ...(header ? cells.map((c) => doc.heightOfString(c, { width: colWidth - 6 }) + 4) : []))
      need(height)
      const y = doc.y
      if (header) doc.rect(MARGIN, y, width, height).fill('#e8eef3').fillColor('black')
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5)
      doc.text(label, MARGIN + 3, y + 2, { width: first - 6 })
      cells.forEach((c, j) => doc.text(c, MARGIN + first + j * colWidth + 3, y + 2, { width: colWidth - 6, align: 'right' }))
      doc.moveTo(MARGIN, y + height).lineTo(MARGIN + width, y + height).lineWidth(0.3).strokeColor('#999').stroke()
      doc.x = MARGIN
      doc.y = y + height
    }
    row(t.rowHeader.de, t.columns.map(columnHeader), true, true)
    for (const r of t.rows) row(r.label.de, r.cells.map((c, j) => text(c, t.columns[j]!.unit, k)), r.total)
    if (t.note) doc.moveDown(0.3).font('Helvetica-Oblique').fontSize(7.5).text(t.note.de, MARGIN, doc.y, { width })
    if (t.chart) drawChart(t)
  }

  /** Horizontal bars for the first column (not the totals); a withheld figure gets its mark and no bar. */
  const drawChart = (t: ReportTable) => {
    const bars = t.rows.filter((r) => !r.total)
    const max = Math.max(1, ...bars.map((r) => r.cells[0]?.value ?? 0))
    const label = 170
    const span = width - label - 60
    need(bars.length * 13 + 20)
    doc.moveDown(0.5).font('Helvetica-Oblique').fontSize(8).text(`Diagramm: ${t.title.de} (${t.columns[0]!.label.de})`, MARGIN, doc.y, { width })
    doc.moveDown(0.2)
    for (const r of bars) {
      const y = doc.y
      const cell = r.cells[0]!
      doc.font('Helvetica').fontSize(7.5).fillColor('black').text(r.label.de, MARGIN, y + 1, { width: label - 6, lineBreak: false, ellipsis: true })
      if (cell.value !== null && cell.flag === 'none') {
        const w = (span * cell.value) / max
        if (w > 0) doc.rect(MARGIN + label, y + 1, w, 9).fill(BAR_COLOUR)
        doc.fillColor('black').text(text(cell, t.columns[0]!.unit, k), MARGIN + label + w + 4, y + 1, { lineBreak: false })
      } else {
        doc.fillColor('black').text(text(cell, t.columns[0]!.unit, k), MARGIN + label + 4, y + 1, { lineBreak: false })
      }
      doc.x = MARGIN
      doc.y = y + 13
    }
  }

  report.sections.forEach((section, i) => {
    if (i > 0) doc.addPage()
    else doc.moveDown(1)
    doc.font('Helvetica-Bold').fontSize(15).fillColor('black').text(section.title.de, MARGIN, doc.y, { width })
    for (const table of section.tables) drawTable(table)
  })

  // Page numbers at the foot of every page.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0
    doc.font('Helvetica').fontSize(8).fillColor('#555').text(`Bericht an den Stadtrat, ${periodText(report)} – Seite ${i + 1} von ${range.count}`, MARGIN, doc.page.height - MARGIN, { width, align: 'center', lineBreak: false })
  }
  doc.end()
  return done
}
