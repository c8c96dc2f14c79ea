// The part of autocannon's API the bench uses (the package ships no types; @types/autocannon is for 7.x).
declare module 'autocannon' {
  interface Request {
    method?: string
    setupRequest?(req: Record<string, unknown>): Record<string, unknown>
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    idReplacement?: boolean
    requests?: Request[]
  }
  interface Histogram {
    p50: number
    p99: number
  }
  interface Result {
    '2xx': number
    '4xx': number
    non2xx: number
    errors: number
    timeouts: number
    /** Seconds. */
    duration: number
    latency: Histogram
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
