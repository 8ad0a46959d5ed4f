/**
 * Waits until `check` holds, polling; fails naming what it waited for after the timeout. The
 * timeout only stops a hang: on a loaded machine (CI beside another heavy process) events take
 * longer, so it is generous — a test waits on the condition, never on a clock.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
