import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { newId } from '@zhtj/contracts';

const DAY_SEC = 24 * 3600;

/**
 * The account id a new person's registration for an org is made under, the same on every try
 * for a day: organization spends the code for that id, and a try whose answer was lost (identity
 * stopped between spending the code and writing the account) can be repeated — organization
 * answers a code spent for the same account as redeemed.
 */
export class PendingRegistrations {
  constructor(private readonly redis: Redis) {}

  async accountIdFor(idNumber: string, orgId: string): Promise<string> {
    // The number is personal data: the key carries a hash of it.
    const hash = createHash('sha256').update(idNumber).digest('hex').slice(0, 32);
    const key = `registration:pending:{${hash}}:${orgId}`;
    const fresh = newId();
    if ((await this.redis.set(key, fresh, 'EX', DAY_SEC, 'NX')) === 'OK') return fresh;
    return (await this.redis.get(key)) ?? fresh;
  }
}
