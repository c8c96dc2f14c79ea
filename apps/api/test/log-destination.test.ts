import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { LOG_FLUSH_INTERVAL_MS } from '../src/lib/log-destination.ts'

/*
 * The server writes its log in chunks (lib/log-destination.ts). What must hold: a line is never lost — not when
 * the server is quiet, not when it exits, not when it crashes — and all of a burst arrives in order.
 */

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/log-child.ts')
const tsx = createRequire(import.meta.url).resolve('tsx')
const dir = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-log-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
/** Starts the child on a fresh, empty file; resolves with the file, the child and what it printed. */
function start(mode: 'stay' | 'exit' | 'crash', count: number) {
  const file = path.join(dir, `log-${++files}.ndjson`)
  writeFileSync(file, '')
  const proc = spawn(process.execPath, ['--import', tsx, child, file, mode, String(count)], { env: { PATH: process.env.PATH ?? '' } })
  let output = ''
  proc.stdout.on('data', (d) => (output += d))
  proc.stderr.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return { file, proc, exited, output: () => output }
}

const numbers = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { n: number }).n)

describe('the log destination', () => {
  it('gathers lines instead of writing each, and writes them within the flush interval while the server idles', async () => {
    const run = start('stay', 3)
    try {
      while (!run.output().includes('\n')) {
        if (run.proc.exitCode !== null) throw new Error(run.output())
        await new Promise((r) => setTimeout(r, 20))
      }
      // Three short lines are far below a chunk: none was written at once.
      expect(run.output()).toBe('bytes right after logging: 0\n')
      // Nothing else is logged and the process stays up: only the timer can write them. A loaded machine may be slow.
      const since = Date.now()
      while (numbers(run.file).length < 3 && Date.now() - since < 20 * LOG_FLUSH_INTERVAL_MS) await new Promise((r) => setTimeout(r, 50))
      expect(numbers(run.file)).toEqual([0, 1, 2])
      expect(run.proc.exitCode).toBeNull()
    } finally {
      run.proc.kill('SIGKILL')
      await run.exited
    }
  })

  it('writes what gathered when the process exits at once', async () => {
    const run = start('exit', 5)
    expect(await run.exited).toBe(0)
    expect(run.output()).toBe('bytes right after logging: 0\n')
    expect(numbers(run.file)).toEqual([0, 1, 2, 3, 4])
  })

  it('writes what gathered when the process crashes', async () => {
    const run = start('crash', 2)
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain('crash on purpose')
    expect(numbers(run.file)).toEqual([0, 1])
  })

  it('loses nothing of a burst far larger than a chunk, in order', async () => {
    const run = start('exit', 20_000)
    expect(await run.exited).toBe(0)
    expect(numbers(run.file)).toEqual(Array.from({ length: 20_000 }, (_, i) => i))
  })
})
