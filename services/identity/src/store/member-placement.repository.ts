import type { Model } from 'mongoose';
import type { MemberPlacementDocument } from './member-placement.model.js';
import { upsertIfNewer } from '@zhtj/store';

/** The only code that queries the member placements identity has heard of. */
export class MemberPlacementRepository {
  constructor(private readonly model: Model<MemberPlacementDocument>) {}

  /** Records a placement unless a newer one (by membership's version) is on record already. */
  async record(placement: MemberPlacementDocument): Promise<void> {
    const { _id, version, ...fields } = placement;
    await upsertIfNewer(this.model, _id, version, fields);
  }

  /** What is on record for these member records. */
  of(memberIds: readonly string[]): Promise<MemberPlacementDocument[]> {
    return this.model.find({ _id: { $in: [...memberIds] } }).lean<MemberPlacementDocument[]>();
  }

  /** Whether anything is on record for the member record. */
  async has(memberId: string): Promise<boolean> {
    return (await this.model.exists({ _id: memberId })) !== null;
  }
}
