import type { Model } from 'mongoose';
import type { DevelopmentNumberDocument } from './development-number.model.js';
import type { MemberRepository } from './member.repository.js';
import { isDuplicateKeyError } from '@zhtj/store';

/** A reservation whose member never got written (a crash in between) is free after this long. */
const ORPHAN_AFTER_MS = 60_000;

/**
 * The only code that queries the development-number register: each 发展团员编号 is held by at
 * most one member system-wide, by a reservation written before the member that carries it.
 */
export interface DevelopmentNumbers {
  /** Reserves numbers for members; answers the members whose number is taken by someone else. */
  reserve(entries: ReadonlyArray<{ number: string; memberId: string }>, batchId?: string | null): Promise<Set<string>>;
  /** The member holding a number, if any. */
  holder(number: string): Promise<string | null>;
  /** Frees numbers, each only if still held by the member named with it. */
  release(entries: ReadonlyArray<{ number: string; memberId: string }>): Promise<void>;
}

export function developmentNumbers(
  numbers: Model<DevelopmentNumberDocument>,
  members: Pick<MemberRepository, 'isPresent'>,
): DevelopmentNumbers {
  /** A clashing reservation may be an orphan: of an earlier try of the same batch, or old and memberless. */
  async function takeOver(number: string, memberId: string, batchId: string | null): Promise<boolean> {
    const held = await numbers.findById(number).lean();
    if (!held) return false;
    const sameBatch = batchId !== null && held.batchId === batchId;
    const old = Date.now() - new Date(held.reservedAt).getTime() > ORPHAN_AFTER_MS;
    if (!sameBatch && !old) return false;
    if (await members.isPresent(held.memberId)) return false;
    const moved = await numbers.updateOne(
      { _id: number, memberId: held.memberId },
      { $set: { memberId, batchId, reservedAt: new Date() } },
    );
    return moved.modifiedCount === 1;
  }

  return {
    async reserve(entries, batchId = null) {
      const taken = new Set<string>();
      if (entries.length === 0) return taken;
      const docs = entries.map((e) => ({ _id: e.number, memberId: e.memberId, batchId, reservedAt: new Date() }));
      try {
        await numbers.collection.insertMany(docs as never[], { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number; errmsg?: string }> }).writeErrors;
        if (!writeErrors || writeErrors.some((e) => !isDuplicateKeyError({ code: e.code, message: e.errmsg }))) {
          if (!isDuplicateKeyError(error)) throw error;
          // A single-document insert reports the clash without writeErrors.
          if (entries.length !== 1) throw error;
          const [only] = entries;
          if (!(await takeOver(only!.number, only!.memberId, batchId))) taken.add(only!.memberId);
          return taken;
        }
        for (const e of writeErrors) {
          const entry = entries[e.index]!;
          if (!(await takeOver(entry.number, entry.memberId, batchId))) taken.add(entry.memberId);
        }
      }
      return taken;
    },
    async holder(number) {
      return (await numbers.findById(number).select('memberId').lean())?.memberId ?? null;
    },
    async release(entries) {
      await Promise.all(entries.map((e) => numbers.deleteOne({ _id: e.number, memberId: e.memberId })));
    },
  };
}
