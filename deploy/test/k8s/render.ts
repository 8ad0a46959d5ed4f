import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kustomizeBuild } from '@zhtj/testkit';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './objects.js';

export const k8sDir = fileURLToPath(new URL('../../k8s/', import.meta.url));

/** Renders a kustomization under deploy/k8s (e.g. 'overlays/prod') with the real kustomize CLI. */
export async function render(kustomization: string): Promise<KubeObject[]> {
  const yaml = await kustomizeBuild(path.join(k8sDir, kustomization), (line) => console.log(`[deploy] ${line}`));
  return parseAllDocuments(yaml).map((document) => {
    if (document.errors.length > 0) throw new Error(`kustomize printed invalid YAML: ${document.errors[0]!.message}`);
    return document.toJS() as KubeObject;
  });
}
