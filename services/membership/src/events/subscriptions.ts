import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import {
  transferApprovedV1,
  transferAssignedV1,
  transferCancelledV1,
  transferExpiredV1,
  transferFailedV1,
  transferRejectedV1,
  transferRequestedV1,
} from '@zhtj/contracts';
import type { MemberRepository } from '../store/member.repository.js';
import { transferSaga } from './transfer-saga.js';
import { type OrgProjection } from '@zhtj/store';

/** membership listens to TRANSFER: it marks members transferring, and moves them. */
export function runTransferConsumer(bus: Bus, deps: { members: MemberRepository; orgs: OrgProjection }): Promise<ConsumerRunner> {
  const saga = transferSaga({ bus, ...deps });
  return runConsumer(bus, {
    stream: 'TRANSFER',
    durable: 'membership-transfers',
    // Moves must not repeat: an ack is confirmed by the server before the next message.
    doubleAck: true,
    // One member's transfer events in order; different members' at once.
    concurrency: 8,
    orderKey: (t) => (typeof t.memberId === 'string' ? t.memberId : undefined),
    backoffMs: [500, 2000, 10_000],
    maxDeliver: 8,
    subscriptions: [
      subscribe(transferRequestedV1, (t) => saga.opened(t)),
      subscribe(transferApprovedV1, (t) => saga.move(t)),
      subscribe(transferAssignedV1, (t) => saga.move(t)),
      subscribe(transferRejectedV1, (t) => saga.closed(t)),
      subscribe(transferCancelledV1, (t) => saga.closed(t)),
      subscribe(transferExpiredV1, (t) => saga.closed(t)),
      subscribe(transferFailedV1, (t) => saga.closed(t)),
    ],
  });
}
