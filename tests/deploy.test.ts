import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
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

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The README's shell block that deploys to Kubernetes: the commands a reader runs, line by line. */
const deploySteps = (() => {
  const section = readme.slice(
    readme.indexOf('### Container and Kubernetes'),
    readme.indexOf('### Several replicas'),
  );
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
})();
/** The Secret the README creates: its name, and the env file (an example of it is committed) it reads. */
const createSecret = (() => {
  const line = deploySteps.find((l) => l.startsWith('kubectl create secret generic ')) ?? '';
  const match = /^kubectl create secret generic (\S+) --from-env-file=(\S+)$/.exec(line);
  return { name: match?.[1], envFile: match?.[2] ?? '' };
})();
/** The keys of `KEY=value` lines (as kubectl's --from-env-file reads them), and their values. */
const envFileEntries = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
const secretExample = readFileSync(path.join(ROOT, `${createSecret.envFile}.example`), 'utf8');
const secretKeys = envFileEntries(secretExample).map(([key]) => key);

/**
 * Every document a kustomization renders from files (resources, recursively through other kustomizations,
 * and patches), each checked to exist and parse; with the kustomization files themselves.
 */
function kustomize(dir: string): { kustomizations: Doc[]; docs: Doc[] } {
  const file = path.join(dir, 'kustomization.yaml');
  expect(existsSync(file), file).toBe(true);
  const kustomization = parse(readFileSync(file, 'utf8')) as Doc;
  const kustomizations = [kustomization];
  const found: Doc[] = [];
  const paths = [
    ...(kustomization.resources ?? []),
    ...(kustomization.patches ?? []).flatMap((p: Doc) => (p.path ? [p.path] : [])),
  ];
  for (const entry of paths as string[]) {
    const target = path.join(dir, entry);
    expect(existsSync(target), `${entry} in ${file}`).toBe(true);
    if (statSync(target).isDirectory()) {
      const inner = kustomize(target);
      kustomizations.push(...inner.kustomizations);
      found.push(...inner.docs);
      continue;
    }
    for (const d of parseAllDocuments(readFileSync(target, 'utf8'))) {
      expect(d.errors, target).toEqual([]);
      found.push(d.toJS() as Doc);
    }
  }
  return { kustomizations, docs: found };
}

describe('deploy/ manifests', () => {
  it('parse, and hold a Deployment, ConfigMap, Service, PodDisruptionBudget and a data volume claim, no Secret', () => {
    for (const kind of [
      'Deployment',
      'ConfigMap',
      'Service',
      'PodDisruptionBudget',
      'PersistentVolumeClaim',
    ]) {
      expect(byKind(kind), kind).toHaveLength(1);
    }
    expect(byKind('Secret')).toEqual([]);
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
      ...secretKeys,
    ];
    for (const name of names) expect(ENV_VARIABLES, name).toContain(name);
    const refs = container.envFrom.map((e: Doc) => e.configMapRef?.name ?? e.secretRef?.name);
    expect(refs).toEqual([byKind('ConfigMap')[0]?.metadata.name, createSecret.name]);
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

  it('keep real secrets out of git: the example env file has empty values, and the real one is ignored', () => {
    expect(envFileEntries(secretExample).map(([, value]) => value)).toEqual(secretKeys.map(() => ''));
    expect(secretKeys).toEqual(
      expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']),
    );
    const ignored = readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain(createSecret.envFile);
  });
});

describe('every kustomization', () => {
  for (const dir of ['deploy', 'deploy/replicated']) {
    it(`${dir}: its resources and patches exist and parse, and it creates no Secret, so applying never overwrites the one the README creates`, () => {
      const { kustomizations, docs: rendered } = kustomize(path.join(ROOT, dir));
      expect(rendered.length).toBeGreaterThan(3);
      expect(rendered.filter((d) => d.kind === 'Secret')).toEqual([]);
      for (const k of kustomizations) {
        expect(k.secretGenerator, dir).toBeUndefined();
        expect(k.generatorOptions, dir).toBeUndefined();
      }
      const named = rendered.filter(
        (d) => d.kind === 'Deployment' && d.metadata.name === deployment.metadata.name,
      );
      for (const d of named) {
        const c = d.spec.template.spec.containers[0];
        for (const ref of c.envFrom ?? [])
          if (ref.secretRef) expect(ref.secretRef.name).toBe(createSecret.name);
        for (const env of c.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (ref)
            expect([ref.name, secretKeys.includes(ref.key)], env.name).toEqual([createSecret.name, true]);
        }
      }
    });
  }
});

describe('the README’s deploy steps', () => {
  it('create the Secret the Deployment reads, from a git-ignored copy of the committed example', () => {
    expect(createSecret.name).toBe('kubecon-bot-slack');
    expect(deploySteps).toContain(`cp ${createSecret.envFile}.example ${createSecret.envFile}`);
    const create = deploySteps.indexOf(deploySteps.find((l) => l.startsWith('kubectl create secret')) ?? '');
    const apply = deploySteps.indexOf('kubectl apply -k deploy/');
    expect(create).toBeGreaterThan(-1);
    expect(apply).toBeGreaterThan(create); // the Secret exists before the pods that read it
  });

  it('name only files and folders that exist, and a Deployment and Service that the manifests define', () => {
    for (const line of deploySteps) {
      for (const [, target] of line.matchAll(/-k (\S+)/g))
        expect(existsSync(path.join(ROOT, target ?? '')), line).toBe(true);
      for (const [, kind, name] of line.matchAll(/(deployment|service)\/(\S+)/g))
        expect(
          byKind(kind === 'service' ? 'Service' : 'Deployment').map((d) => d.metadata.name),
          line,
        ).toContain(name);
    }
    const kustomization = parse(readFileSync(path.join(deployDir, 'kustomization.yaml'), 'utf8')) as Doc;
    expect(kustomization.images.map((i: Doc) => i.name)).toEqual([container.image.split(':')[0]]);
    expect(readme).toContain('`kubectl apply -k deploy/replicated`');
  });

  it('serve the probes on the container port in Socket Mode too (HEALTH_PORT)', () => {
    const env = (name: string) => container.env.find((e: Doc) => e.name === name)?.value;
    expect(env('HEALTH_PORT')).toBe(env('PORT'));
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
    expect(env[0].valueFrom.secretKeyRef.name).toBe(createSecret.name);
    expect(secretKeys).toContain(env[0].valueFrom.secretKeyRef.key);
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
