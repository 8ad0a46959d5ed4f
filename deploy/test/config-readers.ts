import { loadConfig } from '../../libs/service-kit/src/config.js';
import { loadPortalConfig, PORTAL_CONFIG_VARIABLES } from '@zhtj/portal/testing';

/**
 * How a deployable reads its environment, for checking compose files and manifests against it:
 * the variables it knows and its own parser (which throws on a bad or missing value). The
 * services read theirs with a zod schema and service-kit's loadConfig; the portal's server with
 * a small parser of its own (services/portal/server/config.ts).
 */
export interface ConfigReader {
  variables: ReadonlySet<string>;
  load(env: Record<string, string>): Record<string, unknown>;
}

type EnvSchema = Parameters<typeof loadConfig>[0] & { shape: Record<string, unknown> };

export function fromSchema(schema: EnvSchema): ConfigReader {
  return {
    variables: new Set(Object.keys(schema.shape)),
    load: (env) => loadConfig(schema, env) as Record<string, unknown>,
  };
}

export const portalConfigReader: ConfigReader = {
  variables: new Set(PORTAL_CONFIG_VARIABLES),
  load: (env) => ({ ...loadPortalConfig(env) }),
};

/** Variables of `environment` that the reader does not know: misspelt, or meant for another program. */
export function unknownVariables(environment: Record<string, string>, reader: ConfigReader): string[] {
  return Object.keys(environment).filter((key) => !reader.variables.has(key));
}
