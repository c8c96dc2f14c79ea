import closeWithGrace from 'close-with-grace'
import { loadConfig } from './config.ts'
import { buildServer } from './build.ts'
import { runMigrations } from './db/migrate.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts'
import { createDb, createPool } from './db/client.ts'
import { seedDemo } from './db/seed/demo.ts'

// Only starts the process: configuration, database, migrations, seed, listen, graceful shutdown.
const config = loadConfig()
let embedded: EmbeddedDatabase | undefined
if (!config.databaseUrl) {
  console.log(`Starting the embedded PostgreSQL server in ${config.dataDir} …`)
  embedded = await startEmbeddedPostgres(config.dataDir)
}
const databaseUrl = config.databaseUrl ?? embedded!.url
await runMigrations(databaseUrl)

if (config.seedDemo) {
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
  },
  { level: config.logLevel },
)

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  await app.close()
  await embedded?.stop()
})

await app.listen({ port: config.port, host: config.host })
app.log.info(`Wohnlotse is running on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`)
