# syntax=docker/dockerfile:1
# The image of every backend service; the build arguments say which. The build context is the
# repository root:
#
#   docker build --build-arg SERVICE=membership --build-arg PORT=8083 -t zhtj/membership .
#
# docker-compose.yml builds each service this way, and so do the Kubernetes images
# (deploy/k8s/README.md). The portal, which serves files only, has its own (services/portal/Dockerfile).
#
#   pruner   turbo prune: the workspaces @zhtj/$SERVICE depends on and a lockfile cut down to them
#   builder  every dependency from that lockfile, then tsc for the service and its libs (dist/);
#            the dist/ folders it runs on are collected into /out, with /out/main.mjs to start it
#   deps     production dependencies only, of the workspaces it runs on (no testkit, no other service)
#   runtime  deps + /out; runs as the non-root `node` user
#
# deploy/image/runtime-workspaces.mjs decides what "the workspaces it runs on" are: the service's
# `dependencies`, transitively, read from the package manifests.

ARG SERVICE
ARG PORT

FROM node:20-bookworm-slim AS base
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /repo
COPY deploy/image/runtime-workspaces.mjs /usr/local/lib/zhtj/runtime-workspaces.mjs

# ---- pruner ------------------------------------------------------------------------------------
# out/json: the root and workspace package.json files, .npmrc and the pruned package-lock.json;
# out/full: their sources. turbo is a root devDependency; run the version the lockfile pins.
FROM base AS pruner
ARG SERVICE
COPY . .
RUN test -n "$SERVICE" && test -f "services/$SERVICE/package.json" \
      || { echo "build with --build-arg SERVICE=<a folder of services/>" >&2; exit 1; }
RUN npx --yes "turbo@$(node -p "require('./package-lock.json').packages['node_modules/turbo'].version")" \
      prune "@zhtj/$SERVICE" --docker --out-dir out

# ---- builder -----------------------------------------------------------------------------------
# Installing from out/json first keeps this layer cached until a package.json or the lockfile
# changes. No package's install script is needed to compile (tsc only).
FROM base AS builder
ARG SERVICE
COPY --from=pruner /repo/out/json/ ./
# `npm install`, not `npm ci`: the lockfile holds every locked version but not other platforms'
# optional builds, which `npm ci` insists on (see scripts/ensure-deps.mjs).
RUN npm install --ignore-scripts
COPY --from=pruner /repo/out/full/ ./
# turbo prune copies neither of the root tsconfig files every package extends.
COPY tsconfig.base.json tsconfig.build.base.json ./
RUN npx turbo run build --filter="@zhtj/$SERVICE..." \
 && node /usr/local/lib/zhtj/runtime-workspaces.mjs collect "$SERVICE" /out

# ---- deps --------------------------------------------------------------------------------------
FROM base AS deps
ARG SERVICE
COPY --from=pruner /repo/out/json/ ./
RUN node /usr/local/lib/zhtj/runtime-workspaces.mjs prune-manifests "$SERVICE" \
 && npm install --omit=dev --ignore-scripts

# ---- runtime -----------------------------------------------------------------------------------
# Files stay owned by root and read-only for the service. Node resolves @zhtj/* through the
# workspace links in node_modules to libs/<name>, whose package.json "exports" send the default
# condition to dist/.
FROM node:20-bookworm-slim AS runtime
ARG PORT
ENV NODE_ENV=production
# In a container the service must answer on its interface; HOST defaults to loopback for development.
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /repo/ ./
COPY --from=builder /out/ ./
USER node
EXPOSE ${PORT}
# No HEALTHCHECK: Kubernetes uses its probes on /healthz and /readyz; docker-compose.yml defines its own.
# main.mjs imports services/$SERVICE/dist/main.js; the import worker's entry is given as a command instead.
CMD ["node", "main.mjs"]
