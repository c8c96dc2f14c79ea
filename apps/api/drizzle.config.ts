import { defineConfig } from 'drizzle-kit'

// Migrations are generated from src/db/schema into the top-level migrations/ and reviewed like code.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: '../../migrations',
})
