import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['test/**/*.test.ts'],
      setupFiles: ['test/setup.ts'],
      restoreMocks: true,
      // Sized for a loaded 2-core machine: the first mount of a view compiles its whole import graph.
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
)
