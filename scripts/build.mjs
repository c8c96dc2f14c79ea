#!/usr/bin/env node
// Builds what is out of date, and nothing else: the SPA (vite → apps/web/dist) and the API (esbuild → apps/api/dist).
// Each output carries a stamp with a hash of its inputs and of what the build wrote, so a start on an unchanged
// checkout builds nothing, and an output something else rewrote meanwhile is built again.
// Usage: node scripts/build.mjs [web|api …] [--force]     (no target: both)
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const at = (...parts) => path.join(root, ...parts)

/** The inputs of each output: if none of these changed, the output is current. */
const targets = {
  web: {
    out: at('apps/web/dist'),
    inputs: ['apps/web/src', 'apps/web/public', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json', 'packages/shared/src', 'pnpm-lock.yaml', 'scripts/build.mjs'],
    build: buildWeb,
  },
  api: {
    out: at('apps/api/dist'),
    inputs: ['apps/api/src', 'apps/api/package.json', 'packages/shared/src', 'pnpm-lock.yaml', 'scripts/build.mjs'],
    build: buildApi,
  },
}

function files(entry) {
  const full = at(entry)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return [entry]
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => files(path.join(entry, d.name)))
}

function inputHash(inputs) {
  const hash = createHash('sha256')
  for (const file of inputs.flatMap(files)) hash.update(file).update('\0').update(readFileSync(at(file))).update('\0')
  return hash.digest('hex')
}

/**
 * Names, sizes and modification times of the files in an output. A plain `vite build` between two starts rewrites
 * apps/web/dist without the compressed copies; with only the inputs in the stamp that went unnoticed (the
 * journeys then failed on compression until someone deleted the stamp).
 */
function outputFingerprint(out) {
  const hash = createHash('sha256')
  for (const file of files(path.relative(root, out))) {
    const { size, mtimeMs } = statSync(at(file))
    hash.update(`${file}\0${size}\0${mtimeMs}\0`)
  }
  return hash.digest('hex')
}

/** Beside the dependencies, so a fresh install (or a deleted node_modules) builds again; never served. */
const stampFile = (target) => at('node_modules/.cache/wohnlotse', `${path.basename(path.dirname(target.out))}.build-stamp`)

function buildWeb() {
  const vite = path.join(path.dirname(createRequire(at('apps/web/package.json')).resolve('vite/package.json')), 'bin/vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: at('apps/web'), stdio: 'inherit' })
  if (result.status !== 0) throw new Error('the SPA build failed (see above)')
  precompress(at('apps/web/dist'))
}

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml)$/
/** Below this, the headers outweigh what compression saves. */
const MIN_COMPRESS_BYTES = 1024

/**
 * Writes `.br` and `.gz` beside each text file of the SPA, once per build at the highest levels, so the API
 * (@fastify/static `preCompressed`) sends them without compressing on every request.
 */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      precompress(file)
      continue
    }
    if (!COMPRESSIBLE.test(entry.name)) continue
    const content = readFileSync(file)
    if (content.length < MIN_COMPRESS_BYTES) continue
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }))
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(content, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
      }),
    )
  }
}

async function buildApi() {
  const requireFromApi = createRequire(at('apps/api/package.json'))
  const esbuild = await import(pathToFileURL(requireFromApi.resolve('esbuild')).href)
  const pkg = JSON.parse(readFileSync(at('apps/api/package.json'), 'utf8'))
  // Packages stay in node_modules; only our own TypeScript (the API and packages/shared) is bundled.
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !name.startsWith('@wohnlotse/'))
  rmSync(at('apps/api/dist'), { recursive: true, force: true })
  await esbuild.build({
    entryPoints: { server: at('apps/api/src/server.ts'), 'create-admin': at('apps/api/src/cli/create-admin.ts') },
    outdir: at('apps/api/dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: true,
    external,
    logLevel: 'warning',
  })
}

/** Builds the named targets that are out of date; returns the names it built. */
export async function build(names = Object.keys(targets), { force = false } = {}) {
  const built = []
  for (const name of names) {
    const target = targets[name]
    if (!target) throw new Error(`unknown build target "${name}" (known: ${Object.keys(targets).join(', ')})`)
    const hash = inputHash(target.inputs)
    const stamp = () => `${hash} ${outputFingerprint(target.out)}`
    if (!force && existsSync(stampFile(target)) && readFileSync(stampFile(target), 'utf8').trim() === stamp()) continue
    const started = Date.now()
    await target.build()
    mkdirSync(path.dirname(stampFile(target)), { recursive: true })
    writeFileSync(stampFile(target), stamp() + '\n')
    console.log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    built.push(name)
  }
  return built
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  try {
    await build(args.filter((a) => !a.startsWith('--')).length ? args.filter((a) => !a.startsWith('--')) : undefined, { force: args.includes('--force') })
  } catch (err) {
    console.error(`build: ${err.message}`)
    process.exit(1)
  }
}
