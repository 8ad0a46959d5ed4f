import { ageOn, parseIdNumber } from '@zhtj/id-number';

/**
 * 团员发展 — the recruitment of a new member, as the league's rules order it: 入团申请 → a talk
 * with the applicant (within a month) → 入团积极分子 → 团课 hours → 发展对象 → 支部大会's vote →
 * approval by the branch's direct superior committee → a member, who joined in the vote's month.
 * Each step is a pure function of the application, who acts and the day (China's calendar,
 * `YYYY-MM-DD`): it answers the application as it is after the step, or a refusal with a stable
 * code and a Chinese reason. Nothing here reads a clock or a store.
 *
 * Why a service of its own (not membership): an application is its own aggregate with its own
 * year-long history, and most applicants never become members; its team ships on its own clock.
 * It meets membership at one point — an approved application becomes a member through
 * membership's create-member use case (`member.created` as for any member), with the 发展团员编号
 * it allocated (development-number.ts).
 */

/** Where an application stands: the stages in order, then the two ways it can end early. */
export const STAGES = ['applicant', 'activist', 'candidate', 'voted', 'approved'] as const;
export type Stage = (typeof STAGES)[number];
export type Status = Stage | 'withdrawn' | 'rejected';

export const STAGE_LABELS: Record<Status, string> = {
  applicant: '入团申请人',
  activist: '入团积极分子',
  candidate: '发展对象',
  voted: '支部大会已通过',
  approved: '已批准入团',
  withdrawn: '已撤回',
  rejected: '未通过',
};

/** The numbers a province may set; the defaults are the national rules. */
export interface RecruitmentRules {
  /** Age range at application, from the ID number's birth date (14 ≤ age < 28 … ≤ 28). */
  minAge: number;
  maxAge: number;
  /** The branch talks with the applicant within this many months of the application. */
  talkWithinMonths: number;
  /** 团课 hours an 积极分子 must have before becoming a 发展对象. */
  minCourseHours: number;
}
export const DEFAULT_RULES: RecruitmentRules = { minAge: 14, maxAge: 28, talkWithinMonths: 1, minCourseHours: 8 };

/** Who acts, as the use case found from their grants: the rules name the admin of each step. */
export interface Actor {
  accountId: string;
  /** An admin of the application's branch (or above it: authority covers the subtree). */
  adminOfBranch: boolean;
  /** An admin of the branch's direct superior committee (or above it). */
  adminOfSuperior: boolean;
}

export interface Vote {
  /** 应到会有表决权的团员 — those entitled to vote. */
  eligible: number;
  for: number;
  against: number;
  passed: boolean;
}

export type Step =
  | { kind: 'talked'; on: string }
  | { kind: 'became_activist'; on: string }
  | { kind: 'course_recorded'; on: string; hours: number; topic: string }
  | { kind: 'became_candidate'; on: string }
  | ({ kind: 'voted'; on: string } & Omit<Vote, 'passed'>)
  | { kind: 'approved'; on: string }
  | { kind: 'withdrawn'; on: string; reason: string }
  | { kind: 'rejected'; on: string; reason: string };

/** A step as the history keeps it: who, and the vote's outcome where there was one. */
export type RecordedStep = (Step | { kind: 'applied'; on: string }) & { by: string; passed?: boolean };

export interface Application {
  branchId: string;
  name: string;
  idNumber: string;
  birthDate: string;
  status: Status;
  appliedOn: string;
  talkedOn: string | null;
  courseHours: number;
  /** The last vote, passed or not (a failed vote may be held again). */
  vote: (Vote & { on: string }) | null;
  /** 入团年月, once approved: the month of the 支部大会 that voted. */
  joinedMonth: string | null;
  endedReason: string | null;
  history: RecordedStep[];
}

export type RefusalCode =
  | 'DEVELOPMENT_ID_NUMBER_INVALID'
  | 'DEVELOPMENT_AGE_OUT_OF_RANGE'
  | 'DEVELOPMENT_NOT_ALLOWED'
  | 'DEVELOPMENT_STAGE_ORDER'
  | 'DEVELOPMENT_DATE_ORDER'
  | 'DEVELOPMENT_DATE_IN_FUTURE'
  | 'DEVELOPMENT_TALK_TOO_LATE'
  | 'DEVELOPMENT_TALK_MISSING'
  | 'DEVELOPMENT_COURSE_HOURS_SHORT'
  | 'DEVELOPMENT_VOTE_INVALID'
  | 'DEVELOPMENT_VOTE_NOT_PASSED'
  | 'DEVELOPMENT_REASON_REQUIRED'
  | 'DEVELOPMENT_ENDED';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** The Chinese reason shown to the admin. */
  message: string;
  /** The input field the refusal is about, where there is one. */
  field?: string;
}
export type Outcome = { ok: true; application: Application } | Refusal;

const refuse = (code: RefusalCode, message: string, field?: string): Refusal => ({
  ok: false,
  code,
  message,
  ...(field ? { field } : {}),
});

/** The day `months` calendar months after `day`, the month's last day where it is shorter (31 January + 1 → 28 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastOfTarget))).toISOString().slice(0, 10);
}

/** 入团申请: recorded by the branch's admin on the day the application was handed in. */
export function apply(
  input: { branchId: string; name: string; idNumber: string; appliedOn: string },
  actor: Actor,
  today: string,
  rules: RecruitmentRules = DEFAULT_RULES,
): Outcome {
  if (!actor.adminOfBranch) return refuse('DEVELOPMENT_NOT_ALLOWED', '只有本团支部的管理员可以登记入团申请');
  const id = parseIdNumber(input.idNumber);
  if (!id.ok) return refuse('DEVELOPMENT_ID_NUMBER_INVALID', '身份证号码无效', 'idNumber');
  if (input.appliedOn > today) return refuse('DEVELOPMENT_DATE_IN_FUTURE', '申请日期不能晚于今天', 'appliedOn');
  const age = ageOn(id.id.birthDate, input.appliedOn);
  if (age < rules.minAge || age > rules.maxAge) {
    return refuse(
      'DEVELOPMENT_AGE_OUT_OF_RANGE',
      `申请入团时须年满${rules.minAge}周岁、不超过${rules.maxAge}周岁（申请日期时为${age}周岁）`,
      'idNumber',
    );
  }
  return {
    ok: true,
    application: {
      branchId: input.branchId,
      name: input.name,
      idNumber: id.id.value,
      birthDate: id.id.birthDate,
      status: 'applicant',
      appliedOn: input.appliedOn,
      talkedOn: null,
      courseHours: 0,
      vote: null,
      joinedMonth: null,
      endedReason: null,
      history: [{ kind: 'applied', on: input.appliedOn, by: actor.accountId }],
    },
  };
}

/** The stage each step needs, and the one it leaves the application in. */
const TRANSITIONS: Record<Exclude<Step['kind'], 'withdrawn' | 'rejected'>, { from: Stage; to: Stage }> = {
  talked: { from: 'applicant', to: 'applicant' },
  became_activist: { from: 'applicant', to: 'activist' },
  course_recorded: { from: 'activist', to: 'activist' },
  became_candidate: { from: 'activist', to: 'candidate' },
  voted: { from: 'candidate', to: 'candidate' }, // 'voted' when it passed
  approved: { from: 'voted', to: 'approved' },
};

const STEP_WORDS: Record<Step['kind'], string> = {
  talked: '记录谈话',
  became_activist: '确定为入团积极分子',
  course_recorded: '记录团课学时',
  became_candidate: '确定为发展对象',
  voted: '记录支部大会表决',
  approved: '批准入团',
  withdrawn: '撤回申请',
  rejected: '不予通过',
};

/** The day of the application's last step: no step may be dated before it. */
const lastStepOn = (a: Application) => a.history.reduce((latest, s) => (s.on > latest ? s.on : latest), a.appliedOn);

/** One step of the pipeline (see the module comment); the application is not changed in place. */
export function record(
  a: Application,
  step: Step,
  actor: Actor,
  today: string,
  rules: RecruitmentRules = DEFAULT_RULES,
): Outcome {
  if (a.status === 'approved' || a.status === 'withdrawn' || a.status === 'rejected') {
    return refuse('DEVELOPMENT_ENDED', `该申请已${STAGE_LABELS[a.status]}，不能再${STEP_WORDS[step.kind]}`);
  }
  // The superior committee approves (or refuses at approval); every other step is the branch's.
  const bySuperior = step.kind === 'approved' || (step.kind === 'rejected' && a.status === 'voted');
  if (bySuperior ? !actor.adminOfSuperior : !actor.adminOfBranch) {
    return refuse(
      'DEVELOPMENT_NOT_ALLOWED',
      bySuperior
        ? `只有团支部的上级团组织管理员可以${STEP_WORDS[step.kind]}`
        : `只有本团支部的管理员可以${STEP_WORDS[step.kind]}`,
    );
  }
  if (step.on > today) return refuse('DEVELOPMENT_DATE_IN_FUTURE', '日期不能晚于今天', 'on');
  const after = lastStepOn(a);
  if (step.on < after) return refuse('DEVELOPMENT_DATE_ORDER', `日期不能早于上一步骤的日期（${after}）`, 'on');
  const by = actor.accountId;
  const next = (changes: Partial<Application>, recorded: RecordedStep = { ...step, by }): Outcome => ({
    ok: true,
    application: { ...a, ...changes, history: [...a.history, recorded] },
  });

  if (step.kind === 'withdrawn' || step.kind === 'rejected') {
    const reason = step.reason.trim();
    if (!reason) return refuse('DEVELOPMENT_REASON_REQUIRED', '请填写原因', 'reason');
    return next({ status: step.kind, endedReason: reason }, { ...step, reason, by });
  }

  const { from, to } = TRANSITIONS[step.kind];
  if (a.status !== from) {
    return refuse(
      'DEVELOPMENT_STAGE_ORDER',
      `${STEP_WORDS[step.kind]}须在“${STAGE_LABELS[from]}”阶段进行，该申请目前为“${STAGE_LABELS[a.status]}”`,
    );
  }

  switch (step.kind) {
    case 'talked': {
      const latest = addMonths(a.appliedOn, rules.talkWithinMonths);
      if (step.on > latest) {
        return refuse('DEVELOPMENT_TALK_TOO_LATE', `应在收到申请后${rules.talkWithinMonths}个月内谈话（${latest}前）`, 'on');
      }
      return next({ talkedOn: step.on });
    }
    case 'became_activist':
      if (!a.talkedOn) return refuse('DEVELOPMENT_TALK_MISSING', '确定入团积极分子前须记录与申请人的谈话');
      return next({ status: to });
    case 'course_recorded':
      if (!(step.hours > 0 && step.hours <= 24 && Number.isInteger(step.hours * 2))) {
        return refuse('DEVELOPMENT_COURSE_HOURS_SHORT', '团课学时须为大于0、不超过24的整数或半小时', 'hours');
      }
      return next({ courseHours: a.courseHours + step.hours });
    case 'became_candidate':
      if (a.courseHours < rules.minCourseHours) {
        return refuse(
          'DEVELOPMENT_COURSE_HOURS_SHORT',
          `确定为发展对象前须完成不少于${rules.minCourseHours}学时的团课学习（已记录${a.courseHours}学时）`,
        );
      }
      return next({ status: to });
    case 'voted': {
      const counts = [step.eligible, step.for, step.against];
      if (!counts.every((n) => Number.isInteger(n) && n >= 0) || step.eligible === 0 || step.for + step.against > step.eligible) {
        return refuse('DEVELOPMENT_VOTE_INVALID', '表决人数有误：赞成与反对之和不能超过应到会有表决权的团员数', 'for');
      }
      // The charter: passed when those for are more than half of those entitled to vote.
      const passed = step.for * 2 > step.eligible;
      const vote = { eligible: step.eligible, for: step.for, against: step.against, passed, on: step.on };
      return next({ vote, status: passed ? 'voted' : 'candidate' }, { ...step, by, passed });
    }
    case 'approved':
      if (!a.vote?.passed) return refuse('DEVELOPMENT_VOTE_NOT_PASSED', '支部大会表决未通过，不能批准');
      return next({ status: to, joinedMonth: a.vote.on.slice(0, 7) });
  }
}
