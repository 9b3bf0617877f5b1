# kubecon-bot: production image on Node 24 (the active LTS).
# Build: docker build -t kubecon-bot .   Run: docker run --env-file .env -p 3000:3000 kubecon-bot
# tests/build.test.ts runs the same steps without Docker: npm ci --omit=dev in a clean copy, node dist/main.js.

# 1. Compile: every dependency from the lock file, then src/ to dist/ (tsc, tsconfig.build.json; esbuild joins the
#    output into the entries and their shared chunks).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# 2. Production dependencies only, from the lock file: no TypeScript, tsx or pino-pretty.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. The runtime: compiled JavaScript (package.json says it is ES modules), the shipped knowledge, a non-root user.
FROM node:24-slim
ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/app/data \
    PORT=3000 \
    HEALTH_PORT=3001
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Baked in; mount a volume (or a ConfigMap) at /app/knowledge to serve other notes.
COPY knowledge ./knowledge
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 3001
VOLUME ["/app/data"]
CMD ["node", "dist/main.js"]
