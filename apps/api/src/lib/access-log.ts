import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

/**
 * One access line per request instead of Fastify's two ("incoming request" and "request completed"): the
 * completed line carries everything, and logging was about a tenth of a hot read's CPU (issue 13's profile).
 * Fastify 5's supported way to shape its own request lines (the top-level `disableRequestLogging` is
 * deprecated, FSTDEP023). The line goes through the private serializers (lib/log-serializers.ts): route
 * pattern, method, ids, status, user id and time, never a URL, header or body.
 *
 * Fastify's other request lines stay off as before: the app's error handler logs errors itself (with the
 * route and the safe database facts), and a 404 is in the access line.
 */
export class AccessLog extends LogController {
  constructor() {
    super({ disableRequestLogging: true })
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) request.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    else request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}
