import type { EventEnvelope, MemberProfile } from '@zhtj/contracts';
import { chinaDate, parseIdNumber } from '@zhtj/id-number';
import { applyCadre, applyMember, applyOrg, applyTransfer, NotYetKnown, reband, type Working } from '../domain/figures.js';
import { emptyNeeds, type FiguresRepository, type Needs } from '../store/figures.repository.js';

/** The payloads the writer reads, by subject (the consumers parsed them with the contracts). */
type Data = Record<string, any>;

const isTransfer = (type: string) => type.startsWith('transfer.');

/** The member fields the figures are made of: an update of none of them (a real-name check, a status) counts nothing. */
const PROFILE_FIELDS = new Set(['gender', 'birthDate', 'ethnicity', 'politicalStatus', 'educationFullTime', 'educationHighest']);
const countsNothing = ({ type, data }: EventEnvelope<Data>) =>
  type === 'member.updated' && !data.profile && !(data.changedFields as string[]).some((f) => PROFILE_FIELDS.has(f));
const ORG_SNAPSHOTS = new Set(['org.created', 'org.updated', 'org.dissolved']);

/** What a member.created without a profile (written before 2026-12-04) still says: the ID number's gender and birth date. */
function profileFromIdNumber(idNumber: string): MemberProfile | null {
  const id = parseIdNumber(idNumber);
  if (!id.ok) return null;
  return {
    gender: id.id.gender,
    birthDate: id.id.birthDate,
    ethnicity: '',
    politicalStatus: '',
    educationFullTime: null,
    educationHighest: null,
  };
}

function needsOf(events: readonly EventEnvelope[]): Needs {
  const needs = emptyNeeds();
  for (const { type, data } of events as Array<EventEnvelope<Data>>) {
    if (ORG_SNAPSHOTS.has(type)) needs.orgs.add(data.id);
    else if (type === 'member.cadre_appointed') {
      needs.cadres.add(data.id);
      needs.orgs.add(data.orgId);
    } else if (type.startsWith('member.')) {
      needs.members.add(data.id);
      needs.orgs.add(data.branchId);
    } else if (isTransfer(type)) {
      needs.transfers.add(data.id);
      needs.orgs.add(data.fromBranchId);
    }
  }
  return needs;
}

/** One event's change of the working state (the rules are domain/figures.ts). */
function applyEvent(w: Working, { type, data, occurredAt }: EventEnvelope<Data>): void {
  if (ORG_SNAPSHOTS.has(type)) return applyOrg(w, data as never);
  if (isTransfer(type)) return applyTransfer(w, data as never, occurredAt);
  switch (type) {
    case 'member.created':
      return applyMember(w, data as never, { profile: data.profile ?? profileFromIdNumber(data.idNumber) });
    case 'member.updated':
      return applyMember(w, data as never, { profile: data.profile, needsKnown: !data.profile });
    case 'member.branch_changed':
      return applyMember(w, data as never, { needsKnown: true });
    case 'member.removed': {
      const held = w.members.get(data.id);
      if (!held) throw new NotYetKnown(`member ${data.id} not counted yet`);
      return applyMember(
        w,
        { id: data.id, version: data.version, branchId: held.branchId, branchAncestors: held.ancestors },
        { removed: true },
      );
    }
    case 'member.cadre_appointed':
      return applyCadre(w, data as never);
  }
}

/**
 * Applies runs of events to the figures, one run at a time in this process: a run's state is
 * read, changed and committed before the next is read, since runs touching one branch would
 * otherwise count its crossing of zero twice. One writer process per database: the replica that
 * holds the writer's lease (writer-lease.ts) runs the consumers.
 */
export class FiguresWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: FiguresRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts the events (each once, however often delivered); throws NotYetKnown to be tried again later. */
  apply(all: readonly EventEnvelope[]): Promise<void> {
    // An import's real-name checks update every member it made: no I/O for what counts nothing.
    const events = all.filter((e) => !countsNothing(e as EventEnvelope<Data>));
    if (events.length === 0) return Promise.resolve();
    return this.serially(async () => {
      await this.store.replay();
      const w = await this.store.load(needsOf(events), chinaDate(this.now()));
      for (const event of events) applyEvent(w, event as EventEnvelope<Data>);
      await this.store.commit(w);
    });
  }

  /** The daily sweep: moves the members whose age band changes today (or on a day missed) to their band. */
  sweepAgeBands(batch = 500): Promise<number> {
    return this.serially(async () => {
      await this.store.replay();
      const today = chinaDate(this.now());
      let moved = 0;
      let previous = '';
      for (;;) {
        const due = await this.store.bandDue(today, batch);
        // Nothing left, or only days of members not held (which no run can move): done.
        if (due.length === 0 || due.join() === previous) return moved;
        previous = due.join();
        const needs = emptyNeeds();
        for (const id of due) needs.members.add(id);
        const w = await this.store.load(needs, today);
        for (const id of due) reband(w, id);
        await this.store.commit(w);
        moved += due.length;
      }
    });
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
