import { createConfig, lintFromString } from '@redocly/openapi-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from './helper.ts'

type Operation = {
  operationId?: string
  description?: string
  security?: unknown[]
  'x-roles'?: string[]
  requestBody?: { content: Record<string, { example?: unknown }> }
  responses: Record<string, { $ref?: string; content?: Record<string, { example?: unknown }> }>
}
type Document = { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, { content: Record<string, { example?: unknown }> }> } }

let t: TestApp
let doc: Document
/** Every operation as [`METHOD /path`, operation]. */
let operations: [string, Operation][]
beforeAll(async () => {
  t = await buildTestApp()
  doc = (await t.api.get('/api/openapi.json').expect(200)).body
  operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]))
})
afterAll(() => t.close())

/** The statuses an operation documents, its own and those it refers to. */
const statuses = (op: Operation) => Object.keys(op.responses)

describe('the OpenAPI document', () => {
  it('passes redocly lint with the recommended rules without errors', async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config })
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
    expect(errors).toEqual([])
    // The generated examples are valid for their schemas (redocly reports that as a warning only).
    expect(problems.filter((p) => p.ruleId.includes('example')).map((p) => `${p.message} at ${p.location[0]?.pointer}`)).toEqual([])
  })

  it('names its server', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '{origin}', description: expect.any(String) })])
  })

  it('gives every operation a unique operationId', () => {
    expect(operations.length).toBeGreaterThan(50)
    const ids = operations.map(([, op]) => op.operationId)
    expect(ids.filter((id) => !id)).toEqual([])
    expect(new Set(ids).size).toBe(ids.length)
    expect(doc.paths['/api/groups/{id}/contacts']!.post!.operationId).toBe('postGroupsByIdContacts')
  })

  it('documents the statuses every operation can answer', () => {
    const missing: string[] = []
    for (const [key, op] of operations) {
      const isPublic = Array.isArray(op.security) && op.security.length === 0
      const expected = ['400', '408', '431', '500', '503']
      if (op.requestBody) expected.push('413', '415')
      if (!isPublic) expected.push('401')
      if ((op['x-roles'] ?? []).length < 5 && !isPublic) expected.push('403')
      if (key.includes('{')) expected.push('414')
      for (const status of expected) if (!statuses(op).includes(status)) missing.push(`${key} ${status}`)
    }
    expect(missing).toEqual([])
    for (const key of ['POST /api/auth/login', 'POST /api/auth/password', 'POST /api/auth/mfa/verify']) {
      expect(statuses(operations.find(([k]) => k === key)![1])).toContain('429')
    }
    // The shared answers are in the one error format, with an example of their code.
    expect(doc.components.responses.DatabaseUnavailable!.content['application/json']!.example).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' })
    expect(Object.keys((doc.components.responses.DatabaseUnavailable as { headers?: object }).headers ?? {})).toEqual(['Retry-After'])
  })

  it('carries an example for every request body and every response with content', () => {
    const missing: string[] = []
    for (const [key, op] of operations) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) if (media.example === undefined) missing.push(`${key} request ${type}`)
      let any = false
      for (const [status, response] of Object.entries(op.responses)) {
        const content = response.$ref ? doc.components.responses[response.$ref.split('/').pop()!]!.content : response.content
        for (const [type, media] of Object.entries(content ?? {})) {
          if (media.example === undefined) missing.push(`${key} ${status} ${type}`)
          else any = true
        }
      }
      if (!any) missing.push(`${key}: no response example`)
    }
    expect(missing).toEqual([])
    // An error example names a code of its own status.
    const conflict = doc.paths['/api/users']!.post!.responses['409']!.content!['application/json']!.example
    expect(conflict).toMatchObject({ statusCode: 409, code: expect.any(String) })
  })

  it('states which roles may call each operation, in words and as x-roles', () => {
    const logEntry = doc.paths['/api/grants/{id}/time-entries']!.post!
    expect(logEntry['x-roles']).toEqual(['advisor', 'coordinator'])
    expect(logEntry.description).toContain('Access: signed in with the role advisor, coordinator.')
    const login = doc.paths['/api/auth/login']!.post!
    expect(login['x-roles']).toEqual([])
    expect(login.security).toEqual([])
    expect(login.description).toContain('Access: public, no sign-in needed.')
    expect(doc.paths['/api/reference']!.get!['x-roles']).toEqual(['admin', 'coordinator', 'frontdesk', 'advisor', 'city'])
    expect(operations.filter(([, op]) => !Array.isArray(op['x-roles']) || !op.description?.includes('Access: ')).map(([k]) => k)).toEqual([])
  })
})
