import { ageOn, dayTurning } from '@zhtj/id-number';

/**
 * 团籍状态 and the ways out of the league (issue 19), as pure rules: who proposes each, who
 * confirms it, what it needs. A member who left is kept — history and statistics count them — but
 * is no longer in the active lists, cannot log in as a member and cannot be transferred.
 *
 * The charter's age rule (第五条 and the 2018 rules on 超龄离团): a member leaves at 28 unless they
 * hold a league post; a member who joined the Communist Party keeps league membership until then
 * under the same rule (a 中共党员 over 28 without a league post keeps it no longer), so party
 * membership changes nothing here. Each number a province may change is in `LeavingRules`.
 */
export const LEAGUE_STATUSES = ['normal', 'aged_out', 'withdrew', 'lapsed', 'expelled'] as const;
export type LeagueStatus = (typeof LEAGUE_STATUSES)[number];
export type LeavingReason = Exclude<LeagueStatus, 'normal'>;

export const LEAGUE_STATUS_LABELS: Record<LeagueStatus, string> = {
  normal: '正常',
  aged_out: '超龄离团',
  withdrew: '自愿退团',
  lapsed: '自行脱团',
  expelled: '开除团籍',
};

export interface LeavingRules {
  /** The age at which a member without a league post leaves. */
  ageOut: number;
  /** Months without taking part in org life (and without dues) after which a member has lapsed. */
  lapsedAfterMonths: number;
}
export const DEFAULT_LEAVING_RULES: LeavingRules = { ageOut: 28, lapsedAfterMonths: 6 };

/** The day a member reaches the age-out age: the daily sweep lists them from then on. */
export const ageOutDay = (birthDate: string, rules: LeavingRules = DEFAULT_LEAVING_RULES) => dayTurning(birthDate, rules.ageOut);

/** Whether the member belongs in their branch's 超龄离团 list on `today`. */
export function dueToAgeOut(
  member: { birthDate: string; status: LeagueStatus; holdsLeaguePost: boolean },
  today: string,
  rules: LeavingRules = DEFAULT_LEAVING_RULES,
): boolean {
  return member.status === 'normal' && !member.holdsLeaguePost && ageOn(member.birthDate, today) >= rules.ageOut;
}

/** What each way out needs from the branch that proposes it. */
export type LeavingProposal =
  | { reason: 'aged_out'; on: string }
  | { reason: 'withdrew'; on: string; /** the member's written request, as received */ requestedOn: string }
  | { reason: 'lapsed'; on: string; /** the last time the member took part in org life */ lastActiveOn: string }
  | { reason: 'expelled'; on: string; /** the decision's document reference (文号) */ decisionRef: string; grounds: string };

export type LeavingRefusalCode =
  | 'LEAVING_NOT_ALLOWED'
  | 'LEAVING_ALREADY_LEFT'
  | 'LEAVING_NOT_OF_AGE'
  | 'LEAVING_HOLDS_POST'
  | 'LEAVING_NOT_LAPSED'
  | 'LEAVING_DATE_ORDER'
  | 'LEAVING_DECISION_REQUIRED';

export type LeavingCheck = { ok: true } | { ok: false; code: LeavingRefusalCode; message: string; field?: string };

const refuse = (code: LeavingRefusalCode, message: string, field?: string): LeavingCheck => ({
  ok: false,
  code,
  message,
  ...(field ? { field } : {}),
});

/** Months from `since` to `on`, whole (1 March → 31 August is 5, → 1 September is 6). */
function wholeMonths(since: string, on: string): number {
  const [sy, sm, sd] = since.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return (y - sy) * 12 + (m - sm) - (d < sd ? 1 : 0);
}

/**
 * Whether the branch may propose this way out for this member today. Every way out is proposed by
 * the member's branch and confirmed by its direct superior committee (`mayConfirm`).
 */
export function mayPropose(
  member: { birthDate: string; status: LeagueStatus; holdsLeaguePost: boolean },
  proposal: LeavingProposal,
  actor: { adminOfBranch: boolean },
  today: string,
  rules: LeavingRules = DEFAULT_LEAVING_RULES,
): LeavingCheck {
  if (!actor.adminOfBranch) return refuse('LEAVING_NOT_ALLOWED', '只有团员所在团支部的管理员可以提出');
  if (member.status !== 'normal') {
    return refuse('LEAVING_ALREADY_LEFT', `该团员团籍状态为“${LEAGUE_STATUS_LABELS[member.status]}”，不能再办理`);
  }
  if (proposal.on > today) return refuse('LEAVING_DATE_ORDER', '日期不能晚于今天', 'on');
  switch (proposal.reason) {
    case 'aged_out':
      if (ageOn(member.birthDate, proposal.on) < rules.ageOut) {
        return refuse(
          'LEAVING_NOT_OF_AGE',
          `团员须年满${rules.ageOut}周岁才能办理超龄离团（${ageOutDay(member.birthDate, rules)}起）`,
        );
      }
      if (member.holdsLeaguePost) return refuse('LEAVING_HOLDS_POST', '在团内担任职务的团员超龄后仍保留团籍，须先免去职务');
      return { ok: true };
    case 'withdrew':
      if (proposal.requestedOn > proposal.on)
        return refuse('LEAVING_DATE_ORDER', '书面申请的日期不能晚于办理日期', 'requestedOn');
      return { ok: true };
    case 'lapsed':
      if (proposal.lastActiveOn > proposal.on)
        return refuse('LEAVING_DATE_ORDER', '最后参加组织生活的日期不能晚于办理日期', 'lastActiveOn');
      if (wholeMonths(proposal.lastActiveOn, proposal.on) < rules.lapsedAfterMonths) {
        return refuse(
          'LEAVING_NOT_LAPSED',
          `连续${rules.lapsedAfterMonths}个月不参加团的组织生活，才能按自行脱团处理`,
          'lastActiveOn',
        );
      }
      return { ok: true };
    case 'expelled':
      if (!proposal.decisionRef.trim()) return refuse('LEAVING_DECISION_REQUIRED', '请填写开除团籍决定的文号', 'decisionRef');
      if (!proposal.grounds.trim()) return refuse('LEAVING_DECISION_REQUIRED', '请填写开除团籍的事实与依据', 'grounds');
      return { ok: true };
  }
}

/** The superior committee confirms (or returns) what a branch proposed. */
export function mayConfirm(actor: { adminOfSuperior: boolean }): LeavingCheck {
  return actor.adminOfSuperior ? { ok: true } : refuse('LEAVING_NOT_ALLOWED', '只有团支部的上级团组织管理员可以审批');
}

/** What a member who left may no longer do: they are kept, but not as an active member. */
export const isActiveMember = (status: LeagueStatus) => status === 'normal';
