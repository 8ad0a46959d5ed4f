import type { Model } from 'mongoose';
import type { BranchMemberDocument } from './branch-member.model.js';
import { upsertIfNewer } from '@zhtj/store';

/** The only code that queries organization's record of which branch each member is in. */
export class BranchMemberRepository {
  constructor(private readonly model: Model<BranchMemberDocument>) {}

  async hasMembers(branchId: string): Promise<boolean> {
    return (await this.model.exists({ branchId })) !== null;
  }

  /** Records a member's branch at a version, unless a newer version is already recorded (idempotent). */
  async recordPlacement(memberId: string, branchId: string | null, version: number): Promise<void> {
    await upsertIfNewer(this.model, memberId, version, { branchId });
  }
}
