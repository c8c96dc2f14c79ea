import fp from 'fastify-plugin'
import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'

declare module 'fastify' {
  interface FastifyInstance {
    /** True when a built SPA is served; the 404 handler then falls back to index.html. */
    spaEnabled: boolean
  }
}

/** Serves the built Vue app at `/`; deep links are answered with index.html by the 404 handler. */
export default fp<{ webDist: string }>(
  async (fastify, opts) => {
    const enabled = existsSync(path.join(opts.webDist, 'index.html'))
    fastify.decorate('spaEnabled', enabled)
    if (!enabled) {
      fastify.log.warn({ webDist: opts.webDist }, 'No built SPA found: serving the API only')
      return
    }
    await fastify.register(fastifyStatic, {
      root: opts.webDist,
      wildcard: false,
      index: 'index.html',
      // scripts/build.mjs writes .br and .gz beside each text file; they are sent to clients that accept them,
      // the plain file to the rest (and where no compressed copy exists, e.g. for tiny files).
      preCompressed: true,
      // Our own Cache-Control below, not the plugin's default `max-age=0`.
      cacheControl: false,
      // Hashed assets never change; index.html must always be revalidated to pick up a new build.
      setHeaders(res, filePath) {
        res.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache')
        // The body depends on Accept-Encoding, so shared caches must not hand a brotli body to a client without it.
        res.setHeader('vary', 'Accept-Encoding')
      },
    })
  },
  { name: 'spa' },
)
