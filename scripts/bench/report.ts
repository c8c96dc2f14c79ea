/** The result table: printed, and written between the markers of docs/benchmarks.md with the machine it ran on. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { median, spread, type Sample } from './measure.ts'
import { repoRoot } from './setup.ts'

export interface Figure {
  name: string
  unit: string
  /** Higher is better for rates, lower for latencies and memory. */
  higherIsBetter: boolean
  app: Sample[]
  /** The reference measured in the same run (raw pg, or one process for the two-process figures). */
  ref: Sample[]
  target: string
  /** Whether the target holds, from the medians; undefined where there is none. */
  holds?: (app: number, ref: number, appP99: number, refP99: number) => boolean
  note?: string
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const fmtMs = (n: number | undefined) => (n === undefined ? '–' : n < 10 ? fmt(n, 2) : fmt(n, 1))

export function summarise(f: Figure) {
  const app = median(f.app.map((s) => s.value))
  const ref = f.ref.length ? median(f.ref.map((s) => s.value)) : NaN
  const p = (list: Sample[], key: 'p50' | 'p99') => (list.length && list[0]![key] !== undefined ? median(list.map((s) => s[key]!)) : undefined)
  const appP99 = p(f.app, 'p99')
  const refP99 = p(f.ref, 'p99')
  return {
    app,
    ref,
    ratio: f.ref.length ? app / ref : NaN,
    appP50: p(f.app, 'p50'),
    appP99,
    refP50: p(f.ref, 'p50'),
    refP99,
    rounds: f.app.length,
    spread: spread(f.app.map((s) => s.value)),
    errors: f.app.reduce((n, s) => n + (s.errors ?? 0), 0),
    holds: f.holds ? f.holds(app, ref, appP99 ?? NaN, refP99 ?? NaN) : undefined,
  }
}

const HEADER = ['figure', 'app', 'reference', 'ratio', 'app p50/p99 ms', 'ref p50/p99 ms', 'rounds', 'spread', 'errors', 'target', 'holds']

function rows(figures: Figure[]): string[][] {
  return figures.map((f) => {
    const s = summarise(f)
    const digits = f.unit === 'ms' ? 2 : 0
    const value = (n: number) => (Number.isNaN(n) ? '–' : `${f.unit === 'ms' ? fmtMs(n) : fmt(n, digits)} ${f.unit}`)
    return [
      f.name,
      value(s.app),
      value(s.ref),
      Number.isNaN(s.ratio) ? '–' : `${fmt(s.ratio, 2)}×`,
      s.appP50 === undefined ? '–' : `${fmtMs(s.appP50)} / ${fmtMs(s.appP99)}`,
      s.refP50 === undefined ? '–' : `${fmtMs(s.refP50)} / ${fmtMs(s.refP99)}`,
      String(s.rounds),
      `±${fmt(s.spread / 2, 0)} %`,
      String(s.errors),
      f.target,
      s.holds === undefined ? '–' : s.holds ? 'yes' : '**no**',
    ]
  })
}

export function machine(): string[] {
  const cpus = os.cpus()
  return [
    `- CPU: ${cpus.length} × ${cpus[0]?.model ?? 'unknown'} (${cpus[0]?.speed ?? '?'} MHz)`,
    `- memory: ${fmt(os.totalmem() / 2 ** 30, 1)} GiB; load average at start: ${os.loadavg().map((l) => fmt(l, 2)).join(', ')}`,
    `- ${os.type()} ${os.release()}, Node ${process.version}, ${new Date().toISOString()}`,
  ]
}

export function printTable(figures: Figure[]): void {
  const all = [HEADER, ...rows(figures)]
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)))
  for (const r of all) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '))
}

const START = '<!-- bench:start (written by `pnpm bench`; edit outside the markers) -->'
const END = '<!-- bench:end -->'

/** Replaces the generated part of docs/benchmarks.md, keeping whatever is written around it. */
export function writeDoc(figures: Figure[], setup: string[], details: string[], loadAtStart: number[], loadAtEnd: number[]): string {
  const file = path.join(repoRoot, 'docs/benchmarks.md')
  const table = [HEADER, HEADER.map(() => '---'), ...rows(figures)].map((r) => `| ${r.join(' | ')} |`)
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`)
  const generated = [
    START,
    '## Last run',
    '',
    ...machine().slice(0, 1),
    `- memory: ${fmt(os.totalmem() / 2 ** 30, 1)} GiB; load average at start ${loadAtStart.map((l) => fmt(l, 2)).join(', ')}, at end ${loadAtEnd.map((l) => fmt(l, 2)).join(', ')}`,
    ...machine().slice(2),
    ...setup.map((s) => `- ${s}`),
    '',
    ...table,
    '',
    ...(notes.length ? ['Notes:', '', ...notes, ''] : []),
    ...details,
    END,
  ].join('\n')
  const before = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`
  const at = before.indexOf(START)
  const end = before.indexOf(END)
  const text = at >= 0 && end > at ? before.slice(0, at) + generated + before.slice(end + END.length) : `${before.trimEnd()}\n\n${generated}\n`
  writeFileSync(file, text)
  return file
}
