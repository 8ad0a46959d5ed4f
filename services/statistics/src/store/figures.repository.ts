import { newId, type ViewScope } from '@zhtj/contracts';
import type { Model } from 'mongoose';
import { bulkWriteInChunks, insertNew, keysetPage, type Page, type PageRequest } from '@zhtj/store';
import { Working, type MemberState, type OrgState } from '../domain/figures.js';
import {
  readJournal,
  storedJournal,
  type FiguresDocument,
  type JournalDocument,
  type MemberFactDocument,
  type StatisticsModels,
  type StoredJournal,
} from './models.js';

/** The ids a run of events needs loaded: the facts first, then the orgs they name. */
export interface Needs {
  orgs: Set<string>;
  members: Set<string>;
  transfers: Set<string>;
  cadres: Set<string>;
}
export const emptyNeeds = (): Needs => ({ orgs: new Set(), members: new Set(), transfers: new Set(), cadres: new Set() });

const JOURNALS_KEPT = 32;
const bandDayKey = (day: string, memberId: string) => `${day}|${memberId}`;

function orgStateOf(doc: FiguresDocument): OrgState {
  const own = (key: string) => (typeof doc.counts?.[key] === 'number' ? (doc.counts[key] as number) : 0);
  return {
    id: doc._id,
    known: doc.known,
    name: doc.name,
    type: doc.type,
    parentId: doc.parentId,
    ancestors: doc.ancestors ?? [],
    active: doc.active,
    version: doc.version ?? 0,
    ownMembers: own('ownMembers'),
    ownCadres: own('ownCadres'),
  };
}

/**
 * The only code on statistics' collections. A run of events is loaded into a Working state,
 * changed by the pure rules, and committed through a journal: one insert of everything it
 * changes, then the writes, then the journal's removal — so a crash anywhere leaves either
 * nothing or a journal that `replay` finishes, and no counter moves twice.
 */
export class FiguresRepository {
  constructor(private readonly m: StatisticsModels) {}

  async init(): Promise<void> {
    await Promise.all(Object.values(this.m).map((model) => model.init()));
  }

  /** The state `needs` names, for rules to change. Orgs named by the loaded facts are loaded too. */
  async load(needs: Needs, today: string): Promise<Working> {
    const w = new Working(today);
    const [members, transfers, cadres] = await Promise.all([
      needs.members.size ? this.m.members.find({ _id: { $in: [...needs.members] } }).lean() : [],
      needs.transfers.size ? this.m.transfers.find({ _id: { $in: [...needs.transfers] } }).lean() : [],
      needs.cadres.size ? this.m.cadres.find({ _id: { $in: [...needs.cadres] } }).lean() : [],
    ]);
    const orgIds = new Set(needs.orgs);
    for (const { _id, ...m } of members) {
      w.members.set(_id, { id: _id, ...m });
      orgIds.add(m.branchId);
    }
    for (const { _id, ...t } of transfers) {
      w.transfers.set(_id, { id: _id, ...t });
      orgIds.add(t.fromBranchId);
    }
    for (const { _id, ...c } of cadres) w.cadres.set(_id, { id: _id, ...c });
    if (orgIds.size) {
      const orgs = await this.m.figures
        .find({ _id: { $in: [...orgIds] } })
        .select('-journals')
        .lean<FiguresDocument[]>();
      for (const doc of orgs) w.orgs.set(doc._id, orgStateOf(doc));
    }
    // What was held before the rules ran: the band days to move are the difference, and what
    // was not stored yet can be inserted rather than upserted.
    this.before.set(w, {
      members: new Map([...w.members.values()].map((m) => [m.id, m.bandChangesOn])),
      orgs: new Set(w.orgs.keys()),
    });
    return w;
  }

  private readonly before = new WeakMap<Working, { members: Map<string, string | null>; orgs: Set<string> }>();

  /** Writes what `w` changed (see the class comment). */
  async commit(w: Working): Promise<void> {
    const before = this.before.get(w) ?? { members: new Map<string, string | null>(), orgs: new Set<string>() };
    const members = [...w.changed.members].map((id) => w.members.get(id)!);
    const bandDays = { add: [] as string[], remove: [] as string[] };
    for (const m of members) {
      const was = before.members.get(m.id) ?? null;
      const now = m.active ? m.bandChangesOn : null;
      if (was === now) continue;
      if (was) bandDays.remove.push(bandDayKey(was, m.id));
      if (now) bandDays.add.push(bandDayKey(now, m.id));
    }
    const orgIds = new Set([...w.changed.orgs, ...w.deltas.keys()]);
    const journal: JournalDocument = {
      _id: newId(),
      createdAt: new Date(),
      orgs: [...orgIds].map((id) => {
        const org = w.orgs.get(id);
        const inc = [...(w.deltas.get(id) ?? new Map<string, number>())]
          .filter(([, delta]) => delta !== 0)
          .map(([path, delta]) => ({ path, delta }));
        return {
          id,
          ...(org?.known && w.changed.orgs.has(id)
            ? {
                set: {
                  known: true,
                  name: org.name,
                  type: org.type,
                  parentId: org.parentId,
                  ancestors: org.ancestors,
                  active: org.active,
                  version: org.version,
                },
              }
            : {}),
          inc,
        };
      }),
      members: members.map(({ id, ...m }: MemberState): MemberFactDocument => ({ _id: id, ...m })),
      transfers: [...w.changed.transfers].map((id) => {
        const { id: _id, ...t } = w.transfers.get(id)!;
        return { _id, ...t };
      }),
      cadres: [...w.changed.cadres].map((id) => ({ _id: id, orgId: w.cadres.get(id)!.orgId })),
      bandDays,
    };
    if (journal.orgs.length + journal.members.length + journal.transfers.length + journal.cadres.length === 0) return;
    const absentOrgs = await this.absentFigures([...orgIds].filter((id) => !before.orgs.has(id)));
    await this.m.journal.collection.insertOne(storedJournal(journal) as never);
    await this.apply(journal, {
      members: new Set(members.filter((m) => !before.members.has(m.id)).map((m) => m.id)),
      orgs: absentOrgs,
    });
  }

  /**
   * Which of these orgs have no figures document yet. The load reads the orgs the events name, not
   * the ancestors their counts go up to; asking costs one index lookup each, where inserting them
   * all to find out costs a failed insert each.
   */
  private async absentFigures(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const present = await this.m.figures.find({ _id: { $in: ids } }, { _id: 1 }).lean();
    const there = new Set(present.map((d) => d._id));
    return new Set(ids.filter((id) => !there.has(id)));
  }

  /** Finishes journals a crash left behind, oldest first. Call before loading anything. */
  async replay(): Promise<number> {
    const left = await this.m.journal.find().sort({ _id: 1 }).lean<StoredJournal[]>();
    for (const journal of left) await this.apply(readJournal(journal), 'unknown');
    return left.length;
  }

  /**
   * Writes a journal's changes; each collection's writes at once, since the journal (not the
   * order) is what makes a crash safe. `absent` names the facts and figures the load did not
   * find: they are inserted, one command for all, instead of upserted one statement each (the
   * cost of an import's batch on FerretDB); 'unknown' (a replay) upserts everything.
   */
  private async apply(j: JournalDocument, absent: { members: Set<string>; orgs: Set<string> } | 'unknown'): Promise<void> {
    const isAbsent = (set: 'members' | 'orgs', id: string) => absent !== 'unknown' && absent[set].has(id);
    const replace = <T extends { _id: string }>(docs: readonly T[]) =>
      docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }));
    const writeFacts = async <T extends { _id: string }>(
      model: Model<any>,
      docs: readonly T[],
      isNew: (id: string) => boolean,
    ) => {
      const there = new Set(
        await insertNew(
          model,
          docs.filter((d) => isNew(d._id)),
        ),
      );
      await bulkWriteInChunks(model, replace(docs.filter((d) => !isNew(d._id) || there.has(d._id))) as never);
    };
    const writeBandDays = async () => {
      if (j.bandDays.remove.length) await this.m.bandDays.deleteMany({ _id: { $in: j.bandDays.remove } });
      // A band day is its key alone: one already there is the same document.
      await insertNew(
        this.m.bandDays,
        j.bandDays.add.map((_id) => ({ _id })),
      );
    };
    const writeFigures = async () => {
      // Each figures document exists before its conditional update, which an upsert cannot be.
      const fresh = (id: string) => ({
        _id: id,
        known: false,
        active: true,
        version: 0,
        counts: {},
        journals: [],
        ancestors: [],
      });
      await insertNew(
        this.m.figures,
        j.orgs.filter(({ id }) => absent === 'unknown' || isAbsent('orgs', id)).map(({ id }) => fresh(id)),
      );
      await this.updateFigures(j);
    };
    // Settled, not raced: a failed write is reported only once the others are done, so no write
    // of this journal is still in flight when the next run replays it.
    const written = await Promise.allSettled([
      writeFacts(this.m.members, j.members, (id) => isAbsent('members', id)),
      writeFacts(this.m.transfers, j.transfers, () => false),
      writeFacts(this.m.cadres, j.cadres, () => false),
      writeBandDays(),
      writeFigures(),
    ]);
    const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (failed) throw failed.reason;
    await this.m.journal.deleteOne({ _id: j._id });
  }

  /** Each org's counters moved by the journal, once: a figures document remembers the journals it took. */
  private async updateFigures(j: JournalDocument): Promise<void> {
    await bulkWriteInChunks(
      this.m.figures,
      j.orgs.map(({ id, set, inc }) => ({
        updateOne: {
          filter: { _id: id, journals: { $ne: j._id } },
          update: {
            ...(set ? { $set: { ...set, updatedAt: j.createdAt } } : { $set: { updatedAt: j.createdAt } }),
            ...(inc.length ? { $inc: Object.fromEntries(inc.map(({ path, delta }) => [`counts.${path}`, delta])) } : {}),
            $push: { journals: { $each: [j._id], $slice: -JOURNALS_KEPT } },
          },
        },
      })) as never,
    );
  }

  /** Members whose age band changes on or before `today` (the sweep's work), a page at a time. */
  async bandDue(today: string, limit: number): Promise<string[]> {
    const due = await this.m.bandDays
      .find({ _id: { $lt: `${today}|~` } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean();
    return due.map((d) => d._id.slice(d._id.indexOf('|') + 1));
  }

  /** The figures of the scope's org (its whole subtree), or null before anything was counted there. */
  figuresOf(scope: ViewScope): Promise<FiguresDocument | null> {
    return this.m.figures.findById(scope.id).select('-journals').lean<FiguresDocument>();
  }

  /** The figures of the scope's org's direct children, by id. */
  childrenOf(scope: ViewScope, page: PageRequest): Promise<Page<FiguresDocument>> {
    return keysetPage(this.m.figures, { parentId: scope.id, known: true }, page, { select: '-journals' });
  }

  /** For tests and the rebuild check: every figures document, by id. */
  all(): Promise<FiguresDocument[]> {
    return this.m.figures.find().select('-journals -updatedAt -createdAt').sort({ _id: 1 }).lean<FiguresDocument[]>();
  }
}
