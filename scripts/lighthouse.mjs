#!/usr/bin/env node
// Scores the login page with Lighthouse's mobile profile (an emulated mid-range phone on a throttled 4G line),
// the figure issue #12 sets a floor for (performance ≥ 90). A measuring script, not a test: it needs Chromium and
// fetches Lighthouse 12 (the last major for Node 20) through npx when it runs, so it adds nothing to the install.
// Usage: node scripts/lighthouse.mjs [--rounds 3] [--path /login] [--chrome /usr/bin/chromium]
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const LIGHTHOUSE = 'lighthouse@12.8.2'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    path: { type: 'string', default: '/login' },
    chrome: { type: 'string', default: '/usr/bin/chromium' },
  },
})

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

async function startApp(dataDir, port) {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  })
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`)
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return child
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('the app was not healthy within 120 s')
}

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-lighthouse-'))
const port = await freePort()
const app = await startApp(dataDir, port)
const results = []
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    const report = path.join(dataDir, `report-${round}.json`)
    execFileSync(
      'npx',
      ['-y', LIGHTHOUSE, `http://127.0.0.1:${port}${values.path}`, `--chrome-path=${values.chrome}`,
        '--chrome-flags=--headless --no-sandbox --disable-gpu', '--only-categories=performance',
        '--form-factor=mobile', '--output=json', `--output-path=${report}`, '--quiet'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
    const lhr = JSON.parse(readFileSync(report, 'utf8'))
    results.push({ score: Math.round(lhr.categories.performance.score * 100), ...Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m].displayValue])) })
  }
} finally {
  const exited = new Promise((r) => app.once('exit', r))
  process.kill(-app.pid, 'SIGTERM')
  await exited
  rmSync(dataDir, { recursive: true, force: true })
}

console.log(`Lighthouse ${LIGHTHOUSE.split('@')[1]}, mobile profile, ${values.path}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
console.table(results)
const scores = results.map((r) => r.score).sort((a, b) => a - b)
console.log(`median performance score: ${scores[Math.floor(scores.length / 2)]}`)
