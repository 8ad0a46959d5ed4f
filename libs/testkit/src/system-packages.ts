import { runCommand, which } from './processes.js';

let aptUpdated = false;

/**
 * The path of a server binary, installing its Debian package first when it is missing and we
 * may (root with apt-get). Elsewhere it says what to install instead of guessing.
 */
export async function ensureSystemPackage(binary: string, debianPackage: string, log: (line: string) => void): Promise<string> {
  const found = await which(binary);
  if (found) return found;
  const apt = await which('apt-get');
  if (!apt || process.getuid?.() !== 0) {
    throw new Error(`${binary} is not installed; install the ${debianPackage} package (or set the matching *_URL)`);
  }
  log(`installing ${debianPackage} with apt-get…`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    await runCommand(apt, ['update', '-q'], { env });
    aptUpdated = true;
  }
  await runCommand(apt, ['install', '-y', '-q', '--no-install-recommends', debianPackage], { env });
  const installed = await which(binary);
  if (!installed) throw new Error(`${debianPackage} installed but ${binary} is still not on PATH`);
  return installed;
}
