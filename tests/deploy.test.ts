import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ENV_VARIABLES } from '../src/config.js';
import { opsRoutes } from '../src/ops/health.js';
import { createMetrics } from '../src/ops/metrics.js';
import { ROOT } from './run.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed Kubernetes YAML is walked by field name; the assertions check the shape
type Doc = Record<string, any>;
const deployDir = path.join(ROOT, 'deploy');
const docs: Doc[] = readdirSync(deployDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(deployDir, f), 'utf8')).map((d) => {
      expect(d.errors, f).toEqual([]);
      return d.toJS() as Doc;
    }),
  );
const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
const deployment = byKind('Deployment')[0] as Doc;
const container = deployment.spec.template.spec.containers[0];
const routes = opsRoutes(createMetrics(), () => ({ ready: true }), new Date()).map((r) => r.path);

describe('deploy/ manifests', () => {
  it('parse, and hold a Deployment, Secret, ConfigMap, Service, PodDisruptionBudget and a data volume claim', () => {
    for (const kind of [
      'Deployment',
      'Secret',
      'ConfigMap',
      'Service',
      'PodDisruptionBudget',
      'PersistentVolumeClaim',
    ]) {
      expect(byKind(kind), kind).toHaveLength(1);
    }
  });

  it('point the probes at real routes on a declared container port', () => {
    const ports = container.ports.map((p: Doc) => p.name);
    expect(routes).toContain(container.livenessProbe.httpGet.path);
    expect(routes).toContain(container.readinessProbe.httpGet.path);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(ports).toContain(container.livenessProbe.httpGet.port);
    expect(ports).toContain(container.readinessProbe.httpGet.port);
    const portEnv = container.env.find((e: Doc) => e.name === 'PORT');
    expect(Number(portEnv.value)).toBe(container.ports.find((p: Doc) => p.name === 'http').containerPort);
  });

  it('use only environment variables the configuration knows', () => {
    const names = [
      ...container.env.map((e: Doc) => e.name),
      ...Object.keys(byKind('ConfigMap')[0]?.data ?? {}),
      ...Object.keys(byKind('Secret')[0]?.stringData ?? {}),
    ];
    for (const name of names) expect(ENV_VARIABLES, name).toContain(name);
    const refs = container.envFrom.map((e: Doc) => e.configMapRef?.name ?? e.secretRef?.name);
    expect(refs).toEqual([byKind('ConfigMap')[0]?.metadata.name, byKind('Secret')[0]?.metadata.name]);
  });

  it('wire the Service and the PodDisruptionBudget to the pods, and run them as non-root', () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(byKind('Service')[0]?.spec.selector).toEqual(labels);
    expect(byKind('PodDisruptionBudget')[0]?.spec.selector.matchLabels).toEqual(labels);
    expect(byKind('Service')[0]?.spec.ports[0].targetPort).toBe('http');
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    const claim = deployment.spec.template.spec.volumes.find((v: Doc) => v.persistentVolumeClaim);
    expect(claim.persistentVolumeClaim.claimName).toBe(byKind('PersistentVolumeClaim')[0]?.metadata.name);
  });

  it('keep real secrets out of git: the Secret holds placeholders only', () => {
    for (const value of Object.values(byKind('Secret')[0]?.stringData ?? {}))
      expect(String(value)).toMatch(/REPLACE-ME/);
  });
});

describe('deploy/replicated', () => {
  const dir = path.join(deployDir, 'replicated');
  const read = (file: string) =>
    parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((d) => d.toJS() as Doc);
  it('runs several replicas with REDIS_URL from the Secret, no shared volume, and keeps one pod up', () => {
    const [kustomization] = read('kustomization.yaml');
    expect(kustomization?.resources).toEqual(['../', 'redis.yaml']);
    const [patch] = read('deployment-patch.yaml');
    expect(patch?.spec.replicas).toBeGreaterThan(1);
    const env = patch?.spec.template.spec.containers[0].env;
    expect(env.map((e: Doc) => e.name)).toEqual(['REDIS_URL']);
    expect(ENV_VARIABLES).toContain('REDIS_URL');
    expect(env[0].valueFrom.secretKeyRef.name).toBe(byKind('Secret')[0]?.metadata.name);
    expect(patch?.metadata.name).toBe(deployment.metadata.name);
    const [pdb] = read('pdb-patch.yaml');
    expect(pdb?.spec.minAvailable).toBe(1);
    expect(read('redis.yaml').map((d) => d.kind)).toEqual(['StatefulSet', 'Service']);
  });

  it('gives Redis a persistent volume with append-only persistence on', () => {
    const [redis] = read('redis.yaml');
    const [claim] = redis?.spec.volumeClaimTemplates ?? [];
    const container = redis?.spec.template.spec.containers[0];
    expect(container.args.join(' ')).toMatch(/--appendonly yes/);
    const dir = container.args[container.args.indexOf('--dir') + 1];
    const mount = container.volumeMounts.find((m: Doc) => m.name === claim?.metadata.name);
    expect(mount?.mountPath).toBe(dir);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  it('compiles in a build stage and installs production dependencies only, all on Node 24', () => {
    expect(dockerfile.match(/^FROM node:24/gm)).toHaveLength(3);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev /m);
  });

  it('runs the compiled JavaScript with plain node, without sources or TypeScript tooling, as a non-root user', () => {
    expect(runtime).toMatch(/^COPY --from=deps \/app\/node_modules \.\/node_modules$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).not.toMatch(/^COPY (src|tsconfig|scripts)/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^COPY knowledge \.\/knowledge$/m);
  });
});

describe('.env.example', () => {
  it('documents every variable the configuration reads', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    for (const name of ENV_VARIABLES) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
