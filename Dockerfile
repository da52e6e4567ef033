# The image of the api and the worker (docker-compose.yml); Postgres and Kafka run in containers of their own.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev
# Listening beyond loopback needs ADMIN_TOKENS (name:token or name:sha256:<hex> pairs), given at run time:
# without it the API refuses to start (exit code 1) rather than serve unauthenticated.
ENV HOST=0.0.0.0
USER node
EXPOSE 8080
# node itself, not npm start (which would build again): SIGTERM from `docker stop` reaches the service.
CMD ["node", "dist/apps/api/src/main.js"]
