# kubecon-bot: production image on Node 24 (the active LTS).
# Build: docker build -t kubecon-bot .   Run: docker run --env-file .env -p 3000:3000 kubecon-bot

# 1. Production dependencies only, from the lock file.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 2. The runtime: sources (run by tsx, a production dependency), the shipped knowledge, a non-root user.
FROM node:24-slim
ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/app/data \
    PORT=3000 \
    HEALTH_PORT=3001
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
# Baked in; mount a volume (or a ConfigMap) at /app/knowledge to serve other notes.
COPY knowledge ./knowledge
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 3001
VOLUME ["/app/data"]
CMD ["node", "--import", "tsx", "src/main.ts"]
