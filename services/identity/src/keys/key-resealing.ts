import { startPeriodic, type Logger } from '@zhtj/service-kit';
import type { KeyRing } from './key-ring.js';

/**
 * At start: seals again under the current JWT_KEYS_SECRET any key sealed under the previous one,
 * and makes sure a key signs. While a previous secret is configured, keeps doing it every minute
 * (another replica may still make keys under it); once the log says nothing more for a while,
 * the previous secret can go. What must be stopped, if anything runs.
 */
export async function keepKeysSealed(
  keyRing: KeyRing,
  options: { previousSecretSet: boolean; logger: Logger },
): Promise<{ stop(): Promise<void> } | undefined> {
  const reseal = async () => {
    const resealed = await keyRing.resealUnderCurrentSecret();
    if (resealed > 0) options.logger.info({ resealed }, 'signing keys sealed again under the current JWT_KEYS_SECRET');
    return resealed;
  };
  await reseal();
  await keyRing.active();
  if (!options.previousSecretSet) return undefined;
  return startPeriodic(reseal, 60_000, (err) => options.logger.warn({ err }, 'sealing signing keys again failed; retrying'));
}
