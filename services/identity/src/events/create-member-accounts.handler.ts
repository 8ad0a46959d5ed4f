import type { Model } from 'mongoose';
import { bulkWriteInChunks, notifyOutboxWrite, outboxFields } from '@zhtj/bus';
import {
  createEvent,
  identityAccountCreatedV1,
  newId,
  type EventData,
  type EventEnvelope,
  type memberCreatedV1,
} from '@zhtj/contracts';
import { isDuplicateKeyError } from '@zhtj/service-kit';
import type { AccountDocument } from '../store/account.model.js';

type MemberCreated = EventData<typeof memberCreatedV1>;

/**
 * Gives every new member an account: no password hash at all (the initial password is the
 * last 8 ID characters, checked when they log in), so importing 100,000 members costs no hashing.
 * One bulk insert per batch. Idempotent: a member whose ID number already has an account (a
 * redelivered event, or an admin who registered first) keeps it and gains the member role.
 */
export async function createMemberAccounts(
  accounts: Model<AccountDocument>,
  events: ReadonlyArray<EventEnvelope<MemberCreated>>,
): Promise<number> {
  const byIdNumber = new Map<string, MemberCreated>();
  for (const { data } of events) byIdNumber.set(data.idNumber, data);
  const members = [...byIdNumber.values()];
  const docs = members.map((m) => {
    const accountId = newId();
    const event = createEvent(
      identityAccountCreatedV1,
      { accountId, memberId: m.id, mustChangePassword: true },
      { source: 'identity' },
    );
    return {
      _id: accountId,
      idNumber: m.idNumber,
      name: m.name,
      passwordHash: null,
      mustChangePassword: true,
      roles: [{ role: 'member' as const, orgId: m.branchId }],
      memberId: m.id,
      branchId: m.branchId,
      branchAncestors: m.branchAncestors,
      version: 1,
      ...outboxFields([event]),
      createdAt: new Date(),
      updatedAt: new Date(),
    };
  });

  let duplicates: number[] = [];
  try {
    // The raw driver: the documents are complete, and mongoose's per-document casting would
    // cost more than the insert itself on large imports.
    await accounts.collection.insertMany(docs as never[], { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number; errmsg?: string }> }).writeErrors;
    if (!writeErrors || writeErrors.some((e) => !isDuplicateKeyError({ code: e.code, message: e.errmsg }))) throw error;
    duplicates = writeErrors.map((e) => e.index);
  } finally {
    // A raw insert bypasses the outbox plugin's hooks: tell the relay itself.
    notifyOutboxWrite();
  }
  if (duplicates.length > 0)
    await addMemberRoles(
      accounts,
      duplicates.map((i) => members[i]!),
    );
  return docs.length - duplicates.length;
}

/**
 * For members whose ID number already had an account: add the member role and placement where
 * missing. One lookup for the whole batch; a redelivered event finds everything in place and
 * writes nothing.
 */
async function addMemberRoles(accounts: Model<AccountDocument>, members: MemberCreated[]): Promise<void> {
  const existing = await accounts
    .find({ idNumber: { $in: members.map((m) => m.idNumber) } })
    .select('idNumber roles memberId branchId')
    .lean();
  const byIdNumber = new Map(existing.map((a) => [a.idNumber, a]));
  const updates = members.flatMap((m) => {
    const account = byIdNumber.get(m.idNumber);
    if (!account) return [];
    const hasRole = account.roles.some((r) => r.role === 'member' && r.orgId === m.branchId);
    if (hasRole && account.memberId === m.id && account.branchId === m.branchId) return [];
    return [
      {
        updateOne: {
          filter: { _id: account._id },
          update: {
            $addToSet: { roles: { role: 'member', orgId: m.branchId } },
            $set: { memberId: m.id, branchId: m.branchId, branchAncestors: m.branchAncestors },
          },
        },
      },
    ];
  });
  await bulkWriteInChunks(accounts, updates as never, { ordered: false });
}
