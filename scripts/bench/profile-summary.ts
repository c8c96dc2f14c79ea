/**
 * Where an API process spent its CPU: self time per package (and the top functions) from a V8 CPU profile, as
 * written by `pnpm bench --cpu-prof DIR`. Usage: `npx tsx scripts/bench/profile-summary.ts FILE.cpuprofile [top]`.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, top = '25'] = process.argv.slice(2)
if (!file) {
  console.error('usage: tsx scripts/bench/profile-summary.ts FILE.cpuprofile [top]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

/** node_modules/.pnpm/<pkg>@<version>/… → <pkg>; the app's own bundle and Node's internals by name. */
function owner(url: string, name: string): string {
  const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]!
  if (url.includes('apps/api/dist')) return 'app (bundle)'
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`
  if (!url) return name === '(garbage collector)' || name === '(idle)' || name === '(program)' ? name : '(native)'
  return url
}

const total = [...self.values()].reduce((a, b) => a + b, 0)
const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0)
const busy = total - idle
const packages = new Map<string, number>()
const functions = new Map<string, number>()
for (const [id, t] of self) {
  const { callFrame: f } = byId.get(id)!
  if (f.functionName === '(idle)') continue
  const pkg = owner(f.url, f.functionName)
  packages.set(pkg, (packages.get(pkg) ?? 0) + t)
  const fn = `${f.functionName || '(anonymous)'} ${pkg}:${f.lineNumber + 1}`
  functions.set(fn, (functions.get(fn) ?? 0) + t)
}
const pct = (t: number) => `${((t / busy) * 100).toFixed(1).padStart(5)} %`
console.log(`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s profiled`)
console.log('\nself time by package:')
for (const [pkg, t] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${pct(t)}  ${pkg}`)
console.log('\ntop functions:')
for (const [fn, t] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${pct(t)}  ${fn}`)
