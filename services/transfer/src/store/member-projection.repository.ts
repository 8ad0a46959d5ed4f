import type { Model } from 'mongoose';
import { hashIdNumber, type ProjectedMember } from './member-projection.model.js';
import { upsertIfNewer } from '@zhtj/store';

/** The only code that queries transfer's projection of the MEMBER stream. */
export class MemberProjectionRepository {
  constructor(private readonly model: Model<ProjectedMember>) {}

  /** A member that exists (not removed), or null. */
  async present(id: string): Promise<ProjectedMember | null> {
    const member = await this.model.findById(id).lean<ProjectedMember>();
    return member && !member.removed ? member : null;
  }

  /** The member with exactly this name and ID number (compared by its hash), or null. */
  async byNameAndIdNumber(name: string, idNumber: string): Promise<ProjectedMember | null> {
    const candidates = await this.model.find({ idNumberHash: hashIdNumber(idNumber) }).lean<ProjectedMember[]>();
    return candidates.find((m) => !m.removed && m.name === name.trim()) ?? null;
  }

  /** Whether nothing is projected yet (the consumer then replays the stream from its start). */
  async isEmpty(): Promise<boolean> {
    return (await this.model.estimatedDocumentCount()) === 0;
  }

  /** A member event applied unless the projection holds its version or a newer one (idempotent). */
  async applyNewer(id: string, version: number, set: Partial<ProjectedMember>, create: boolean): Promise<void> {
    await upsertIfNewer(this.model, id, version, set, { create });
  }
}
