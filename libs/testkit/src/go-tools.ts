import { access, chmod, cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCommand, which } from './processes.js';

/** Where installed tool binaries live, shared by every clone on the machine. */
export function toolCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'zhtj', 'bin');
}

export interface GoTool {
  /** Names the tool in log lines and errors. */
  name: string;
  module: string;
  version: string;
  /** The main package inside the module, relative to its root ('.' or './cmd/x'). */
  mainPackage: string;
  /** Bump when `prepare` changes, so every machine builds again once. */
  buildRevision?: string;
  /** Edits the copied module source before the build (patches, embedded files). */
  prepare?: (sourceDir: string) => Promise<void>;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds a Go program from the Go module proxy once per machine and returns the binary's path
 * (in toolCacheDir, keyed by version and build revision).
 *
 * Not `go install module@version`: the proxy here refuses modules' version lists, which `go
 * install` reads for deprecation notices. So: download the exact version, copy it to a writable
 * place, let `prepare` edit it, build with the module's own go.mod and go.sum.
 */
export async function ensureGoTool(tool: GoTool, log: (line: string) => void): Promise<string> {
  const dir = path.join(toolCacheDir(), [tool.name, tool.version, tool.buildRevision].filter(Boolean).join('-'));
  const binary = path.join(dir, tool.name);
  if (await exists(binary)) return binary;
  const go = await which('go');
  if (!go) throw new Error(`${tool.name} must be built from source but Go is not installed (need \`go\` on PATH)`);
  log(`installing ${tool.name} ${tool.version} with Go (once per machine, a few minutes)…`);
  const work = await mkdtemp(path.join(os.tmpdir(), `zhtj-${tool.name}-`));
  try {
    await writeFile(path.join(work, 'go.mod'), `module zhtj.local/${tool.name}-build\n\ngo 1.22\n`);
    const info = JSON.parse(
      await runCommand(go, ['mod', 'download', '-json', `${tool.module}@${tool.version}`], { cwd: work }),
    ) as {
      Dir?: string;
      Error?: string;
    };
    if (!info.Dir) throw new Error(`go mod download ${tool.module}@${tool.version} failed: ${info.Error ?? 'no directory'}`);
    const source = path.join(work, 'src');
    await cp(info.Dir, source, { recursive: true });
    await runCommand('chmod', ['-R', 'u+w', source]);
    await tool.prepare?.(source);
    await mkdir(dir, { recursive: true });
    // Built beside the final name and renamed: two test runs building at once never see half a file.
    const partial = `${binary}.${process.pid}.partial`;
    await runCommand(go, ['build', '-trimpath', '-o', partial, tool.mainPackage], { cwd: source, env: { GOFLAGS: '-mod=mod' } });
    await chmod(partial, 0o755);
    await rename(partial, binary);
    return binary;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
