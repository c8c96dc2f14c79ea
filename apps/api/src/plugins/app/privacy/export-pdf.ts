import { consentPurposeLabels, personKindLabels, type PersonExport } from '@wohnlotse/shared'

const dateTimeDe = (iso: string) => new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' })

/** Readable values: null as "—", objects as compact JSON, ISO timestamps in German. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? 'ja' : 'nein'
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? dateTimeDe(value) : value
  if (Array.isArray(value) && value.length === 0) return '—'
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/**
 * The information export as a German PDF. pdfkit's standard fonts (Helvetica, WinAnsi) cover ä, ö, ü, ß and €,
 * which is all German text needs; nothing is embedded, so the file stays small.
 */
export async function exportPdf(data: PersonExport): Promise<Buffer> {
  // Loaded on first use, like the council report's PDF (see council-pdf.ts).
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Auskunft nach Art. 15 DSGVO', Author: 'Koordinationsstelle Gemeinschaftliches Wohnen' } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const heading = (text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.3).font('Helvetica').fontSize(10)
  const line = (label: string, value: unknown) => doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(show(value))

  doc.font('Helvetica-Bold').fontSize(18).text('Auskunft über gespeicherte Daten')
  doc.font('Helvetica').fontSize(10).text('nach Art. 15 DSGVO — Koordinationsstelle Gemeinschaftliches Wohnen')
  doc.text(`Erstellt am ${dateTimeDe(data.generatedAt)}`)

  heading('Person')
  line('Art', personKindLabels[data.person.kind].de)
  line('Name', data.person.name)
  line('E-Mail', data.person.email)
  line('Telefon', data.person.phone)
  line('Zusammenhang', data.person.context)
  line('Verarbeitung eingeschränkt', data.restriction.restricted)

  heading('Gespeicherte Daten')
  if (data.records.length === 0) doc.text('Keine.')
  for (const record of data.records) {
    doc.moveDown(0.4).font('Helvetica-Bold').text(record.title)
    for (const [key, value] of Object.entries(record.fields)) line(key, value)
  }

  heading('Einwilligungen')
  if (data.consents.length === 0) doc.text('Keine erfasst.')
  for (const c of data.consents) {
    const withdrawn = c.withdrawnOn ? `, widerrufen am ${c.withdrawnOn}` : ''
    doc.text(`${consentPurposeLabels[c.purpose].de}: erteilt am ${c.givenOn}${withdrawn}`)
  }

  heading('Änderungsprotokoll')
  doc.text('Das Protokoll speichert keine personenbezogenen Werte, nur welche Felder sich geändert haben.')
  for (const a of data.audit) {
    const changed = [a.before, a.after].flatMap((s) => (Array.isArray(s?.changedPersonalFields) ? (s.changedPersonalFields as string[]) : []))
    doc.text(`${dateTimeDe(a.at)} — ${a.action}${changed.length ? ` (geänderte Felder: ${changed.join(', ')})` : ''}`)
  }

  heading('Informationen nach Art. 15 Abs. 1 DSGVO')
  for (const section of data.information) {
    doc.font('Helvetica-Bold').text(section.heading).font('Helvetica').text(section.text).moveDown(0.3)
  }
  doc.end()
  return done
}
