import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import app, { type AppOptions } from './app.ts'
import { validatorCompiler } from './lib/validation.ts'

/** Body limit: forms and JSON only; nothing in this API uploads files. */
export const BODY_LIMIT = 256 * 1024

/** Creates the Fastify instance with the app plugin; `server.ts` listens, tests inject. */
export async function buildServer(
  opts: AppOptions,
  logger: FastifyServerOptions['logger'] = false,
  /** Sees every route as it is added (the tests check each one is documented). */
  onRoute?: (route: RouteOptions) => void,
): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    // Behind a reverse proxy in production: the client address comes from X-Forwarded-For.
    trustProxy: process.env.TRUST_PROXY === 'true',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>()
  fastify.setValidatorCompiler(validatorCompiler)
  // The API speaks JSON only; text bodies get 415 instead of a confusing validation error.
  fastify.removeContentTypeParser('text/plain')
  if (onRoute) fastify.addHook('onRoute', onRoute)
  await fastify.register(app, opts)
  return fastify
}
