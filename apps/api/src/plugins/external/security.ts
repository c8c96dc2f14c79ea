import fp from 'fastify-plugin'
// helmet computes the headers once (see `securityHeaders`); no helmet runs per request.
import helmetMiddleware from 'helmet'
import cors from '@fastify/cors'

/** The one helmet configuration, for every answer. */
const helmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // The SPA needs no inline styles; the API docs page sets its own policy (see swagger.ts).
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Plain HTTP on a LAN or localhost must keep working; TLS is the reverse proxy's job.
      upgradeInsecureRequests: null,
    },
  },
  // The SPA is same-origin only; nothing is meant to be embedded elsewhere.
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
}

let cachedHeaders: Readonly<Record<string, string>> | undefined

/**
 * The headers helmet sets on every response, as a plain map. Answers that Node or Fastify write before any
 * hook runs (431 from the HTTP parser, 414 from the router) need them too, and only the socket or a bare
 * reply is there. Computed by running helmet itself on a stub, so the two can never drift apart.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  if (!cachedHeaders) {
    const headers: Record<string, string> = {}
    // A stub response that only records what helmet sets; helmet reads nothing from the request.
    const res = { setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)), removeHeader: () => {} }
    helmetMiddleware(helmetOptions)({} as never, res as never, () => {})
    cachedHeaders = Object.freeze(headers)
  }
  return cachedHeaders
}

/** Security headers for API and SPA alike, and CORS closed unless origins are configured. */
export default fp<{ corsOrigins: string[] }>(
  async (fastify, opts) => {
    // The headers do not depend on the request, so they are computed once, not rebuilt by helmet on every
    // request as @fastify/helmet does. Set in onRequest like the plugin did: routes and hooks may still override
    // one (the API docs set their own CSP).
    const headers = Object.entries(securityHeaders())
    fastify.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.header(name, value)
      done()
    })
    await fastify.register(cors, {
      origin: opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
      credentials: true,
    })
  },
  { name: 'security' },
)
