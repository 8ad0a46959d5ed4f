/**
 * The portal server's environment: four variables, read the way the services read theirs
 * (libs/service-kit's loadConfig: an empty string counts as unset, every bad variable is named,
 * other variables are ignored). Written out rather than with zod and service-kit: the server is
 * bundled into one file with no node_modules beside it (vite.server.config.ts), and service-kit
 * would bring MongoDB, NATS and OpenTelemetry clients into a file server.
 */
export interface PortalConfig {
  NODE_ENV: 'development' | 'test' | 'production';
  /** The interface to listen on: loopback by default, as the services; the Dockerfile sets 0.0.0.0. */
  HOST: string;
  PORT: number;
  /** The built pages; by default services/portal/dist, beside the server's own folder. */
  PORTAL_DIST: string | undefined;
}

/** Every variable the server reads (deploy/test checks compose and Kubernetes against this list). */
export const PORTAL_CONFIG_VARIABLES: ReadonlyArray<keyof PortalConfig> = ['NODE_ENV', 'HOST', 'PORT', 'PORTAL_DIST'];

const NODE_ENVS: ReadonlyArray<PortalConfig['NODE_ENV']> = ['development', 'test', 'production'];

export class PortalConfigError extends Error {
  override readonly name = 'PortalConfigError';
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

export function loadPortalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const problems: PortalConfigError['problems'] = [];
  const read = (variable: keyof PortalConfig): string | undefined => (env[variable] === '' ? undefined : env[variable]);

  const nodeEnv = read('NODE_ENV') ?? 'development';
  if (!(NODE_ENVS as readonly string[]).includes(nodeEnv))
    problems.push({ variable: 'NODE_ENV', message: `must be one of ${NODE_ENVS.join(', ')}` });

  const portText = read('PORT') ?? '8087';
  const port = Number(portText);
  if (!/^\d+$/.test(portText.trim()) || port < 1 || port > 65_535)
    problems.push({ variable: 'PORT', message: 'must be a port number, 1 to 65535' });

  if (problems.length > 0) throw new PortalConfigError(problems);
  return {
    NODE_ENV: nodeEnv as PortalConfig['NODE_ENV'],
    HOST: read('HOST') ?? '127.0.0.1',
    PORT: port,
    PORTAL_DIST: read('PORTAL_DIST'),
  };
}
