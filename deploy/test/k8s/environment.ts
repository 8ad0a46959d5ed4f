import { configMaps, containersOf, named, secrets, type KubeObject, type Workload } from './objects.js';

export interface ContainerEnvironment {
  /** The variables as the process would see them. */
  variables: Record<string, string>;
  /** Secrets and keys referenced but not in the rendered objects (made outside the repository). */
  externalSecretKeys: Array<{ secret: string; key: string }>;
}

/**
 * The environment of a workload's first container: its ConfigMaps (envFrom) and env entries,
 * literal or from Secrets. A Secret that is not rendered (production's) stands in with
 * `externalValue(key)`, so the result can still be checked against the config schema.
 */
export function environmentOf(
  workload: Workload,
  objects: KubeObject[],
  externalValue: (key: string) => string,
): ContainerEnvironment {
  const container = containersOf(workload).at(-1)!;
  const variables: Record<string, string> = {};
  const externalSecretKeys: ContainerEnvironment['externalSecretKeys'] = [];
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) throw new Error(`${workload.metadata.name}: envFrom other than a ConfigMap`);
    Object.assign(variables, named(configMaps(objects), source.configMapRef.name ?? '').data ?? {});
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (entry.value !== undefined) {
      variables[entry.name] = entry.value;
    } else if (ref) {
      const secret = secrets(objects).find((s) => s.metadata.name === ref.name);
      const encoded = secret?.data?.[ref.key];
      // An optional key (a rotation's old secret) is normally absent: the variable is then unset.
      if (ref.optional) {
        if (encoded !== undefined) variables[entry.name] = Buffer.from(encoded, 'base64').toString('utf8');
        continue;
      }
      if (secret && encoded === undefined) throw new Error(`${workload.metadata.name}: Secret ${ref.name} has no key ${ref.key}`);
      if (encoded === undefined) externalSecretKeys.push({ secret: ref.name ?? '', key: ref.key });
      variables[entry.name] = encoded === undefined ? externalValue(ref.key) : Buffer.from(encoded, 'base64').toString('utf8');
    } else {
      throw new Error(`${workload.metadata.name}: env ${entry.name} has neither a value nor a Secret reference`);
    }
  }
  return { variables, externalSecretKeys };
}
