#!/usr/bin/env node
// Measures how fast the app becomes healthy: a first start on a fresh DATA_DIR (creating the cluster, migrating,
// seeding the demo) and a restart on the same DATA_DIR. A measuring script, not a test: machines differ.
// Usage: node scripts/measure-start.mjs [--rounds 3] [--command "npx -y pnpm@10.34.8 start"]
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, command: { type: 'string', default: 'node scripts/start.mjs' } } })
const rounds = Number(values.rounds)

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** Starts the command in its own process group and resolves with the milliseconds until /api/health answers 200. */
async function timeToHealthy(dataDir) {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(values.command, { shell: true, cwd: root, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' } })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the start command exited with ${child.exitCode}: ${stderr.trim()}`)
      if (performance.now() - started > 120_000) throw new Error('not healthy within 120 s')
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false)
      if (ok) return performance.now() - started
      await new Promise((r) => setTimeout(r, 20))
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    process.kill(-child.pid, 'SIGTERM')
    await exited
    // The embedded server shuts down with the app; give the process group a moment to be gone entirely.
    await new Promise((r) => setTimeout(r, 300))
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const first = []
const restart = []
for (let i = 0; i < rounds; i++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-measure-'))
  try {
    first.push(await timeToHealthy(dataDir))
    restart.push(await timeToHealthy(dataDir))
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`
console.log(`start command: ${values.command}   (${os.cpus().length} cores, Node ${process.version}, ${rounds} rounds)`)
console.log(`first start, fresh DATA_DIR: median ${fmt(median(first))}  [${first.map(fmt).join(', ')}]`)
console.log(`restart, same DATA_DIR:      median ${fmt(median(restart))}  [${restart.map(fmt).join(', ')}]`)
