# Production image: the API serves the built SPA; PostgreSQL is external (see docker-compose.yml).
FROM node:20-bookworm-slim
RUN npm install -g pnpm@10.34.8
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @wohnlotse/web build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
CMD ["pnpm", "--filter", "@wohnlotse/api", "start"]
