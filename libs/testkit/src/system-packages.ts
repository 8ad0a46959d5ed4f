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
  await ensureDebianPackage(debianPackage, log);
  const installed = await which(binary);
  if (!installed) throw new Error(`${debianPackage} installed but ${binary} is still not on PATH`);
  return installed;
}

/**
 * Debian's Chromium, for the portal's browser tests (Playwright drives it): installed with apt-get
 * when missing, as the servers are. Launch it with `chromiumArgs`.
 */
export async function ensureChromium(log: (line: string) => void): Promise<string> {
  const chromium = await ensureSystemPackage('chromium', 'chromium', log);
  // Without a Chinese font every page (and its screenshots) shows boxes for the text.
  const chineseFonts = await runCommand('fc-list', [':lang=zh']).catch(() => '');
  if (chineseFonts.trim() === '') await ensureDebianPackage('fonts-wqy-microhei', log);
  return chromium;
}

/** No sandbox: the tests run as root here, where Chromium's sandbox refuses to start; nothing phones home. */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--lang=zh-CN'];

/** Installs a Debian package with apt-get (root only), updating the package lists once. */
async function ensureDebianPackage(debianPackage: string, log: (line: string) => void): Promise<void> {
  const apt = await which('apt-get');
  if (!apt || process.getuid?.() !== 0) throw new Error(`install the ${debianPackage} package`);
  log(`installing ${debianPackage} with apt-get…`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    await runCommand(apt, ['update', '-q'], { env });
    aptUpdated = true;
  }
  await runCommand(apt, ['install', '-y', '-q', '--no-install-recommends', debianPackage], { env });
}
