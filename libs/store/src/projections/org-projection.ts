import { Schema, type Connection, type Model } from 'mongoose';
import { orgCreatedV1, orgDissolvedV1, orgUpdatedV1, type OrgSnapshot, type OrgType } from '@zhtj/contracts';
import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { upsertIfNewer } from '../mongo/upsert-if-newer.js';

/**
 * An org as another service knows it: the tree fields of the ORG stream's snapshots. Services
 * decide authority and placement from this, never from organization's database.
 */
export interface ProjectedOrg {
  _id: string;
  name: string;
  shortName?: string | null;
  type: OrgType;
  parentId: string | null;
  ancestors: string[];
  depth: number;
  status: 'active' | 'dissolved';
  version: number;
}

const projectedOrgSchema = new Schema<ProjectedOrg>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    shortName: { type: String, default: null },
    type: { type: String, required: true },
    parentId: { type: String, default: null },
    ancestors: { type: [String], default: [] },
    depth: { type: Number, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);
projectedOrgSchema.index({ ancestors: 1, _id: 1 });
projectedOrgSchema.index({ parentId: 1, _id: 1 });

/** The projection's collection (`org_projection`) on a service's own connection. */
export function orgProjectionModel(connection: Connection): Model<ProjectedOrg> {
  return connection.models.ProjectedOrg ?? connection.model<ProjectedOrg>('ProjectedOrg', projectedOrgSchema, 'org_projection');
}

/** Stores a snapshot unless the projection already holds that version or a newer one (upsertIfNewer). */
export async function applyOrgSnapshot(model: Model<ProjectedOrg>, snapshot: OrgSnapshot): Promise<void> {
  await upsertIfNewer(model, snapshot.id, snapshot.version, {
    name: snapshot.name,
    shortName: snapshot.shortName ?? null,
    type: snapshot.type,
    parentId: snapshot.parentId,
    ancestors: snapshot.ancestors,
    depth: snapshot.depth,
    status: snapshot.status,
  });
}

export interface OrgProjection {
  model: Model<ProjectedOrg>;
  /** The org as projected, or null when unknown (not created yet, or not yet caught up). */
  get(id: string): Promise<ProjectedOrg | null>;
  stop(): Promise<void>;
}

/**
 * Keeps a service's own projection of the tree from the ORG stream. A fresh (empty) projection
 * replays the stream from its first event, so a new database catches up on its own.
 *
 * @example
 * const orgs = await startOrgProjection(bus, { connection: mongo, durable: 'membership-orgs' });
 * const branch = await orgs.get(branchId);
 */
export async function startOrgProjection(bus: Bus, options: { connection: Connection; durable: string }): Promise<OrgProjection> {
  const model = orgProjectionModel(options.connection);
  await model.init();
  const fresh = (await model.estimatedDocumentCount()) === 0;
  const apply = (snapshot: OrgSnapshot) => applyOrgSnapshot(model, snapshot);
  const runner: ConsumerRunner = await runConsumer(bus, {
    stream: 'ORG',
    durable: options.durable,
    deliverFrom: 'all',
    replayFromStart: fresh,
    // One at a time: versions keep order anyway, but a catch-up in order writes each row once.
    concurrency: 1,
    subscriptions: [subscribe(orgCreatedV1, apply), subscribe(orgUpdatedV1, apply), subscribe(orgDissolvedV1, apply)],
  });
  return {
    model,
    get: (id) => model.findById(id).lean<ProjectedOrg>(),
    stop: () => runner.stop(),
  };
}
