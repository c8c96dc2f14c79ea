import { expect, it } from 'vitest'

// Not part of the suite: `.ci/run` runs this alone and requires the run to FAIL, proving that a failing API test
// turns the exit code red (a dependency once called process.exit(0) on the way out and hid every failure).
it('fails on purpose', () => {
  expect(1 + 1).toBe(3)
})
