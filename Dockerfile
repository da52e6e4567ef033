# The image of the api and the worker (docker-compose.yml); Postgres and Kafka run in containers of their own.
# Checked by test/e2e/deployment-files.test.ts (there was no Docker engine where it was written).

# Build stage: every dependency (TypeScript among them), compiled to dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# Runtime stage: the production dependencies only, the compiled code and the migrations (applied at start-up).
FROM node:20-slim AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
# Listening beyond loopback needs ADMIN_TOKENS (name:token or name:sha256:<hex> pairs), given at run time:
# without it the API refuses to start (exit code 1) rather than serve unauthenticated.
ENV HOST=0.0.0.0
ENV PORT=8080
EXPOSE 8080
USER node
# node, since the slim image has no curl; 503 (not ready) and no answer both count as unhealthy.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/ready').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm start (which would build again): SIGTERM from `docker stop` reaches the service.
CMD ["node", "dist/apps/api/src/main.js"]
