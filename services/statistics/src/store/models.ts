import { Schema, type Connection, type Model } from 'mongoose';
import { baseSchemaOptions } from '@zhtj/store';
import type { CadreState, MemberState, OrgState, TransferState } from '../domain/figures.js';

/**
 * statistics' own collections: the figures of each org's subtree (one document per org, read
 * whole), and the facts they were counted from — so an event can be recognised as counted, and
 * undone exactly when a member changes or leaves.
 */
export interface FiguresDocument extends Omit<OrgState, 'id' | 'ownMembers' | 'ownCadres'> {
  _id: string;
  /** Counter paths (two segments: `gender.male`), the org's own `ownMembers` / `ownCadres` among them. */
  counts: Record<string, number | Record<string, number>>;
  /** The last journals applied here: applying one again changes nothing. */
  journals: string[];
  updatedAt?: Date;
}

const figuresSchema = new Schema<FiguresDocument>(
  {
    _id: { type: String, required: true },
    known: { type: Boolean, default: false },
    name: { type: String, default: null },
    type: { type: String, default: null },
    parentId: { type: String, default: null },
    ancestors: { type: [String], default: [] },
    active: { type: Boolean, default: true },
    version: { type: Number, default: 0 },
    counts: { type: Schema.Types.Mixed, default: {} },
    journals: { type: [String], default: [] },
  },
  { ...baseSchemaOptions, minimize: false },
);
// The drill-down table: an org's direct children, by id.
figuresSchema.index({ parentId: 1, _id: 1 });

export type MemberFactDocument = Omit<MemberState, 'id'> & { _id: string };
const memberSchema = new Schema<MemberFactDocument>(
  {
    _id: { type: String, required: true },
    version: Number,
    branchId: String,
    ancestors: [String],
    profile: { type: Schema.Types.Mixed, default: null },
    active: Boolean,
    band: { type: String, default: null },
    bandChangesOn: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);

export type TransferFactDocument = Omit<TransferState, 'id'> & { _id: string };
const transferSchema = new Schema<TransferFactDocument>(
  { _id: { type: String, required: true }, version: Number, status: String, year: Number, fromBranchId: String },
  { versionKey: false },
);

export type CadreFactDocument = Omit<CadreState, 'id'> & { _id: string };
const cadreSchema = new Schema<CadreFactDocument>(
  { _id: { type: String, required: true }, orgId: String },
  { versionKey: false },
);

/**
 * `<YYYY-MM-DD>|<member id>`: the day a member's age band changes. The daily sweep reads the days
 * up to today as a range of ids — an index every store answers — never the members themselves.
 */
export interface BandDayDocument {
  _id: string;
}
const bandDaySchema = new Schema<BandDayDocument>({ _id: { type: String, required: true } }, { versionKey: false });

/**
 * What one run of events changes, written whole (one insert) before any of it is applied, and
 * removed once applied: a crash in between leaves it to be applied again, and applying it twice
 * changes nothing (the facts are replaced, each figures document records the journals it took).
 */
export interface JournalDocument {
  _id: string;
  createdAt: Date;
  /** Counter deltas as a list: a path has dots, which no stored key may. */
  orgs: Array<{ id: string; set?: Partial<FiguresDocument>; inc: Array<{ path: string; delta: number }> }>;
  members: MemberFactDocument[];
  transfers: TransferFactDocument[];
  cadres: CadreFactDocument[];
  bandDays: { add: string[]; remove: string[] };
}

/**
 * A journal as stored: its changes as one JSON text. A log written once, read only after a crash
 * and then removed needs no fields the store can query, and an import's batch of 500 member facts
 * as documents cost FerretDB ~60 ms to encode and ~35 ms to decode again for the removal — as
 * text, a few. (Before 2026-12-06 a journal was stored as its fields; `readJournal` reads both.)
 */
export interface StoredJournal {
  _id: string;
  createdAt: Date;
  body?: string;
}
const journalSchema = new Schema<StoredJournal>(
  {
    _id: { type: String, required: true },
    createdAt: { type: Date, required: true },
    body: { type: String },
  },
  { versionKey: false, strict: false },
);

export function storedJournal({ _id, createdAt, ...changes }: JournalDocument): StoredJournal {
  return { _id, createdAt, body: JSON.stringify(changes) };
}

export function readJournal(doc: StoredJournal & Partial<JournalDocument>): JournalDocument {
  if (typeof doc.body !== 'string') return doc as JournalDocument;
  return { _id: doc._id, createdAt: doc.createdAt, ...(JSON.parse(doc.body) as Omit<JournalDocument, '_id' | 'createdAt'>) };
}

export interface StatisticsModels {
  figures: Model<FiguresDocument>;
  members: Model<MemberFactDocument>;
  transfers: Model<TransferFactDocument>;
  cadres: Model<CadreFactDocument>;
  bandDays: Model<BandDayDocument>;
  journal: Model<StoredJournal>;
}

export function statisticsModels(connection: Connection): StatisticsModels {
  const model = <T>(name: string, schema: Schema<T>, collection: string): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema, collection);
  return {
    figures: model('Figures', figuresSchema, 'figures'),
    members: model('MemberFact', memberSchema, 'member_facts'),
    transfers: model('TransferFact', transferSchema, 'transfer_facts'),
    cadres: model('CadreFact', cadreSchema, 'cadre_facts'),
    bandDays: model('BandDay', bandDaySchema, 'band_days'),
    journal: model('Journal', journalSchema, 'journal'),
  };
}
