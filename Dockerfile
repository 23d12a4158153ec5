# afbryd's image: the worker by default; docker-compose.yml runs the billing API, the DataHub poller
# and the DataHub simulator from it with another `command` (also usable for the CLI in bin/ and the
# one-shot scripts). Built by docker-compose.yml (services afbryd-worker, api, datahub-poller,
# datahub-simulator: image afbryd:local); see docs/DEPLOYMENT.md.
#
#   docker build -t afbryd .
#   docker run --rm --env-file afbryd.env afbryd
#
# Only Dockerfile instructions the classic builder understands are used (no RUN --mount, no
# COPY --chmod), so Debian's docker-compose 1.29 can build it without BuildKit.

# Node 20 (the project's engines floor is 20.3; @temporalio/* 1.24 need >= 20.3). 20.20.2 is the last
# Node 20 image the official node repository published (Node 20 reached end of life on 2026-04-30);
# override with --build-arg NODE_IMAGE=node:22-bookworm-slim (or a digest) once afbryd moves on.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
FROM ${NODE_IMAGE}

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app

# Dependencies first, so that a source change does not reinstall them. tsx is a runtime dependency;
# devDependencies (typescript, vitest, @types/node) are not needed to run. The Temporal core bridge
# ships prebuilt glibc binaries (x86_64 and aarch64), so no compiler is needed.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# The source, owned by root and read-only for the runtime user. .dockerignore keeps node_modules,
# .git, .temporal, .data, local env files and certificates out.
COPY . .

# The one folder the runtime user writes: AFBRYD_DATA_DIR of the DataHub poller (its kept, unmatched
# messages), mounted as a named volume in docker-compose.yml. Created here, owned by `node`, so that
# a new volume mounted on it starts with that owner.
RUN mkdir -p /var/lib/afbryd && chown node:node /var/lib/afbryd

# Run as the unprivileged `node` user (uid 1000) that the official image provides.
USER node

# The worker bootstrap reads its configuration from the environment (TEMPORAL_ADDRESS,
# TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH,
# TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME,
# AFBRYD_TASK_QUEUE). Without TEMPORAL_ADDRESS it would try 127.0.0.1:7233, which in a container is
# nothing: always set it.
#
# `node --import tsx` is `npx tsx worker/main.ts` without the two wrapper processes: the worker is
# the process that receives SIGTERM (from `docker stop`, via tini when run with --init) and drains
# before exiting. npx does not pass SIGTERM on to its child, so `docker stop` would kill the worker
# without a graceful shutdown.
CMD ["node", "--import", "tsx", "worker/main.ts"]
