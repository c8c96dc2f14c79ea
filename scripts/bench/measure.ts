/**
 * The measuring tools: autocannon against the app, the raw-`pg` reference in its own process, a single client
 * timing one request after another, and the statistics the table shows.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import type { ReferenceResult, ReferenceSpec } from './reference.ts'
import { repoRoot } from './setup.ts'

/** One measurement: a rate (per second) or a latency (ms), with its p50/p99 where they exist. */
export interface Sample {
  value: number
  p50?: number
  p99?: number
  /** Requests that did not succeed (any non-2xx answer, socket errors, timeouts), where success was expected. */
  errors?: number
}

export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
/** (max − min) / median, in percent: how much the rounds disagree. */
export const spread = (values: number[]) => (values.length < 2 ? 0 : ((Math.max(...values) - Math.min(...values)) / median(values)) * 100)
export const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : 0
}

export interface LoadRequest {
  method: 'GET' | 'POST'
  /** Called for every request: the path, and the token to send. */
  next(): { path: string; token: string; body?: string }
}

/**
 * Drives `url` with autocannon; counts only 2xx answers as done, and every other answer (4xx included: a run
 * full of 401s would otherwise look fast) and every socket error or timeout as an error. Only with
 * `refusalsExpected` (hour logging against a full cap) are 4xx answers counted as refused instead.
 */
export async function load(
  url: string,
  request: LoadRequest,
  opts: { connections: number; seconds?: number; amount?: number; refusalsExpected?: boolean },
): Promise<Sample & { ok: number; refused: number }> {
  const result = await autocannon({
    url,
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
    idReplacement: true,
    requests: [
      {
        method: request.method,
        setupRequest(req: Record<string, unknown>) {
          const { path: p, token, body } = request.next()
          req.path = p
          req.headers = {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json', 'idempotency-key': '[<id>]' } : {}),
          }
          if (body) req.body = body
          return req
        },
      },
    ],
  })
  const ok = result['2xx']
  const seconds = opts.amount ? result.duration : opts.seconds!
  return {
    value: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    refused: opts.refusalsExpected ? result['4xx'] : 0,
    errors: result.non2xx - (opts.refusalsExpected ? result['4xx'] : 0) + result.errors + result.timeouts,
  }
}

/** Runs the reference scenario in its own Node process, so it does not share an event loop with autocannon. */
export function reference(spec: ReferenceSpec): Promise<Sample & { operations: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/bench/reference.ts'), JSON.stringify(spec)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the reference process exited with ${code}`))
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as ReferenceResult
      resolve({ value: r.perSecond, p50: r.p50, p99: r.p99, errors: r.errors, operations: r.operations, cpuMs: r.cpuMs })
    })
  })
}

/** Times `count` calls of `call`, one after another; returns the latencies in ms. */
export async function timeSerially(count: number, call: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const t = performance.now()
    await call()
    times.push(performance.now() - t)
  }
  return times
}

/** GET as a single client; throws on anything but 200, so a broken figure cannot pass as fast. */
export async function getJson(url: string, token: string): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  return res.json()
}
