/**
 * 团员教育评议 and 团籍注册 (issue 19), as pure rules. A committee opens the year's campaign for its
 * subtree; each branch grades every active member at a meeting and submits; the branch's direct
 * superior approves or returns it with a comment; on approval the members are registered for the
 * year — those graded 不合格 are not (暂缓注册) and are listed for follow-up, as the league's
 * registration rules have it. Numbers a province may change are in `EvaluationRules`.
 *
 * It lives beside recruitment in the development service — the member's life in the league
 * (applications, campaigns), not the member record membership keeps.
 */
export const GRADES = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = {
  excellent: '优秀',
  qualified: '合格',
  basically_qualified: '基本合格',
  unqualified: '不合格',
};

export interface EvaluationRules {
  /** At most this share of those evaluated may be graded 优秀. */
  maxExcellentShare: number;
  /** The meeting counts when more than this share of the branch's members attended. */
  minAttendanceShare: number;
}
export const DEFAULT_EVALUATION_RULES: EvaluationRules = { maxExcellentShare: 0.3, minAttendanceShare: 2 / 3 };

export interface Campaign {
  year: number;
  /** The committee that opened it; its whole subtree takes part. */
  orgId: string;
  opensOn: string;
  closesOn: string;
}

export type EvaluationStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
  draft: '未提交',
  submitted: '待审批',
  approved: '已通过',
  returned: '已退回',
};

export interface BranchEvaluation {
  branchId: string;
  status: EvaluationStatus;
  grades: Record<string, Grade>;
  meeting: { on: string; members: number; attended: number } | null;
  /** The superior's comment when it returned the evaluation. */
  comment: string | null;
}

export type EvaluationRefusalCode =
  | 'EVALUATION_NOT_ALLOWED'
  | 'EVALUATION_NOT_OPEN'
  | 'EVALUATION_STATUS'
  | 'EVALUATION_MEMBER_MISSING'
  | 'EVALUATION_NOT_A_MEMBER'
  | 'EVALUATION_TOO_MANY_EXCELLENT'
  | 'EVALUATION_ATTENDANCE_LOW'
  | 'EVALUATION_MEETING_INVALID'
  | 'EVALUATION_COMMENT_REQUIRED';

export type EvaluationOutcome =
  { ok: true; evaluation: BranchEvaluation } | { ok: false; code: EvaluationRefusalCode; message: string; field?: string };

const refuse = (code: EvaluationRefusalCode, message: string, field?: string): EvaluationOutcome => ({
  ok: false,
  code,
  message,
  ...(field ? { field } : {}),
});

/** The most 优秀 a branch may give among `evaluated` members (30% of 7 is 2). */
export const maxExcellent = (evaluated: number, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) =>
  Math.floor(evaluated * rules.maxExcellentShare + 1e-9);

/** Whether the meeting had more than the required share of the branch's members. */
export const quorate = (attended: number, members: number, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) =>
  attended > members * rules.minAttendanceShare + 1e-9;

/**
 * Submits the branch's evaluation: every active member graded (and no one else), within the 优秀
 * cap, at a quorate meeting held while the campaign was open. A returned one may be submitted again.
 */
export function submit(
  e: BranchEvaluation,
  input: { activeMembers: readonly string[]; campaign: Campaign },
  actor: { adminOfBranch: boolean },
  today: string,
  rules: EvaluationRules = DEFAULT_EVALUATION_RULES,
): EvaluationOutcome {
  if (!actor.adminOfBranch) return refuse('EVALUATION_NOT_ALLOWED', '只有本团支部的管理员可以提交评议结果');
  if (e.status !== 'draft' && e.status !== 'returned') {
    return refuse('EVALUATION_STATUS', `评议结果${EVALUATION_STATUS_LABELS[e.status]}，不能再提交`);
  }
  const { campaign } = input;
  if (today < campaign.opensOn || today > campaign.closesOn) {
    return refuse('EVALUATION_NOT_OPEN', `${campaign.year}年度评议的时间为${campaign.opensOn}至${campaign.closesOn}`);
  }
  const active = new Set(input.activeMembers);
  const stranger = Object.keys(e.grades).find((id) => !active.has(id));
  if (stranger) return refuse('EVALUATION_NOT_A_MEMBER', '评议名单中有不在本支部的团员', 'grades');
  const missing = input.activeMembers.filter((id) => !e.grades[id]).length;
  if (missing > 0) return refuse('EVALUATION_MEMBER_MISSING', `还有${missing}名团员未评定等次`, 'grades');
  const evaluated = input.activeMembers.length;
  const excellent = Object.values(e.grades).filter((g) => g === 'excellent').length;
  const cap = maxExcellent(evaluated, rules);
  if (excellent > cap) {
    return refuse(
      'EVALUATION_TOO_MANY_EXCELLENT',
      `评为优秀的团员不得超过参加评议人数的${Math.round(rules.maxExcellentShare * 100)}%（${evaluated}人中至多${cap}人，现为${excellent}人）`,
      'grades',
    );
  }
  const m = e.meeting;
  if (
    !m ||
    m.on < campaign.opensOn ||
    m.on > today ||
    !(m.members >= evaluated) ||
    !(m.attended >= 0 && m.attended <= m.members)
  ) {
    return refuse('EVALUATION_MEETING_INVALID', '请填写评议大会的日期（评议期间内）、应到与实到人数', 'meeting');
  }
  if (!quorate(m.attended, m.members, rules)) {
    return refuse(
      'EVALUATION_ATTENDANCE_LOW',
      `评议大会须有超过三分之二的团员到会（应到${m.members}人，实到${m.attended}人）`,
      'meeting',
    );
  }
  return { ok: true, evaluation: { ...e, status: 'submitted', comment: null } };
}

/** The direct superior approves the submitted evaluation, or returns it with a comment. */
export function decide(
  e: BranchEvaluation,
  decision: { approve: true } | { approve: false; comment: string },
  actor: { adminOfSuperior: boolean },
): EvaluationOutcome {
  if (!actor.adminOfSuperior) return refuse('EVALUATION_NOT_ALLOWED', '只有团支部的上级团组织管理员可以审批评议结果');
  if (e.status !== 'submitted') return refuse('EVALUATION_STATUS', `评议结果${EVALUATION_STATUS_LABELS[e.status]}，不能审批`);
  if (decision.approve) return { ok: true, evaluation: { ...e, status: 'approved' } };
  const comment = decision.comment.trim();
  if (!comment) return refuse('EVALUATION_COMMENT_REQUIRED', '退回时请填写意见', 'comment');
  return { ok: true, evaluation: { ...e, status: 'returned', comment } };
}

/** 团籍注册 on approval: everyone graded is registered for the year but the 不合格, who are deferred and followed up. */
export function registration(e: BranchEvaluation): { registered: string[]; deferred: string[] } {
  const entries = Object.entries(e.grades);
  return {
    registered: entries.filter(([, g]) => g !== 'unqualified').map(([id]) => id),
    deferred: entries.filter(([, g]) => g === 'unqualified').map(([id]) => id),
  };
}

/** A committee's view of its campaign: its branches by where their evaluation stands. */
export function progress(statuses: readonly EvaluationStatus[]): Record<EvaluationStatus, number> & { total: number } {
  const counts = { draft: 0, submitted: 0, approved: 0, returned: 0, total: statuses.length };
  for (const s of statuses) counts[s] += 1;
  return counts;
}
