import type { Model } from 'mongoose';
import { newId, type ManageScope, type OrgPlace, type ViewScope } from '@zhtj/contracts';
import type { CadreDocument } from './cadre.model.js';
import { keysetPage, type Page, type PageRequest } from '@zhtj/store';

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
    const created = await this.model.create({
      _id: newId(),
      orgId: scope.id,
      orgAncestors: [...scope.ancestors],
      ...cadre,
      status: 'active',
    });
    return created.toObject();
  }

  /** The scope's org's active cadres, by id. */
  page(scope: ViewScope, page: PageRequest): Promise<Page<CadreDocument>> {
    return keysetPage(this.model, { orgId: scope.id, status: 'active' }, page);
  }

  /**
   * For the system: the positions of branch cadres imported with their members (the import's
   * authority was checked where the job was started), in one raw insert.
   */
  async insertForBranch(branch: OrgPlace, cadres: readonly NewCadre[], now = new Date()): Promise<void> {
    if (cadres.length === 0) return;
    await this.model.collection.insertMany(
      cadres.map((c) => ({
        _id: newId(),
        orgId: branch.id,
        orgAncestors: [...branch.ancestors],
        ...c,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      })) as never[],
    );
  }
}
