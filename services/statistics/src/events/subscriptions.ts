import { runBatchConsumer, runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import {
  memberBranchChangedV1,
  memberCadreAppointedV1,
  memberCreatedV1,
  memberRemovedV1,
  memberUpdatedV1,
  orgCreatedV1,
  orgDissolvedV1,
  orgUpdatedV1,
  transferApprovedV1,
  transferAssignedV1,
  transferCancelledV1,
  transferCompletedV1,
  transferExpiredV1,
  transferFailedV1,
  transferRejectedV1,
  transferRequestedV1,
  type EventContract,
  type EventEnvelope,
} from '@zhtj/contracts';
import type { FiguresWriter } from './figures-writer.js';

// An event that needs a fact of another stream not here yet (an org) is tried again soon.
const delivery = { backoffMs: [200, 1000, 5000, 30_000], maxDeliver: 20 } as const;

const each = (writer: FiguresWriter, contracts: readonly EventContract[]) =>
  contracts.map((contract) => subscribe(contract, (_data, event) => writer.apply([event as EventEnvelope])));

/**
 * Every stream statistics counts from, each with its durable consumer. member.created comes in
 * batches (an import's worth at a time: one run of the rules and one commit per batch); the rest
 * one by one, in order per stream. Streams are independent: the rules count right in any order
 * between them (an org's own event may come after its members').
 */
export async function startSubscriptions(
  bus: Bus,
  writer: FiguresWriter,
  /** The durables' prefix: a rebuild into a second database reads the streams with its own. */
  prefix = 'statistics',
): Promise<Array<{ stop(): Promise<void> }>> {
  const consumers: Array<Promise<ConsumerRunner | { stop(): Promise<void> }>> = [
    runBatchConsumer(bus, {
      stream: 'MEMBER',
      durable: `${prefix}-members-created`,
      contract: memberCreatedV1,
      maxBatch: 500,
      ...delivery,
      handleBatch: (events) => writer.apply(events as EventEnvelope[]),
    }),
    runConsumer(bus, {
      stream: 'MEMBER',
      durable: `${prefix}-members`,
      ...delivery,
      subscriptions: each(writer, [memberUpdatedV1, memberBranchChangedV1, memberRemovedV1, memberCadreAppointedV1]),
    }),
    runConsumer(bus, {
      stream: 'ORG',
      durable: `${prefix}-orgs`,
      ...delivery,
      subscriptions: each(writer, [orgCreatedV1, orgUpdatedV1, orgDissolvedV1]),
    }),
    runConsumer(bus, {
      stream: 'TRANSFER',
      durable: `${prefix}-transfers`,
      ...delivery,
      subscriptions: each(writer, [
        transferRequestedV1,
        transferApprovedV1,
        transferAssignedV1,
        transferRejectedV1,
        transferCancelledV1,
        transferCompletedV1,
        transferExpiredV1,
        transferFailedV1,
      ]),
    }),
  ];
  return Promise.all(consumers);
}
