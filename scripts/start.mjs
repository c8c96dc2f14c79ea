#!/usr/bin/env node
// `pnpm start`: builds the SPA and the API only if their sources changed since the last build (normally the
// install built both), then runs the built API in this very process: no tsx, no second Node.
import { build } from './build.mjs'

try {
  await build()
} catch (err) {
  console.error(`Wohnlotse cannot start: ${err.message}`)
  process.exit(1)
}
await import('../apps/api/dist/server.js')
