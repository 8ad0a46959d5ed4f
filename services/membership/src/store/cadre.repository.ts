import type { Model } from 'mongoose';
import {
  createEvent,
  memberCadreAppointedV1,
  newId,
  type EventEnvelope,
  type ManageScope,
  type OrgPlace,
  type ViewScope,
} from '@zhtj/contracts';
import type { CadreDocument } from './cadre.model.js';
import { keysetPage, notifyOutboxWrite, outboxFields, toOutboxEntries, type Page, type PageRequest } from '@zhtj/store';

const appointed = (
  post: Pick<CadreDocument, '_id' | 'orgId' | 'orgAncestors' | 'memberId' | 'position' | 'nature'>,
): EventEnvelope =>
  createEvent(
    memberCadreAppointedV1,
    {
      id: post._id,
      orgId: post.orgId,
      orgAncestors: post.orgAncestors,
      memberId: post.memberId,
      position: post.position,
      nature: post.nature,
    },
    // One event per post, however often its write is retried.
    { source: 'membership', id: post._id },
  );
const WITHOUT_OUTBOX = '-outbox -outboxLock -outboxPending';

/** A position to record: who holds it and what it is; where comes from the scope. */
export type NewCadre = Pick<
  CadreDocument,
  'memberId' | 'name' | 'idNumber' | 'phone' | 'position' | 'since' | 'nature' | 'createdBy'
>;

/** The only code that queries the cadres collection. */
export class CadreRepository {
  constructor(private readonly model: Model<CadreDocument>) {}

  /** A position at the scope's org. */
  async add(scope: ManageScope, cadre: NewCadre): Promise<CadreDocument> {
    const post = { _id: newId(), orgId: scope.id, orgAncestors: [...scope.ancestors], ...cadre, status: 'active' as const };
    const created = await this.model.create({ ...post, outbox: toOutboxEntries([appointed(post)]) } as Partial<CadreDocument>);
    const {
      outbox: _outbox,
      outboxLock: _lock,
      outboxPending: _pending,
      ...stored
    } = created.toObject() as unknown as CadreDocument & Record<'outbox' | 'outboxLock' | 'outboxPending', unknown>;
    return stored;
  }

  /** The scope's org's active cadres, by id. */
  page(scope: ViewScope, page: PageRequest): Promise<Page<CadreDocument>> {
    return keysetPage(this.model, { orgId: scope.id, status: 'active' }, page, { select: WITHOUT_OUTBOX });
  }

  /**
   * For the system: the positions of branch cadres imported with their members (the import's
   * authority was checked where the job was started), in one raw insert.
   */
  async insertForBranch(branch: OrgPlace, cadres: readonly NewCadre[], now = new Date()): Promise<void> {
    if (cadres.length === 0) return;
    await this.model.collection.insertMany(
      cadres.map((c) => {
        const post = { _id: newId(), orgId: branch.id, orgAncestors: [...branch.ancestors], ...c };
        return { ...post, status: 'active', createdAt: now, updatedAt: now, ...outboxFields([appointed(post)]) };
      }) as never[],
    );
    notifyOutboxWrite();
  }
}
