import { z } from 'zod';
import { uuid } from '../common.js';
import { CHANGE_REQUEST_STATUSES } from './lifecycle.js';

/**
 * What the events of every change request carry besides their subject: who asked, which fields,
 * and — once decided — the decision, who took it and the comment. Names are for messages; no ID
 * number or phone is ever in them.
 */
export const changeRequestActor = z.object({ accountId: z.string().min(1), name: z.string().optional() });

export const changeRequestFiled = z.object({
  requestId: uuid,
  requestedBy: changeRequestActor,
  /** The fields the request changes, by their API names. */
  fields: z.array(z.string()),
});

export const changeRequestDecision = changeRequestFiled.extend({
  status: z.enum(CHANGE_REQUEST_STATUSES).exclude(['pending']),
  decidedBy: changeRequestActor,
  comment: z.string().nullable(),
});

type Filed = z.infer<typeof changeRequestFiled>;
type Decision = z.infer<typeof changeRequestDecision>;
interface RequestParts {
  _id: string;
  requestedBy: { accountId: string; name?: string | undefined };
  status: string;
  decidedBy?: { accountId: string; name?: string | undefined } | null;
  comment?: string | null;
}

const actor = (a: { accountId: string; name?: string | undefined }) =>
  a.name === undefined || a.name === null ? { accountId: a.accountId } : { accountId: a.accountId, name: a.name };

/** The shared part of a `*.change_requested` event, from the request and the fields it changes. */
export function filedPart(request: RequestParts, fields: readonly string[]): Filed {
  return { requestId: request._id, requestedBy: actor(request.requestedBy), fields: [...fields] };
}

/** The shared part of a `*.change_decided` event, from the request as decided. */
export function decisionPart(request: RequestParts, fields: readonly string[]): Decision {
  if (request.status === 'pending' || !request.decidedBy) throw new Error(`request ${request._id} is not decided`);
  return {
    ...filedPart(request, fields),
    status: request.status as Decision['status'],
    decidedBy: actor(request.decidedBy),
    comment: request.comment ?? null,
  };
}
