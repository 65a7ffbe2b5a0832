# syntax=docker/dockerfile:1
# logto-graphql: the production build on Node 20, as an unprivileged user.
#   docker build -t logto-graphql .
#   docker run -p 4000:4000 -e LOGTO_ENDPOINT=… -e LOGTO_M2M_CLIENT_ID=… -e LOGTO_M2M_CLIENT_SECRET=… logto-graphql
# Several replicas sharing one Redis: deploy/docker-compose.yml and the README.

# Build: every dependency (TypeScript and the type-only @logto/api are devDependencies).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run: production dependencies only, the compiled dist/, no compiler, no sources.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema.graphql subgraph.graphql ./
# The image's own unprivileged user (uid 1000); nothing under /app is writable by it.
USER node
EXPOSE 4000
# /healthz is the liveness route of the operations work; it costs no Logto request.
HEALTHCHECK --interval=15s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1: main.ts handles SIGTERM (drains in-flight requests, then exits).
CMD ["node", "dist/main.js"]
