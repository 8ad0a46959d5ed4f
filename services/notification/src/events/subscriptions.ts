import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import {
  identityAdminRegisteredV1,
  importCompletedV1,
  memberChangeDecidedV1,
  memberChangeRequestedV1,
  orgChangeDecidedV1,
  orgChangeRequestedV1,
  transferApprovedV1,
  transferCompletedV1,
  transferExpiredV1,
  transferFailedV1,
  transferRejectedV1,
  transferRequestedV1,
  type EventEnvelope,
} from '@zhtj/contracts';
import type { OrgProjection } from '@zhtj/store';
import {
  adminRegistered,
  importFinished,
  memberChangeDecided,
  memberChangeRequested,
  orgChangeDecided,
  orgChangeRequested,
  transferApproved,
  transferClosed,
  transferRequested,
  type NewMessage,
} from '../domain/messages-for.js';
import type { LiveMessages } from '../live/live-messages.js';
import type { MessageRepository } from '../store/message.repository.js';

export interface DeliveryDependencies {
  messages: MessageRepository;
  live: LiveMessages;
  orgs: OrgProjection;
}

/**
 * Writes an event's messages (once per event and address, however often it is delivered) and
 * wakes the open streams of their addresses.
 */
export async function deliver(deps: DeliveryDependencies, event: EventEnvelope, messages: readonly NewMessage[]): Promise<void> {
  const written = await deps.messages.writeOnce(event.id, messages);
  // A lost wake-up costs only latency: a stream catches up when it reconnects.
  if (written.length > 0) await deps.live.announce(written.map((m) => m.to)).catch(() => undefined);
}

// Messages are independent of each other (each is written once, by its event and address), so
// events are handled several at a time: one slow write does not hold back the rest.
const delivery = { backoffMs: [500, 2000, 10_000], maxDeliver: 8, concurrency: 8 } as const;

/** Every stream notification listens to, each with its durable consumer. */
export async function startSubscriptions(bus: Bus, deps: DeliveryDependencies): Promise<ConsumerRunner[]> {
  return Promise.all([
    runConsumer(bus, {
      stream: 'TRANSFER',
      durable: 'notification-transfers',
      ...delivery,
      subscriptions: [
        subscribe(transferRequestedV1, (t, e) => deliver(deps, e, transferRequested(t))),
        subscribe(transferApprovedV1, (t, e) => deliver(deps, e, transferApproved(t))),
        subscribe(transferRejectedV1, (t, e) => deliver(deps, e, transferClosed('rejected', t))),
        subscribe(transferCompletedV1, (t, e) => deliver(deps, e, transferClosed('completed', t))),
        subscribe(transferExpiredV1, (t, e) => deliver(deps, e, transferClosed('expired', t))),
        subscribe(transferFailedV1, (t, e) => deliver(deps, e, transferClosed('failed', t))),
      ],
    }),
    runConsumer(bus, {
      stream: 'ORG',
      durable: 'notification-org-changes',
      ...delivery,
      subscriptions: [
        subscribe(orgChangeRequestedV1, (r, e) => deliver(deps, e, orgChangeRequested(r))),
        subscribe(orgChangeDecidedV1, (r, e) => deliver(deps, e, orgChangeDecided(r))),
      ],
    }),
    runConsumer(bus, {
      stream: 'MEMBER',
      durable: 'notification-member-changes',
      ...delivery,
      subscriptions: [
        subscribe(memberChangeRequestedV1, (r, e) => deliver(deps, e, memberChangeRequested(r))),
        subscribe(memberChangeDecidedV1, (r, e) => deliver(deps, e, memberChangeDecided(r))),
      ],
    }),
    runConsumer(bus, {
      stream: 'IMPORT',
      durable: 'notification-imports',
      ...delivery,
      subscriptions: [subscribe(importCompletedV1, (job, e) => deliver(deps, e, importFinished(job)))],
    }),
    runConsumer(bus, {
      stream: 'IDENTITY',
      durable: 'notification-registrations',
      ...delivery,
      subscriptions: [
        subscribe(identityAdminRegisteredV1, async (registration, e) => {
          const org = await deps.orgs.get(registration.orgId);
          // The org tree arrives on another stream: wait for it rather than tell no one.
          if (!org) throw new Error(`org ${registration.orgId} is not in the projection yet`);
          await deliver(deps, e, adminRegistered(registration, org));
        }),
      ],
    }),
  ]);
}
