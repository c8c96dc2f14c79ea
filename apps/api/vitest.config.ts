import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real PostgreSQL server per run; each test file gets its own database cloned from a template.
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Sized for a loaded 2-core machine (another full run beside this one): some tests start whole servers.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
