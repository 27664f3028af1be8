# syntax=docker/dockerfile:1
# Chorus: one image for the API, the websocket endpoint and the built web client.
#   docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t chorus .
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Dependencies with dev tools (tsc, vite, swc) for the build.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Server → dist/, client → client/dist/ (from the committed schema and generated documents).
RUN npm run build

# 2. Production dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The runtime: compiled code, production node_modules, no sources, not root.
FROM ${NODE_IMAGE} AS runtime
ARG GIT_COMMIT=unknown
ARG BUILD_TIME
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    GIT_COMMIT=${GIT_COMMIT} \
    BUILD_TIME=${BUILD_TIME}
WORKDIR /app
COPY --chown=node:node package.json ./
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/client/dist ./client/dist
# The persisted-documents manifest (TRUSTED_DOCUMENTS=enforce reads it).
COPY --from=build --chown=node:node /app/client/src/gql ./client/src/gql
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM goes straight to node (no shell): in-flight work finishes, sockets close with 1001.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/src/main.js"]
