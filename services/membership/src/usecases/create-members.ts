import { type Bus } from '@zhtj/bus';
import {
  createEvent,
  derivedId,
  memberCreatedV1,
  profileOf,
  type MemberProfile,
  newId,
  type ErrorCode,
  type EventEnvelope,
  type MemberInput,
} from '@zhtj/contracts';
import {
  validateCadrePosition,
  validateMember,
  type FieldIssue,
  type ValidCadrePosition,
  type ValidMember,
} from '../domain/member-rules.js';
import type { CadreRepository } from '../store/cadre.repository.js';
import type { DevelopmentNumbers } from '../store/development-number.repository.js';
import type { MemberDocument } from '../store/member.model.js';
import type { MemberRepository } from '../store/member.repository.js';
import { outboxFields, type ProjectedOrg } from '@zhtj/store';

export interface NewMemberRow {
  /** The caller's row number (the spreadsheet row of an import), echoed in the result. */
  row: number;
  member: MemberInput;
  /** For cadre rows: the position the person holds in the branch. */
  cadre?: { position?: string; since?: string; nature?: string };
}

export type RowResult =
  | { row: number; status: 'created'; memberId: string }
  | { row: number; status: 'failed'; code: ErrorCode; errors?: FieldIssue[] };

export interface CreateMembersDependencies {
  members: MemberRepository;
  cadres: CadreRepository;
  developmentNumbers: DevelopmentNumbers;
  /** With a bus, bulk-written members' events are published at once (publishOutboxNow). */
  bus?: Bus;
}

interface Candidate {
  row: number;
  member: ValidMember;
  cadre: ValidCadrePosition | null;
  id: string;
}

/**
 * Creates members in one branch: singly (an admin's form) or a batch of import rows. Every row
 * is validated and answered on its own; the valid ones are written in one bulk insert, each with
 * its `member.created` event in its outbox. With a batch id the call is idempotent: rows this
 * batch already created are answered "created" again and written nothing.
 */
export async function createMembers(
  deps: CreateMembersDependencies,
  input: {
    branch: ProjectedOrg;
    rows: readonly NewMemberRow[];
    kind: 'member' | 'cadre';
    actor: { accountId: string };
    batchId?: string | null;
    importJobId?: string | null;
    /**
     * When given, the members' `member.created` events are collected here, for the caller to
     * write in one outbox with the batch, instead of one in each member's document: on FerretDB
     * clearing a thousand outboxes costs far more than the insert. This includes the events of
     * members an earlier, interrupted try of the same batch created.
     */
    eventSink?: EventEnvelope[];
  },
  today = new Date(),
): Promise<RowResult[]> {
  const batchId = input.batchId ?? null;
  const results = new Map<number, RowResult>();
  const fail = (row: number, code: ErrorCode, errors?: FieldIssue[]) =>
    results.set(row, { row, status: 'failed', code, ...(errors ? { errors } : {}) });

  // 1. Each row on its own.
  const candidates: Candidate[] = [];
  for (const { row, member, cadre } of input.rows) {
    const checked = validateMember(member, today);
    const position = input.kind === 'cadre' ? validateCadrePosition(cadre ?? {}, today) : null;
    const issues = [...(checked.ok ? [] : checked.issues), ...(position && !position.ok ? position.issues : [])];
    if (!checked.ok || (position && !position.ok)) fail(row, issues[0]!.code, issues);
    else candidates.push({ row, member: checked.value, cadre: position?.ok ? position.value : null, id: newId() });
  }

  // 2. Within the request: the first row of an ID number (or a development number) wins.
  const seenIds = new Set<string>();
  const seenNumbers = new Set<string>();
  let fresh = candidates.filter((c) => {
    if (seenIds.has(c.member.idNumber)) return !fail(c.row, 'DUPLICATE_IN_FILE');
    seenIds.add(c.member.idNumber);
    const n = c.member.developmentNumber;
    if (n && seenNumbers.has(n)) return !fail(c.row, 'DEVELOPMENT_NUMBER_TAKEN');
    if (n) seenNumbers.add(n);
    return true;
  });

  // 3. A repeated batch: what it created before is answered again, not written twice.
  if (batchId) {
    const earlier = await deps.members.createdBy(batchId);
    const byIdNumber = new Map(earlier.map((m) => [m.idNumber, m]));
    fresh = fresh.filter((c) => {
      const member = byIdNumber.get(c.member.idNumber);
      if (member) {
        results.set(c.row, { row: c.row, status: 'created', memberId: member._id });
        input.eventSink?.push(memberCreated({ ...member, id: member._id }, input, new Date()));
      }
      return !member;
    });
  }

  // 4. Development numbers are reserved before the members that carry them are written.
  const numbered = fresh
    .filter((c) => c.member.developmentNumber)
    .map((c) => ({ number: c.member.developmentNumber!, memberId: c.id }));
  const taken = await deps.developmentNumbers.reserve(numbered, batchId);
  for (const c of fresh.filter((f) => taken.has(f.id))) {
    // The number's holder may be this very person, already in the system: say that instead.
    const holder = await deps.developmentNumbers.holder(c.member.developmentNumber!);
    const same = holder ? await deps.members.isPerson(holder, c.member.idNumber) : false;
    fail(c.row, same ? 'MEMBER_ALREADY_EXISTS' : 'DEVELOPMENT_NUMBER_TAKEN');
  }
  fresh = fresh.filter((c) => !taken.has(c.id));

  // 5. One bulk insert; an ID number already in the system fails its row only.
  const now = new Date();
  const written = fresh.map((c) => memberDocument(c, input, batchId, now));
  const docs = written.map((w) => w.doc);
  const existing = await deps.members.insertNew(docs);
  if (docs.length > 0) {
    // The events go with the batch, or are published now, or the relay is told.
    const inserted = written.filter((_, i) => !existing.has(i));
    if (input.eventSink) input.eventSink.push(...inserted.map((w) => w.event));
    else
      await deps.members.announce(
        deps.bus,
        inserted.map((w) => w.doc),
      );
  }
  const refused = fresh.filter((_, i) => existing.has(i));
  await deps.developmentNumbers.release(
    refused.filter((c) => c.member.developmentNumber).map((c) => ({ number: c.member.developmentNumber!, memberId: c.id })),
  );
  for (const c of refused) fail(c.row, 'MEMBER_ALREADY_EXISTS');
  const created = fresh.filter((_, i) => !existing.has(i));
  for (const c of created) results.set(c.row, { row: c.row, status: 'created', memberId: c.id });

  // 6. A branch cadre imported with the members holds a position in the branch.
  const cadres = created.filter((c) => c.cadre);
  await deps.cadres.insertForBranch(
    { id: input.branch._id, ancestors: input.branch.ancestors },
    cadres.map((c) => ({
      memberId: c.id,
      name: c.member.name,
      idNumber: c.member.idNumber,
      phone: c.member.phone,
      ...c.cadre!,
      createdBy: input.actor.accountId,
    })),
    now,
  );
  return input.rows.map((r) => results.get(r.row)!);
}

type CreateInput = {
  branch: ProjectedOrg;
  kind: 'member' | 'cadre';
  actor: { accountId: string };
  importJobId?: string | null;
  eventSink?: EventEnvelope[];
};

/**
 * `member.created` for a new member. Its id is derived from the member's: a retry of a batch
 * that overlaps a slower first try, or the sweeper, announces the same creation again, and
 * JetStream drops the repeat by its Nats-Msg-Id instead of storing a second event.
 */
export function memberCreated(
  member: { id: string; name: string; idNumber: string; branchId: string; branchAncestors: string[] } & MemberProfile,
  input: Pick<CreateInput, 'kind' | 'importJobId'>,
  now: Date,
): EventEnvelope {
  return createEvent(
    memberCreatedV1,
    {
      id: member.id,
      branchId: member.branchId,
      branchAncestors: member.branchAncestors,
      version: 1,
      name: member.name,
      idNumber: member.idNumber,
      kind: input.kind,
      ...(input.importJobId ? { importJobId: input.importJobId } : {}),
      profile: profileOf(member),
    },
    { source: 'membership', occurredAt: now, id: derivedId(member.id, 'member.created') },
  );
}

function memberDocument(
  c: Candidate,
  input: CreateInput,
  batchId: string | null,
  now: Date,
): { doc: MemberDocument; event: EventEnvelope } {
  const event = memberCreated(
    {
      ...c.member,
      id: c.id,
      name: c.member.name,
      idNumber: c.member.idNumber,
      branchId: input.branch._id,
      branchAncestors: input.branch.ancestors,
    },
    input,
    now,
  );
  const doc = {
    _id: c.id,
    ...c.member,
    branchId: input.branch._id,
    branchAncestors: input.branch.ancestors,
    status: 'active',
    openTransferId: null,
    lastTransferId: null,
    identityCheck: 'unverified',
    removedIdNumber: null,
    batchId,
    importJobId: input.importJobId ?? null,
    createdBy: input.actor.accountId,
    version: 1,
    ...outboxFields(input.eventSink ? [] : [event]),
    createdAt: now,
    updatedAt: now,
  } as MemberDocument;
  return { doc, event };
}
