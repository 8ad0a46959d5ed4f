import type { Redis } from 'ioredis';
import { serviceTokenVerifier, type Logger } from '@zhtj/service-kit';
import type { Config } from '../config.js';
import { edgeGuard, type EdgeGuard } from './edge-guard.js';

/** Calls `log` at most once every `ms` (a down Redis would otherwise log on every request). */
function warnEvery(ms: number, log: (error: unknown) => void) {
  let last = 0;
  return (error: unknown) => {
    if (Date.now() - last < ms) return;
    last = Date.now();
    log(error);
  };
}

/** The edge guard as the gateway's configuration sets it: token checks and the rate limits. */
export function edgeGuardFromConfig(config: Config, redis: Redis, logger: Logger): EdgeGuard {
  return edgeGuard({
    verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
    redis,
    onRedisDown: warnEvery(10_000, (err) => logger.warn({ err }, 'Redis unreachable: rate limits counted per replica')),
    limits: {
      anonymous: { burst: config.RATE_LIMIT_ANONYMOUS_BURST, perMinute: config.RATE_LIMIT_ANONYMOUS_PER_MIN },
      account: { burst: config.RATE_LIMIT_ACCOUNT_BURST, perMinute: config.RATE_LIMIT_ACCOUNT_PER_MIN },
    },
  });
}
