/**
 * The HTTP floor of the two primary-key reads: a bare `node:http` server, in its own process, answering
 * `GET /api/groups/:id` and `GET /api/grants/:id` with the reference's prepared selects on a pool of the app's
 * size, and nothing else (no token, no validation, no security headers, no access log, no framework). Driven by
 * the same autocannon load as the app, it shows what any Node API can reach on this machine once HTTP and the load
 * generator share the cores with PostgreSQL — the ceiling under which the app's ratio to the raw reference has to
 * be read.
 * Run by `run.ts` as `node --import tsx http-floor.ts <DATABASE_URL> <pool>`; prints the port it listens on.
 */
import http from 'node:http'
import pg from 'pg'
import { plannerOptions } from '../../apps/api/src/db/client.ts'
import { GRANT_BY_ID, GROUP_BY_ID } from './reference-sql.ts'

const [url, poolSize] = process.argv.slice(2)
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize), options: plannerOptions })
const PATH = /^\/api\/(groups|grants)\/([0-9a-f-]{36})$/

const server = http.createServer((req, res) => {
  const match = PATH.exec(req.url ?? '')
  if (req.method !== 'GET' || !match) {
    res.writeHead(404).end()
    return
  }
  pool.query({ ...(match[1] === 'groups' ? GROUP_BY_ID : GRANT_BY_ID), values: [match[2]] }).then(
    (r) => {
      if (r.rowCount !== 1) return void res.writeHead(404).end()
      const body = JSON.stringify(r.rows[0])
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body)
    },
    () => res.writeHead(500).end(),
  )
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(typeof address === 'object' && address ? address.port : 0)
})
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))))
