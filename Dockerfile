# Production image: the API serves the built SPA; PostgreSQL is external (see docker-compose.yml).
FROM node:20-bookworm-slim
RUN npm install -g pnpm@10.34.8
WORKDIR /app
COPY . .
# The install's postinstall builds the SPA (apps/web/dist) and the API bundle (apps/api/dist).
RUN pnpm install --frozen-lockfile
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
# Plain node: no package-manager or TypeScript wrapper between the signal and the server. The old-space ceiling
# keeps the heap near what the API holds (issue 13: <= 200 MB RSS under load): V8 then grows the heap by ~1.6x
# its live size before collecting instead of up to 4x (its factor on a machine with plenty of memory). A smaller
# young generation (--max-semi-space-size=8) saved another ~20 MB but cost ~10 % more CPU per read, so it is
# not used. pnpm start and the benchmark use the same flags (apps/api/test/start.test.ts checks that).
CMD ["node", "--max-old-space-size=1024", "apps/api/dist/server.js"]
