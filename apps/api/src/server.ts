import closeWithGrace from 'close-with-grace'
import { loadConfig, type Config } from './config.ts'
import { buildServer } from './build.ts'
import { logDestination } from './lib/log-destination.ts'
import { DatabaseSetupError, prepareDatabase } from './db/migrate.ts'
import { EmbeddedStartError, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts'
import { createDb, createPool } from './db/client.ts'
import { hasDemoAccounts, seedDemo } from './db/seed/demo.ts'

// Only starts the process: configuration, database, migrations, seed, listen, graceful shutdown.

/** The log's output; it gathers lines (lib/log-destination.ts). */
const logStream = logDestination()

/** A start that cannot work says why and what to do in one line, not with a stack trace. */
function fail(message: string): never {
  // Gathered log lines first: the reason must be the last line, not followed by what the exit flushes.
  logStream.flushSync()
  console.error(`Wohnlotse cannot start: ${message}`)
  process.exit(1)
}

let config: Config
try {
  config = loadConfig()
} catch (err) {
  fail((err as Error).message)
}

let embedded: EmbeddedDatabase | undefined
if (!config.databaseUrl) {
  console.log(`Starting the embedded PostgreSQL server in ${config.dataDir} …`)
  try {
    embedded = await startEmbeddedPostgres(config.dataDir)
  } catch (err) {
    if (err instanceof EmbeddedStartError) fail(err.message)
    throw err
  }
}
// Requests are served by the app role; migrations and grants run as the owner (see db/roles.ts).
const databaseUrl = config.databaseUrl ?? embedded!.url
const ownerUrl = config.databaseUrl ? config.databaseOwnerUrl : embedded!.ownerUrl
try {
  for (const warning of await prepareDatabase({ url: databaseUrl, ownerUrl }, config.production)) console.warn(warning)
} catch (err) {
  await embedded?.stop()
  if (err instanceof DatabaseSetupError) fail(err.message)
  const reason = (err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'nothing answers at DATABASE_URL' : (err as Error).message
  fail(`the database migrations could not run (${reason}).`)
}

if (config.production) {
  // A cluster that once ran as the demo still has its accounts and their published password.
  const pool = createPool(databaseUrl, 1)
  const demo = await hasDemoAccounts(createDb(pool))
  await pool.end()
  if (demo) {
    await embedded?.stop()
    fail('this database holds the demo accounts, and production never carries them; start on a fresh DATA_DIR or database.')
  }
} else if (config.seedDemo) {
  const pool = createPool(databaseUrl, 1)
  if (await seedDemo(createDb(pool))) console.log('Seeded the demo data (password for every demo account: dresden-demo).')
  await pool.end()
}

const app = await buildServer(
  {
    databaseUrl,
    jwtSecret: config.jwtSecret,
    corsOrigins: config.corsOrigins,
    webDist: config.webDist,
    secureCookies: config.secureCookies,
    jobQueue: {},
  },
  { level: config.logLevel, stream: logStream },
)

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  await app.close()
  await embedded?.stop()
})

try {
  await app.listen({ port: config.port, host: config.host })
} catch (err) {
  await app.close()
  await embedded?.stop()
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port ${config.port} is in use (is Wohnlotse running already?); set PORT to another port.`)
  throw err
}
app.log.info(`Wohnlotse is running on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`)
