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
# Plain node: no package-manager or TypeScript wrapper between the signal and the server.
CMD ["node", "apps/api/dist/server.js"]
