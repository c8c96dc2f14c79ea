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
# not used. No allocation-site pretenuring: with it, V8 moved the API's short-lived request data into the old
# generation (a sampling heap profile of the survivors was mostly the strings pg parses from data rows), old space
# grew ~7 MB/s under one client and each scavenge took 3-4 ms; without it, old space stays flat and a scavenge
# takes ~1 ms (--trace-gc). The API then took 5-20 % less CPU per request (issue 13: group reads, list pages,
# hour logging; an A/B of two processes on one database, docs/benchmarks.md). pnpm start and the benchmark use
# the same flags (apps/api/test/start.test.ts checks that).
CMD ["node", "--max-old-space-size=1024", "--no-allocation-site-pretenuring", "apps/api/dist/server.js"]
