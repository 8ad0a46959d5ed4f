import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importJobQueuedV1 } from '@zhtj/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../libs/service-kit/src/config.js';
import { configSchema as gatewayConfigSchema } from '@zhtj/gateway/testing';
import { configSchema as identityConfigSchema } from '@zhtj/identity/testing';
import { configSchema as importConfigSchema, IMPORT_WORKERS_DURABLE } from '@zhtj/import/testing';
import { configSchema as membershipConfigSchema } from '@zhtj/membership/testing';
import { configSchema as notificationConfigSchema } from '@zhtj/notification/testing';
import { configSchema as organizationConfigSchema } from '@zhtj/organization/testing';
import { configSchema as statisticsConfigSchema } from '@zhtj/statistics/testing';
import { configSchema as transferConfigSchema } from '@zhtj/transfer/testing';
import { fromSchema, portalConfigReader, type ConfigReader } from './config-readers.js';
import { environmentOf } from './k8s/environment.js';
import { allowed, endpointOf, outsider } from './k8s/network.js';
import {
  containersOf,
  deployments,
  hpas,
  named,
  pdbs,
  podLabels,
  podSpec,
  scaledObjects,
  secrets,
  selects,
  services,
  statefulSets,
  workloads,
  type KubeObject,
  type Workload,
} from './k8s/objects.js';
import { k8sDir, render } from './k8s/render.js';
import { autoscalingProblems, containerProblems, serviceProblems } from './k8s/rules.js';
import { schemaProblems } from './k8s/validate.js';

/** The project's workloads: each reads its environment with `config` and listens on `port` (named `portName`). */
const apps: Array<{ name: string; config: ConfigReader; portKey: string; port: number; portName: string }> = [
  { name: 'gateway', config: fromSchema(gatewayConfigSchema), portKey: 'GATEWAY_PORT', port: 8080, portName: 'http' },
  { name: 'identity', config: fromSchema(identityConfigSchema), portKey: 'PORT', port: 8081, portName: 'http' },
  { name: 'organization', config: fromSchema(organizationConfigSchema), portKey: 'PORT', port: 8082, portName: 'http' },
  { name: 'membership', config: fromSchema(membershipConfigSchema), portKey: 'PORT', port: 8083, portName: 'http' },
  { name: 'transfer', config: fromSchema(transferConfigSchema), portKey: 'PORT', port: 8084, portName: 'http' },
  { name: 'import', config: fromSchema(importConfigSchema), portKey: 'PORT', port: 8085, portName: 'http' },
  { name: 'notification', config: fromSchema(notificationConfigSchema), portKey: 'PORT', port: 8088, portName: 'http' },
  { name: 'statistics', config: fromSchema(statisticsConfigSchema), portKey: 'PORT', port: 8089, portName: 'http' },
  {
    name: 'import-worker',
    config: fromSchema(importConfigSchema),
    portKey: 'IMPORT_WORKER_PORT',
    port: 8086,
    portName: 'health',
  },
  // The web pages' server (services/portal/server/config.ts): behind the gateway, calling nothing.
  { name: 'portal', config: portalConfigReader, portKey: 'PORT', port: 8087, portName: 'http' },
];
/** The workloads that open connections: all but the portal, a file server that only answers the gateway. */
const callingApps = apps.filter((a) => a.name !== 'portal');
/** Services that verify access tokens with identity's JWKS (the worker takes no requests). */
const jwksClients = ['gateway', 'organization', 'membership', 'transfer', 'import', 'notification', 'statistics'];
/** Variables a container may set beyond its config schema: Node's own. */
const runtimeVariables = new Set(['NODE_OPTIONS']);
/** Secrets production expects to exist (deploy/k8s/README.md tells how to make them). */
const productionSecrets: Record<string, string[]> = {
  'gateway-secrets': ['REDIS_URL'],
  'identity-secrets': ['MONGO_URL', 'NATS_URL', 'REDIS_URL', 'JWT_KEYS_SECRET'],
  'organization-secrets': ['MONGO_URL', 'NATS_URL', 'REDIS_URL'],
  'membership-secrets': ['MONGO_URL', 'NATS_URL', 'REDIS_URL'],
  'transfer-secrets': ['MONGO_URL', 'NATS_URL', 'REDIS_URL'],
  'import-secrets': ['MONGO_URL', 'NATS_URL', 'REDIS_URL'],
  'notification-secrets': ['MONGO_URL', 'NATS_URL', 'REDIS_URL'],
  'statistics-secrets': ['MONGO_URL', 'NATS_URL', 'REDIS_URL'],
};
/** Stand-ins for production's Secret values, shaped like real ones. */
const sampleSecretValues: Record<string, string> = {
  MONGO_URL: 'mongodb+srv://identity:secret@cluster0.example.mongodb.net/?retryWrites=true',
  NATS_URL: 'nats://nats.nats.svc.cluster.local:4222',
  REDIS_URL: 'rediss://default:secret@redis.example.org:6379',
  JWT_KEYS_SECRET: 'x'.repeat(48),
};
const sample = (key: string) => sampleSecretValues[key] ?? `sample-${key}`;

const overlays = [
  { overlay: 'dev', namespace: 'zhtj-dev' },
  { overlay: 'prod', namespace: 'zhtj' },
];

// kustomize is built with Go the first time on a machine (like FerretDB): allow for it.
const RENDER_TIMEOUT_MS = 600_000;

describe.each(overlays)('deploy/k8s/overlays/$overlay', ({ overlay, namespace }) => {
  let objects: KubeObject[] = [];
  beforeAll(async () => {
    objects = await render(`overlays/${overlay}`);
  }, RENDER_TIMEOUT_MS);

  const app = (name: string): Workload => named(workloads(objects), name);
  const appEnvironment = (name: string) => environmentOf(app(name), objects, sample);

  it('renders with kustomize, every object valid by the Kubernetes and KEDA schemas', () => {
    expect(objects.length).toBeGreaterThan(30);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('puts every namespaced object in its namespace, which runs the restricted Pod Security Standard', () => {
    const misplaced = objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== namespace);
    expect(misplaced.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
    const ns = objects.find((o) => o.kind === 'Namespace');
    expect(ns?.metadata).toMatchObject({ name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
  });

  it('runs the eight services, the import worker and the portal, each Deployment with a PodDisruptionBudget', () => {
    expect(
      deployments(objects)
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(apps.map((a) => a.name).sort());
    for (const deployment of deployments(objects)) {
      const budgets = pdbs(objects).filter((p) => selects(p.spec?.selector ?? {}, podLabels(deployment)));
      expect(
        budgets.map((b) => b.metadata.name),
        deployment.metadata.name,
      ).toEqual([deployment.metadata.name]);
    }
  });

  it('gives every container probes on a declared port, requests and limits, a pinned image, non-root and a read-only root', () => {
    expect(workloads(objects).flatMap(containerProblems)).toEqual([]);
  });

  it.each(apps)("probes $name's /healthz (liveness) and /readyz (readiness) on its $portName port", ({ name, portName }) => {
    const [container] = containersOf(app(name));
    expect(container?.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: portName });
    expect(container?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: portName });
  });

  it('has every Service select exactly one workload, on ports it declares', () => {
    expect(serviceProblems(objects)).toEqual([]);
    for (const { name, port } of apps.filter((a) => a.name !== 'import-worker')) {
      expect(named(services(objects), name).spec?.ports?.map((p) => p.port)).toEqual([port]);
    }
  });

  it.each(apps)(
    'gives $name an environment its config schema accepts, listening where its probes and Service look',
    ({ name, config: reader, portKey, port, portName }) => {
      const { variables } = appEnvironment(name);
      const unknown = Object.keys(variables).filter((key) => !reader.variables.has(key) && !runtimeVariables.has(key));
      expect(unknown).toEqual([]);
      const config = reader.load(variables);
      expect(config[portKey]).toBe(port);
      expect(config['NODE_ENV']).toBe('production');
      const metrics = name === 'gateway' ? [{ name: 'metrics', containerPort: config['METRICS_PORT'] }] : [];
      expect(containersOf(app(name))[0]?.ports).toEqual([{ name: portName, containerPort: port }, ...metrics]);
    },
  );

  it('has every service that uses NATS ask for the same number of stream copies', () => {
    const replicas = apps
      .filter((a) => a.config.variables.has('NATS_URL'))
      .map(({ name, config }) => config.load(appEnvironment(name).variables)['NATS_STREAM_REPLICAS']);
    expect(replicas).toHaveLength(8);
    expect(new Set(replicas)).toEqual(new Set([overlay === 'prod' ? 3 : 1]));
  });

  it('lets the gateway pass the workbooks import accepts: one IMPORT_MAX_FILE_BYTES for both', () => {
    const limitOf = (name: string) =>
      apps.find((a) => a.name === name)!.config.load(appEnvironment(name).variables)['IMPORT_MAX_FILE_BYTES'];
    expect(appEnvironment('gateway').variables['IMPORT_MAX_FILE_BYTES']).toBeDefined();
    expect(limitOf('gateway')).toBe(limitOf('import'));
  });

  it("points the gateway at the services' and the portal's Services, and every verifier at identity's JWKS", () => {
    const gateway = loadConfig(gatewayConfigSchema, appEnvironment('gateway').variables);
    const urls = [
      gateway.IDENTITY_URL,
      gateway.ORGANIZATION_URL,
      gateway.MEMBERSHIP_URL,
      gateway.TRANSFER_URL,
      gateway.IMPORT_URL,
      gateway.NOTIFICATION_URL,
      gateway.STATISTICS_URL,
      gateway.PORTAL_URL,
    ];
    for (const url of urls) {
      expect(url).toBeDefined();
      const { hostname, port } = new URL(url!);
      expect(
        named(services(objects), hostname).spec?.ports?.map((p) => String(p.port)),
        url,
      ).toEqual([port]);
    }
    for (const name of jwksClients) {
      expect(appEnvironment(name).variables['JWKS_URL'], name).toBe('http://identity:8081/.well-known/jwks.json');
    }
  });

  it('leaves the replica count of the gateway to its HPA and of the import worker to its ScaledObject', () => {
    expect(autoscalingProblems(objects)).toEqual([]);
    expect(hpas(objects).map((h) => h.spec?.scaleTargetRef.name)).toEqual(['gateway']);
    expect(hpas(objects)[0]?.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
    expect(scaledObjects(objects).map((s) => s.spec.scaleTargetRef.name)).toEqual(['import-worker']);
  });

  it('scales import workers on the pending count of the consumer they share, one job per worker', () => {
    const scaled = named(scaledObjects(objects), 'import-worker');
    expect(scaled.spec.minReplicaCount).toBe(1);
    expect(scaled.spec.maxReplicaCount).toBeGreaterThanOrEqual(3);
    const [trigger] = scaled.spec.triggers;
    expect(trigger?.type).toBe('nats-jetstream');
    expect(trigger?.metadata).toMatchObject({
      stream: importJobQueuedV1.stream,
      consumer: IMPORT_WORKERS_DURABLE,
      account: '$G',
    });
    const worker = loadConfig(importConfigSchema, appEnvironment('import-worker').variables);
    expect(Number(trigger?.metadata['lagThreshold'])).toBe(worker.IMPORT_JOBS_PER_WORKER);
    // The worker keeps the job in hand for its shutdown timeout; the pod must be allowed as long.
    expect((podSpec(app('import-worker')).terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(
      worker.SHUTDOWN_TIMEOUT_MS,
    );
  });

  it('runs statistics rolled like the others (one pod writes, by a lease), with a budget that keeps one pod serving', () => {
    const statistics = named(deployments(objects), 'statistics');
    expect(statistics.spec?.replicas).toBe(overlay === 'prod' ? 2 : 1);
    expect(statistics.spec?.strategy?.type ?? 'RollingUpdate').toBe('RollingUpdate');
    expect(hpas(objects).some((h) => h.spec?.scaleTargetRef.name === 'statistics')).toBe(false);
    const [budget, ...others] = pdbs(objects).filter((p) => selects(p.spec?.selector ?? {}, podLabels(statistics)));
    expect(others).toEqual([]);
    expect(budget?.spec?.minAvailable).toBe(1);
  });

  it('lets only the gateway call the services and the portal over HTTP (and the token verifiers fetch the JWKS)', () => {
    const callers = apps.map((a) => ({ name: a.name, endpoint: endpointOf(app(a.name), namespace) }));
    for (const target of apps) {
      const destination = endpointOf(app(target.name), namespace);
      const reaching = callers
        .filter((c) => c.name !== target.name && allowed(objects, c.endpoint, destination, target.port))
        .map((c) => c.name);
      const expected =
        target.name === 'identity'
          ? jwksClients
          : target.name === 'gateway' || target.name === 'import-worker'
            ? []
            : ['gateway'];
      expect(reaching.sort(), target.name).toEqual([...expected].sort());
    }
  });

  it('lets clients reach the gateway from outside the namespace, and nothing else', () => {
    const client = outsider('ingress-nginx');
    expect(allowed(objects, client, endpointOf(app('gateway'), namespace), 8080)).toBe(true);
    for (const target of apps.filter((a) => a.name !== 'gateway')) {
      expect(allowed(objects, client, endpointOf(app(target.name), namespace), target.port), target.name).toBe(false);
    }
    if (overlay === 'prod') {
      expect(allowed(objects, outsider('some-other-namespace'), endpointOf(app('gateway'), namespace), 8080)).toBe(false);
    }
  });

  it('lets a namespace marked for scraping read every workload’s metrics port, and no other namespace', () => {
    const scraper = {
      ...outsider('monitoring'),
      namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring', 'zhtj.io/scrape-metrics': 'true' },
    };
    // The portal's server has no /metrics: it is neither announced nor reachable for scraping.
    for (const { name, port } of apps.filter((a) => a.name !== 'portal')) {
      // The gateway's metrics have a port of their own: its API port is public.
      const metricsPort = name === 'gateway' ? 9080 : port;
      const destination = endpointOf(app(name), namespace);
      expect(allowed(objects, scraper, destination, metricsPort), name).toBe(true);
      expect(allowed(objects, outsider('monitoring'), destination, metricsPort), `${name}, unmarked`).toBe(false);
      const { annotations } = app(name).spec?.template.metadata ?? {};
      expect(annotations, name).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(metricsPort),
        'prometheus.io/path': '/metrics',
      });
    }
    // … and the gateway serves them there only (its config says so).
    expect(appEnvironment('gateway').variables['METRICS_PORT']).toBe('9080');
    expect(app('portal').spec?.template.metadata?.annotations?.['prometheus.io/scrape']).toBeUndefined();
    expect(allowed(objects, scraper, endpointOf(app('portal'), namespace), 8087)).toBe(false);
  });

  it('lets every workload reach MongoDB, NATS and Redis wherever they run, and DNS', () => {
    const managed = outsider(undefined);
    for (const { name } of callingApps) {
      const source = endpointOf(app(name), namespace);
      for (const port of [27017, 4222, 6379, 53])
        expect(allowed(objects, source, managed, port), `${name} → :${port}`).toBe(true);
      expect(allowed(objects, source, managed, 5432), `${name} → :5432`).toBe(false);
    }
  });

  it('lets the portal open no connection at all: no database, bus, service, DNS or the internet', () => {
    const portal = endpointOf(app('portal'), namespace);
    for (const port of [27017, 4222, 6379, 53, 4317, 443, 80])
      expect(allowed(objects, portal, outsider(undefined), port), `portal → :${port}`).toBe(false);
    for (const target of callingApps)
      expect(allowed(objects, portal, endpointOf(app(target.name), namespace), target.port), target.name).toBe(false);
  });

  it("gives every Secret reference a key: the dev overlay's generated Secrets, production's listed ones", () => {
    const referenced = apps.flatMap(({ name }) => appEnvironment(name).externalSecretKeys);
    if (overlay === 'dev') {
      expect(referenced).toEqual([]);
    } else {
      expect(secrets(objects)).toEqual([]); // no credentials in the repository
      const bySecret: Record<string, string[]> = {};
      for (const { secret, key } of referenced) bySecret[secret] = [...new Set([...(bySecret[secret] ?? []), key])].sort();
      expect(bySecret).toEqual(
        Object.fromEntries(Object.entries(productionSecrets).map(([name, keys]) => [name, [...keys].sort()])),
      );
      const readme = readFileSync(path.join(k8sDir, 'README.md'), 'utf8');
      for (const [name, keys] of Object.entries(productionSecrets)) {
        expect(readme, name).toContain(`\`${name}\``);
        for (const key of keys) expect(readme, `${name} ${key}`).toContain(key);
      }
    }
  });

  if (overlay === 'dev') {
    it('fits a two-core, four-gigabyte trial cluster with everything in it', () => {
      const requests = workloads(objects).flatMap((w) => containersOf(w).map((c) => c.resources?.requests ?? {}));
      expect(sum(requests.map((r) => cpuCores(r['cpu'])))).toBeLessThanOrEqual(1);
      expect(sum(requests.map((r) => memoryBytes(r['memory'])))).toBeLessThanOrEqual(2 * 1024 ** 3);
    });

    it('runs MongoDB, NATS and Redis as StatefulSets the services can reach, and NATS monitoring for KEDA', () => {
      expect(
        statefulSets(objects)
          .map((s) => s.metadata.name)
          .sort(),
      ).toEqual(['mongo', 'nats', 'redis']);
      const backing = { mongo: 27017, nats: 4222, redis: 6379 } as const;
      for (const [name, port] of Object.entries(backing)) {
        const destination = endpointOf(named(statefulSets(objects), name), namespace);
        for (const a of callingApps)
          expect(allowed(objects, endpointOf(app(a.name), namespace), destination, port), `${a.name} → ${name}`).toBe(true);
        expect(allowed(objects, endpointOf(app('portal'), namespace), destination, port), `portal → ${name}`).toBe(false);
        expect(allowed(objects, outsider('elsewhere'), destination, port), `outside → ${name}`).toBe(false);
      }
      const nats = endpointOf(named(statefulSets(objects), 'nats'), namespace);
      expect(allowed(objects, outsider('keda'), nats, 8222)).toBe(true);
      const endpoint = named(scaledObjects(objects), 'import-worker').spec.triggers[0]?.metadata['natsServerMonitoringEndpoint'];
      expect(endpoint).toBe(`nats.${namespace}.svc.cluster.local:8222`);
      expect(named(services(objects), 'nats').spec?.ports?.find((p) => p.name === 'monitor')?.port).toBe(8222);

      const { variables } = appEnvironment('membership');
      expect(new URL(variables['NATS_URL']!).hostname).toBe('nats');
      expect(new URL(variables['REDIS_URL']!).hostname).toBe('redis');
      expect(variables['MONGO_URL']).toMatch(/^mongodb:\/\/mongo-0\.mongo:27017\/\?replicaSet=rs0$/);
    });
  }
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** A CPU quantity ('50m', '1', 0.5) in cores. */
function cpuCores(quantity: unknown): number {
  const text = String(quantity ?? 0);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}
/** A memory quantity ('128Mi', '1Gi') in bytes. */
function memoryBytes(quantity: unknown): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(String(quantity ?? 0));
  if (!match) throw new Error(`unexpected memory quantity ${String(quantity)}`);
  return Number(match[1]) * 1024 ** ['', 'Ki', 'Mi', 'Gi'].indexOf(match[2] ?? '');
}

describe('deploy/k8s/base: one folder per service', () => {
  const folders = readdirSync(path.join(k8sDir, 'base'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  it('has a folder for each workload and for the namespace-wide network rules', () => {
    expect(folders.sort()).toEqual([...apps.map((a) => a.name), 'network-policies'].sort());
  });

  it.each(apps)(
    'renders $name on its own, so its team can build and review it alone',
    async ({ name }) => {
      const own = await render(`base/${name}`);
      expect(own.flatMap(schemaProblems)).toEqual([]);
      expect(deployments(own).map((d) => d.metadata.name)).toEqual([name]);
    },
    RENDER_TIMEOUT_MS,
  );
});

describe('the project rules catch what they are for', () => {
  let base: KubeObject[] = [];
  beforeAll(async () => {
    base = await render('overlays/dev');
  }, RENDER_TIMEOUT_MS);
  const mutated = (change: (deployment: Workload) => void): Workload => {
    const deployment = structuredClone(named(deployments(base), 'membership')) as Workload;
    change(deployment);
    return deployment;
  };

  it('a missing probe, a missing limit, an unpinned image, root, a writable root', () => {
    const container = (d: Workload) => d.spec!.template.spec!.containers[0]!;
    expect(containerProblems(mutated((d) => delete container(d).readinessProbe))).toEqual([
      'Deployment membership, container membership: no readinessProbe',
    ]);
    expect(containerProblems(mutated((d) => delete container(d).resources!.limits!['memory']))).toEqual([
      'Deployment membership, container membership: no memory limits',
    ]);
    for (const image of ['zhtj/membership:latest', 'zhtj/membership', 'zhtj/membership:0']) {
      expect(containerProblems(mutated((d) => (container(d).image = image)))).toEqual([
        `Deployment membership, container membership: image "${image}" is not pinned to a version`,
      ]);
    }
    expect(containerProblems(mutated((d) => (d.spec!.template.spec!.securityContext!.runAsUser = 0)))).toContain(
      'Deployment membership, container membership: runs as user 0',
    );
    expect(containerProblems(mutated((d) => (container(d).securityContext!.readOnlyRootFilesystem = false)))).toEqual([
      'Deployment membership, container membership: the root filesystem is writable',
    ]);
    expect(
      containerProblems(mutated((d) => (container(d).livenessProbe = { httpGet: { path: '/healthz', port: 'metrics' } }))),
    ).toEqual([
      'Deployment membership, container membership: livenessProbe asks port metrics, which the container does not declare',
    ]);
  });

  it('a Service selecting nothing, a fixed replica count under an autoscaler, an invalid object, a NetworkPolicy opened to all', () => {
    const withServiceTypo = base.map((o) =>
      o.kind === 'Service' && o.metadata.name === 'transfer'
        ? { ...o, spec: { ...(o['spec'] as object), selector: { 'app.kubernetes.io/name': 'transfers' } } }
        : o,
    );
    expect(serviceProblems(withServiceTypo)).toEqual(['Service transfer: selects 0 workloads ()']);

    const withReplicas = base.map((o) =>
      o.kind === 'Deployment' && o.metadata.name === 'gateway' ? { ...o, spec: { ...(o['spec'] as object), replicas: 2 } } : o,
    );
    expect(autoscalingProblems(withReplicas)).toEqual([
      'HorizontalPodAutoscaler gateway: Deployment gateway sets replicas, which the autoscaler owns',
    ]);

    expect(
      schemaProblems(
        mutated((d) => ((d.spec!.template.spec!.containers[0]!.ports![0]! as { containerPort: unknown }).containerPort = 'http')),
      ),
    ).toHaveLength(1);

    const membership = endpointOf(named(deployments(base), 'membership'), 'zhtj-dev');
    const transfer = endpointOf(named(deployments(base), 'transfer'), 'zhtj-dev');
    expect(allowed(base, transfer, membership, 8083)).toBe(false);
    const opened = base.map((o) =>
      o.kind === 'NetworkPolicy' && o.metadata.name === 'membership-ingress'
        ? { ...o, spec: { ...(o['spec'] as object), ingress: [{ ports: [{ port: 'http' }] }] } }
        : o,
    );
    // transfer's own egress still stops it: only the gateway may call out to service ports.
    expect(allowed(opened, transfer, membership, 8083)).toBe(false);
    const egressOpened = opened.filter(
      (o) => !(o.kind === 'NetworkPolicy' && (o.metadata.name === 'default-deny' || o.metadata.name.endsWith('-egress'))),
    );
    expect(allowed(egressOpened, transfer, membership, 8083)).toBe(true);
  });
});
