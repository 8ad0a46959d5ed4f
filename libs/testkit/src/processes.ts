import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  stop(timeoutMs?: number): Promise<void>;
}

const running = new Set<ManagedProcess>();

// If the parent exits without stopping its children (a crash, process.exit), take them along,
// so nothing keeps listening after a test run or after `npm start` is gone.
process.once('exit', () => {
  for (const p of running) p.child.kill('SIGKILL');
});

// A signal ends node without 'exit' when nobody handles it (a benchmark killed by `timeout`,
// Ctrl-C on a script): then the children would outlive it, holding ports and PostgreSQL
// connections. When this is the only handler, it does what node would do, taking them along.
// A program with its own handler (npm start) stops things in its own order.
for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(code);
  });
}

/**
 * Starts a long-running server process with its output in a log file — through `redact`, line by
 * line, when given (a server that may print data it stores).
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { logDir: string; env?: NodeJS.ProcessEnv; cwd?: string; redact?: (line: string) => string },
): ManagedProcess {
  mkdirSync(options.logDir, { recursive: true });
  const log = createWriteStream(path.join(options.logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const output of [child.stdout, child.stderr]) {
    if (!output) continue;
    if (!options.redact) {
      output.pipe(log, { end: false });
      continue;
    }
    const redact = options.redact;
    createInterface({ input: output, crlfDelay: Infinity }).on('line', (line) => log.write(`${redact(line)}\n`));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const managed: ManagedProcess = {
    name,
    child,
    async stop(timeoutMs = 5000) {
      running.delete(managed);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
  running.add(managed);
  return managed;
}

/** Runs a command to completion; rejects with its output when it fails. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

/** The absolute path of an executable on PATH (or in extra directories), if any. */
export async function which(command: string, extraDirs: string[] = []): Promise<string | undefined> {
  const { access, constants } = await import('node:fs/promises');
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    ...extraDirs,
    '/usr/sbin',
    '/usr/local/sbin',
    '/usr/local/go/bin',
  ];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}
