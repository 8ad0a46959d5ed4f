import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureGoTool } from './go-tools.js';

export const KUSTOMIZE_VERSION = 'v5.5.0';

/** The kustomize CLI, built once per machine from the Go module proxy. */
export function ensureKustomize(log: (line: string) => void): Promise<string> {
  return ensureGoTool(
    { name: 'kustomize', module: 'sigs.k8s.io/kustomize/kustomize/v5', version: KUSTOMIZE_VERSION, mainPackage: '.' },
    log,
  );
}

/**
 * `kustomize build <dir>`: the rendered multi-document YAML (stdout only: kustomize writes its
 * warnings to stderr), or an error carrying kustomize's message.
 */
export async function kustomizeBuild(dir: string, log: (line: string) => void = () => undefined): Promise<string> {
  const kustomize = await ensureKustomize(log);
  try {
    const { stdout } = await promisify(execFile)(kustomize, ['build', dir], { maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`kustomize build ${dir} failed:\n${stderr ?? String(error)}`, { cause: error });
  }
}
