import type { CreateCadreBody } from '@zhtj/contracts';
import { maskIdNumber, maskPhone, isPlausibleName, parseIdNumber } from '@zhtj/id-number';
import { requireManage, requireView, type Caller } from '@zhtj/service-kit';
import { validateCadrePosition, type FieldIssue } from '../domain/member-rules.js';
import type { CadreDocument } from '../store/cadre.model.js';
import type { CadreRepository } from '../store/cadre.repository.js';
import type { MemberRepository } from '../store/member.repository.js';
import { knownOrg, placeOf } from './branches.js';
import type { OrgProjection } from '@zhtj/store';
import { AppError } from '@zhtj/contracts';

/**
 * POST /orgs/:id/cadres: a cadre position at any active org, by its managers — for a member
 * (`memberId`), or for a person given by name and ID number (a cadre whose membership is elsewhere
 * or who is past league age).
 */
export async function addCadre(
  deps: { cadres: CadreRepository; members: MemberRepository; orgs: OrgProjection },
  caller: Caller,
  orgId: string,
  body: CreateCadreBody,
  today = new Date(),
): Promise<CadreDocument> {
  const org = await knownOrg(deps.orgs, orgId);
  const scope = requireManage(caller.roles, placeOf(org));
  if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });
  const issues: FieldIssue[] = [];
  const position = validateCadrePosition(body, today);
  if (!position.ok) issues.push(...position.issues);

  let person: { memberId: string | null; name: string; idNumber: string; phone: string | null } | null = null;
  if (body.memberId) {
    // Any member may hold a post here (their membership can be elsewhere); only the holder's
    // name and numbers are copied, and the list shows them masked.
    const { member } = await deps.members.get(body.memberId, () => scope);
    person = { memberId: member._id, name: member.name, idNumber: member.idNumber, phone: member.phone };
  } else {
    const name = body.name?.trim() ?? '';
    const id = parseIdNumber(body.idNumber ?? '', { today });
    const phone = body.phone?.trim() || null;
    if (!name) issues.push({ path: 'name', code: 'REQUIRED' });
    else if (!isPlausibleName(name)) issues.push({ path: 'name', code: 'PERSON_NAME_INVALID' });
    if (!body.idNumber?.trim()) issues.push({ path: 'idNumber', code: 'REQUIRED' });
    else if (!id.ok)
      issues.push({ path: 'idNumber', code: id.problem === 'LEGACY_15_DIGITS' ? 'ID_NUMBER_LEGACY' : 'ID_NUMBER_INVALID' });
    if (phone && !/^1[3-9]\d{9}$/.test(phone)) issues.push({ path: 'phone', code: 'PHONE_INVALID' });
    if (id.ok) person = { memberId: null, name, idNumber: id.id.value, phone };
  }
  if (issues.length > 0 || !position.ok || !person) throw new AppError('VALIDATION_FAILED', { errors: issues });
  return deps.cadres.add(scope, { ...person, ...position.value, createdBy: caller.accountId });
}

/** GET /orgs/:id/cadres: the org's cadres, for those who can view the org; ID numbers and phones masked. */
export async function listCadres(
  deps: { cadres: CadreRepository; orgs: OrgProjection },
  caller: Caller,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
) {
  const org = await knownOrg(deps.orgs, orgId);
  const { items, nextCursor } = await deps.cadres.page(requireView(caller.roles, placeOf(org)), page);
  return { items: items.map(toCadreView), nextCursor };
}

export function toCadreView(c: CadreDocument) {
  return {
    id: c._id,
    orgId: c.orgId,
    memberId: c.memberId,
    name: c.name,
    idNumber: maskIdNumber(c.idNumber),
    phone: c.phone ? maskPhone(c.phone) : null,
    position: c.position,
    since: c.since,
    nature: c.nature,
    status: c.status,
  };
}
