import { defineConfig } from 'vitest/config'
import base from '../../vitest.config.ts'

// The same set-up as the real suite (global PostgreSQL included), with only the deliberately failing test.
// (mergeConfig would append to `include`, so the test options are spread instead.)
export default defineConfig({ test: { ...base.test, include: ['test/gate/*.fixture.ts'] } })
