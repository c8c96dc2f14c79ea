import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [vue({ features: { optionsAPI: false } })],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    // vue-i18n's esm-bundler build reads these flags; the Composition API alone keeps the bundle small, and
    // messages are compiled just in time (no `new Function`, so the API's CSP `default-src 'self'` holds).
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      treeshake: {
        // The SPA takes only constants and labels from @wohnlotse/shared, but they sit beside the TypeBox schemas
        // the API validates with. Building a schema has no effect beyond its value, so unused schemas (and with
        // them most of TypeBox: the login page loaded 118.6 kB of gzipped JS before, 95.2 kB after) can be dropped.
        manualPureFunctions: ['Type'],
        moduleSideEffects: [{ test: /[\\/]packages[\\/]shared[\\/]src[\\/]|[\\/]node_modules[\\/].*typebox[\\/]/, sideEffects: false }],
      },
    },
  },
})
