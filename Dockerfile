# NeckCheck clinic server. Build: docker build -t neckcheck .   Run: see docs/operations.md.
# Not built where NeckCheck is developed (no container engine there): report what fails.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    NECKCHECK_HOST=0.0.0.0 \
    NECKCHECK_PORT=3000 \
    NECKCHECK_DATA=/var/lib/neckcheck \
    NECKCHECK_DEMO=false
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/knowledge ./knowledge
# The image's node user (uid 1000) runs the server; only the data volume is writable for it.
RUN mkdir -p /var/lib/neckcheck && chown node:node /var/lib/neckcheck && chmod 0700 /var/lib/neckcheck
USER node
VOLUME /var/lib/neckcheck
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/neckcheck.js", "serve"]
