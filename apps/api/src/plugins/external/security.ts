import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'

/** Security headers for API and SPA alike, and CORS closed unless origins are configured. */
export default fp<{ corsOrigins: string[] }>(
  async (fastify, opts) => {
    await fastify.register(helmet, {
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
      crossOriginResourcePolicy: { policy: 'same-origin' },
    })
    await fastify.register(cors, {
      origin: opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
      credentials: true,
    })
  },
  { name: 'security' },
)
