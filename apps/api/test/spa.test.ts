import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../src/build.ts'
import { JWT_SECRET } from './helper.ts'

// A stand-in build of the SPA: what matters here is how the API serves it, not what it contains.
const INDEX_HTML = '<!doctype html><html lang="de"><title>Wohnlotse</title><div id="app"></div>'
const CHUNK = `export const words = ${JSON.stringify('Wohnlotse '.repeat(500))}\n`
const dist = mkdtempSync(path.join(os.tmpdir(), 'wohnlotse-dist-'))
let app: FastifyInstance
beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'))
  writeFileSync(path.join(dist, 'assets', 'main-abc123.js'), 'console.log(1)')
  // Compressed copies as scripts/build.mjs writes them beside the files.
  for (const [file, content] of [['index.html', INDEX_HTML], ['assets/chunk-def456.js', CHUNK]] as const) {
    writeFileSync(path.join(dist, file), content)
    writeFileSync(path.join(dist, `${file}.br`), brotliCompressSync(content))
    writeFileSync(path.join(dist, `${file}.gz`), gzipSync(content))
  }
  app = await buildServer({ databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none', jwtSecret: JWT_SECRET, corsOrigins: [], webDist: dist, secureCookies: false })
  await app.ready()
})
afterAll(async () => {
  await app.close()
  rmSync(dist, { recursive: true, force: true })
})

describe('serving the SPA', () => {
  it('serves index.html at / with the same security headers as the API', async () => {
    const res = await supertest(app.server).get('/').expect(200)
    expect(res.text).toContain('<div id="app"></div>')
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['x-powered-by']).toBeUndefined()
  })

  it('answers deep links with index.html, never cached, so the router can take over', async () => {
    const res = await supertest(app.server).get('/groups/0b7d6a2e-4b1f-4d53-9d0e-5f7c2a1b3c4d?tab=contacts').expect(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.text).toContain('<div id="app"></div>')
  })

  it('caches hashed assets for a year', async () => {
    const res = await supertest(app.server).get('/assets/main-abc123.js').expect(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('never lets the API be cached, its errors and 404s included, while the SPA keeps its own caching', async () => {
    // Answers from a route, from the error handler (no database here: 503) and from the 404 handler.
    const health = await supertest(app.server).get('/api/health')
    expect(health.headers['cache-control']).toBe('no-store')
    const failed = await supertest(app.server).post('/api/auth/login').send({ email: 'a@example.org', password: 'x'.repeat(12) })
    expect(failed.status).toBeGreaterThanOrEqual(400)
    expect(failed.headers['cache-control']).toBe('no-store')
    const missing = await supertest(app.server).get('/api/nothing-here?q=x').expect(404)
    expect(missing.headers['cache-control']).toBe('no-store')
    const docs = await supertest(app.server).get('/api/openapi.json').expect(200)
    expect(docs.headers['cache-control']).toBe('no-store')
    expect((await supertest(app.server).get('/').expect(200)).headers['cache-control']).toBe('no-cache')
    expect((await supertest(app.server).get('/assets/main-abc123.js').expect(200)).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    // A JSON 404 outside the API (a POST to a deep link) has no policy of its own: not stored either.
    expect((await supertest(app.server).post('/groups').send({}).expect(404)).headers['cache-control']).toBe('no-store')
  })

  it('keeps unknown API paths and non-GET requests as JSON 404s', async () => {
    const api = await supertest(app.server).get('/api/nothing-here').expect(404)
    expect(api.body).toEqual({ statusCode: 404, code: 'ROUTE_NOT_FOUND', message: 'No route GET /api/nothing-here' })
    const post = await supertest(app.server).post('/groups').send({}).expect(404)
    expect(post.body.code).toBe('ROUTE_NOT_FOUND')
  })
})

describe('serving the SPA compressed', () => {
  // inject() hands over the bytes as sent; supertest would decompress them before the test could look.
  const get = (url: string, acceptEncoding?: string) => app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} })

  it('sends the brotli copy to a client that accepts br, with the asset cache headers', async () => {
    const res = await get('/assets/chunk-def456.js', 'gzip, deflate, br')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers.vary).toMatch(/Accept-Encoding/i)
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(CHUNK)
    expect(res.rawPayload.length).toBeLessThan(CHUNK.length / 10)
  })

  it('sends the gzip copy to a client that accepts only gzip', async () => {
    const res = await get('/assets/chunk-def456.js', 'gzip')
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(gunzipSync(res.rawPayload).toString()).toBe(CHUNK)
  })

  it('sends the plain file to a client that accepts no compression', async () => {
    const res = await get('/assets/chunk-def456.js')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers.vary).toMatch(/Accept-Encoding/i)
    expect(res.payload).toBe(CHUNK)
  })

  it('sends the plain file where the build wrote no compressed copy', async () => {
    const res = await get('/assets/main-abc123.js', 'br, gzip')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.payload).toBe('console.log(1)')
  })

  it('compresses index.html at / and for deep links, still never cached', async () => {
    for (const url of ['/', '/groups/0b7d6a2e-4b1f-4d53-9d0e-5f7c2a1b3c4d']) {
      const res = await get(url, 'br')
      expect([url, res.statusCode, res.headers['content-encoding'], res.headers['cache-control']]).toEqual([url, 200, 'br', 'no-cache'])
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(res.headers.vary).toMatch(/Accept-Encoding/i)
      expect(brotliDecompressSync(res.rawPayload).toString()).toBe(INDEX_HTML)
    }
  })
})
