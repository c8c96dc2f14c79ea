import { loadLocaleMessages } from '../src/i18n/index.ts'

// The SPA loads English on demand; tests switch languages synchronously, so it is there from the start.
await loadLocaleMessages('en')
