import { type Bus } from '@zhtj/bus';
import {
  createEvent,
  identityAccountCreatedV1,
  newId,
  type EventData,
  type EventEnvelope,
  type memberCreatedV1,
} from '@zhtj/contracts';
import type { AccountBatchDocument } from '../store/account-batch.model.js';
import type { AccountRepository } from '../store/account.repository.js';
import { applyRecordedPlacements, type FollowMembersDependencies } from './follow-members.handler.js';
import { outboxFields, type OutboxBatches } from '@zhtj/store';
import { startPeriodic, type Logger } from '@zhtj/service-kit';

type MemberCreated = EventData<typeof memberCreatedV1>;

export interface MemberAccountsDependencies {
  accounts: AccountRepository;
  /** Each batch's outbox. */
  batches: OutboxBatches<AccountBatchDocument>;
  /** With a bus, the batch's events are published at once; without, the relay does it. */
  bus?: Bus;
  /** How accounts follow their member records (moves and removals heard before the creation). */
  follow: FollowMembersDependencies;
}

/**
 * Gives every new member an account: no password hash at all (the initial password is the
 * last 8 ID characters, checked when they log in), so importing 100,000 members costs no hashing.
 * One bulk insert per batch, and the accounts' `identity.account_created` events in one outbox
 * for the batch (see finishOutboxBatch). Idempotent: a member whose ID number already has an
 * account (a redelivered event, an admin who registered first, a person re-added after removal)
 * keeps it, and it follows the new record (domain/member-link.ts). Moves and removals of these
 * records that were handled before this creation are applied afterwards.
 */
export async function createMemberAccounts(
  deps: MemberAccountsDependencies,
  events: ReadonlyArray<EventEnvelope<MemberCreated>>,
): Promise<number> {
  const byIdNumber = new Map<string, MemberCreated>();
  for (const { data } of events) byIdNumber.set(data.idNumber, data);
  const members = [...byIdNumber.values()];
  const batchId = newId();
  await deps.batches.open({ _id: batchId, createdAt: new Date() });
  const created = members.map((m) => ({ accountId: newId(), member: m }));
  const docs = created.map(({ accountId, member: m }) => ({
    _id: accountId,
    idNumber: m.idNumber,
    name: m.name,
    passwordHash: null,
    mustChangePassword: true,
    roles: [{ role: 'member' as const, orgId: m.branchId }],
    memberId: m.id,
    memberVersion: m.version,
    memberRemoved: false,
    branchId: m.branchId,
    branchAncestors: m.branchAncestors,
    batchId,
    tokenGeneration: 0,
    version: 1,
    ...outboxFields([]),
    createdAt: new Date(),
    updatedAt: new Date(),
  }));

  // A batch that fails otherwise stays `writing`: the redelivery or the sweeper finishes it.
  const duplicates = await deps.accounts.insertMemberAccounts(docs);
  const refused = new Set(duplicates);
  const fresh = created.filter((_, i) => !refused.has(i));
  await deps.batches.finish(
    deps.bus,
    batchId,
    fresh.map(({ accountId, member }) => accountCreated(accountId, member.id)),
  );
  const existing = duplicates.map((i) => members[i]!);
  for (const m of existing) {
    const change = {
      kind: 'created',
      memberId: m.id,
      version: m.version,
      branchId: m.branchId,
      branchAncestors: m.branchAncestors,
    } as const;
    const account = await deps.follow.accounts.followMember({ idNumber: m.idNumber }, change);
    if (account) await deps.follow.sessions.enforce(account);
  }
  await applyRecordedPlacements(
    deps.follow,
    members.map((m) => m.id),
  );
  return fresh.length;
}

const accountCreated = (accountId: string, memberId: string) =>
  createEvent(identityAccountCreatedV1, { accountId, memberId, mustChangePassword: true }, { source: 'identity' });

/** Account batches whose handler died half-way: the accounts they made are announced all the same. */
export function sweepAccountBatches(
  deps: Pick<MemberAccountsDependencies, 'accounts' | 'batches' | 'bus'>,
  olderThanMs: number,
  now = new Date(),
): Promise<number> {
  return deps.batches.sweep(
    deps.bus,
    olderThanMs,
    async (batch) => {
      const made = await deps.accounts.madeBy(batch._id);
      return made.flatMap((a) => (a.memberId ? [accountCreated(a._id, a.memberId)] : []));
    },
    now,
  );
}

/** Sweeps abandoned account batches (older than ten minutes) every minute. */
export function startAccountBatchSweeper(
  deps: Pick<MemberAccountsDependencies, 'accounts' | 'batches' | 'bus'>,
  logger: Logger,
): { stop(): Promise<void> } {
  return startPeriodic(
    () => sweepAccountBatches(deps, 10 * 60_000),
    60_000,
    (err) => logger.warn({ err }, 'sweeping abandoned account batches failed; retrying'),
  );
}
