import type { preValidationAsyncHookHandler } from 'fastify'
import { appError } from '../errors.ts'

/**
 * The JSON pointer of the first string or key holding a NUL character, or undefined.
 * Iterative on purpose: a body of 100,000 nested arrays parses fine but would overflow a recursive walk.
 */
export function findNul(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']]
  while (stack.length > 0) {
    const [current, path] = stack.pop()!
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${path}/${i}`]))
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const itemPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
        if (key.includes('\u0000')) return itemPath
        stack.push([item, itemPath])
      }
    }
  }
  return undefined
}

const PARTS = ['params', 'query', 'body'] as const

/**
 * PostgreSQL cannot store NUL in text, and answers it with an error deep inside some query. Checked once
 * for every route, before validation, so the caller learns which field it was instead of getting a 500.
 */
export const refuseNulCharacters: preValidationAsyncHookHandler = async (request) => {
  for (const part of PARTS) {
    const path = findNul(request[part])
    if (path !== undefined) {
      throw appError('INVALID_CHARACTERS', `The ${part === 'params' ? 'path' : part} contains a NUL character`, [
        { path, message: 'must not contain NUL characters' },
      ])
    }
  }
}
