import { defineConfig } from 'vitest/config'

// Browser journeys against the real API (embedded PostgreSQL) and the built SPA; see e2e/README.md.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 150_000,
  },
})
