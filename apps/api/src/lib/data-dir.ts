import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'

/** Folders this process created itself: only those may be opened up for the embedded server's `postgres` user. */
const created = new Set<string>()

/** Creates `dir` as a private (0700) folder if it is missing. */
export function ensurePrivateDir(dir: string): void {
  const full = path.resolve(dir)
  if (existsSync(full)) return
  mkdirSync(full, { recursive: true, mode: 0o700 })
  created.add(full)
}

export const createdByThisProcess = (dir: string) => created.has(path.resolve(dir))
