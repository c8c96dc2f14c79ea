import pino from 'pino'

/** A log line waits at most this long before it is written, however quiet the server is. */
export const LOG_FLUSH_INTERVAL_MS = 1000
/** Lines are written once this many bytes have gathered (a busy server writes about 20 access lines at once). */
export const LOG_CHUNK_BYTES = 4096

/**
 * Standard output for the server's log, written in chunks instead of a write per line. Every request logs one
 * access line, and each write is a system call that cost a hot read about a tenth of its CPU on a virtual
 * machine (issue 13's profile). Lines reach the output within LOG_FLUSH_INTERVAL_MS at the latest, and pino
 * flushes what is left synchronously when the process exits, also after a crash.
 */
export function logDestination(
  options: { dest?: number; chunkBytes?: number; flushIntervalMs?: number } = {},
): pino.DestinationStream & { flush(): void; flushSync(): void } {
  const stream = pino.destination({ dest: options.dest ?? 1, minLength: options.chunkBytes ?? LOG_CHUNK_BYTES, sync: false })
  // While a write is under way flush() does nothing: sonic-boom writes what gathered meanwhile right after it.
  const timer = setInterval(() => stream.flush(), options.flushIntervalMs ?? LOG_FLUSH_INTERVAL_MS)
  // The timer must not keep a stopping process alive; the exit hook writes the rest.
  timer.unref()
  // Stopped before the stream ends: flushing an ended stream throws.
  stream.on('finish', () => clearInterval(timer))
  stream.on('close', () => clearInterval(timer))
  return stream
}
