/** The service's folder and every workspace folder it needs at run time (its dependencies, transitively). */
export function runtimeWorkspaces(service: string, root?: string): string[];
/** Narrows the manifests under `root` to the service's runtime workspaces; the folders kept. */
export function pruneManifests(service: string, root?: string): string[];
/** Copies the runtime workspaces' dist/ folders to `out` and writes `out/main.mjs`; the folders copied. */
export function collect(service: string, out: string, root?: string): string[];
