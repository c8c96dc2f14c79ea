import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

/** OpenAPI 3 document generated from the routes' TypeBox contracts, and interactive docs. */
export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Wohnlotse API',
          description: 'Case management for the Koordinationsstelle Gemeinschaftliches Wohnen Dresden.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ bearer: [] }],
      },
    })
    await fastify.register(swaggerUi, {
      routePrefix: '/api/docs',
      // Swagger UI sets inline style attributes; allow those (not scripts) on the docs pages only.
      staticCSP:
        "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'",
    })
    fastify.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => fastify.swagger())
  },
  { name: 'swagger' },
)
