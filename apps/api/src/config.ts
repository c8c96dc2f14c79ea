import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensurePrivateDir } from './lib/data-dir.ts'

/** The checkout's root: the folder with pnpm-workspace.yaml above this file (src/ in development, dist/ when built). */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir
    if (path.dirname(dir) === dir) return path.resolve(from, '../../..')
  }
}

const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)))

export interface Config {
  port: number
  host: string
  /** External PostgreSQL; when absent the app runs an embedded server under `dataDir`. */
  databaseUrl: string | undefined
  /**
   * The owner role of the external database: runs the migrations and grants the role of `databaseUrl` what it
   * needs. Without it, `databaseUrl` must be migrated already (or be a privileged role, refused in production).
   */
  databaseOwnerUrl: string | undefined
  dataDir: string
  jwtSecret: string
  /** Browser origins allowed by CORS; empty means CORS stays closed. */
  corsOrigins: string[]
  /** Built SPA to serve at `/`; skipped when the folder does not exist (API-only dev and tests). */
  webDist: string
  production: boolean
  logLevel: string
  /** Seed demo accounts and data on first start (embedded default only, never in production). */
  seedDemo: boolean
  /** Secure cookies need HTTPS; off for plain-HTTP local use. */
  secureCookies: boolean
}

function readSecret(dataDir: string): string {
  // On the embedded default we keep a generated secret beside the data so sessions survive restarts.
  const file = path.join(dataDir, 'jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(48).toString('base64url')
  try {
    // Private: it holds the signing key and the database.
    ensurePrivateDir(dataDir)
    writeFileSync(file, secret + '\n', { mode: 0o600 })
  } catch {
    throw new Error(`DATA_DIR=${dataDir} cannot be created or written; choose a folder you may write to.`)
  }
  return secret
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production'
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(repoRoot, '.data'))
  const databaseUrl = env.DATABASE_URL || undefined
  const databaseOwnerUrl = env.DATABASE_OWNER_URL || undefined
  if (databaseOwnerUrl && !databaseUrl) throw new Error('DATABASE_OWNER_URL needs DATABASE_URL: the owner runs migrations, the role of DATABASE_URL serves.')
  let jwtSecret = env.JWT_SECRET
  if (!jwtSecret) {
    if (production) throw new Error('JWT_SECRET is required in production (at least 32 characters).')
    jwtSecret = readSecret(dataDir)
  }
  if (jwtSecret.length < 32) throw new Error('JWT_SECRET must have at least 32 characters.')
  // Production never carries demo accounts: their password is published in the README.
  if (production && env.SEED_DEMO === 'true') {
    throw new Error('SEED_DEMO=true is refused with NODE_ENV=production: production never carries the demo accounts; create the first admin with `pnpm create-admin`.')
  }
  const seedDemo = !production && databaseUrl === undefined && env.SEED_DEMO !== 'false'
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port number: ${env.PORT}`)
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    databaseOwnerUrl,
    dataDir,
    jwtSecret,
    corsOrigins: (env.CORS_ORIGIN ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    webDist: path.resolve(env.WEB_DIST ?? path.join(repoRoot, 'apps/web/dist')),
    production,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedDemo,
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : production,
  }
}

export const paths = {
  repoRoot,
  migrations: path.join(repoRoot, 'migrations'),
}
