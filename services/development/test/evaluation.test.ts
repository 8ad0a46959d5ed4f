import { describe, expect, it } from 'vitest';
import {
  decide,
  maxExcellent,
  progress,
  quorate,
  registration,
  submit,
  type BranchEvaluation,
  type Campaign,
  type EvaluationOutcome,
  type Grade,
} from '../src/domain/evaluation.js';

const campaign: Campaign = { year: 2026, orgId: 'county', opensOn: '2026-11-01', closesOn: '2026-12-31' };
const today = '2026-12-06';
const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10'];
const branch = { adminOfBranch: true };
const superior = { adminOfSuperior: true };
const code = (o: EvaluationOutcome) => (o.ok ? 'ok' : o.code);

const graded = (excellent: number, over: Partial<BranchEvaluation> = {}): BranchEvaluation => ({
  branchId: 'b1',
  status: 'draft',
  grades: Object.fromEntries(
    members.map((id, i): [string, Grade] => [id, i < excellent ? 'excellent' : i === 9 ? 'unqualified' : 'qualified']),
  ),
  meeting: { on: '2026-11-20', members: 10, attended: 8 },
  comment: null,
  ...over,
});
const submitted = (e: BranchEvaluation) => submit(e, { activeMembers: members, campaign }, branch, today);

describe('团员教育评议', () => {
  it('submits a branch where every member is graded, at most 30% 优秀, at a meeting of over two thirds', () => {
    const result = submitted(graded(3));
    expect(result).toMatchObject({ ok: true, evaluation: { status: 'submitted' } });
  });

  it('caps 优秀 at 30% of those evaluated, rounding down, and says the numbers', () => {
    expect(maxExcellent(10)).toBe(3);
    expect(maxExcellent(7)).toBe(2);
    expect(maxExcellent(3)).toBe(0);
    const refused = submitted(graded(4));
    expect(refused).toMatchObject({ ok: false, code: 'EVALUATION_TOO_MANY_EXCELLENT', field: 'grades' });
    expect(!refused.ok && refused.message).toContain('10人中至多3人，现为4人');
    expect(
      code(
        submit(graded(4), { activeMembers: members, campaign }, branch, today, {
          maxExcellentShare: 0.4,
          minAttendanceShare: 2 / 3,
        }),
      ),
    ).toBe('ok');
  });

  it('needs more than two thirds at the meeting: 7 of 10 is enough, 6 of 9 is not', () => {
    expect(quorate(7, 10)).toBe(true);
    expect(quorate(6, 9)).toBe(false);
    expect(quorate(7, 9)).toBe(true);
    expect(code(submitted(graded(3, { meeting: { on: '2026-11-20', members: 10, attended: 6 } })))).toBe(
      'EVALUATION_ATTENDANCE_LOW',
    );
  });

  it('refuses a member left out, a stranger graded, a meeting outside the campaign, and a campaign not open', () => {
    const { m10: _left, ...nine } = graded(3).grades;
    expect(submitted(graded(3, { grades: nine }))).toMatchObject({
      code: 'EVALUATION_MEMBER_MISSING',
      message: '还有1名团员未评定等次',
    });
    expect(code(submitted(graded(3, { grades: { ...graded(3).grades, x: 'qualified' } })))).toBe('EVALUATION_NOT_A_MEMBER');
    expect(code(submitted(graded(3, { meeting: { on: '2026-10-30', members: 10, attended: 9 } })))).toBe(
      'EVALUATION_MEETING_INVALID',
    );
    expect(code(submitted(graded(3, { meeting: null })))).toBe('EVALUATION_MEETING_INVALID');
    expect(code(submit(graded(3), { activeMembers: members, campaign }, branch, '2027-01-01'))).toBe('EVALUATION_NOT_OPEN');
    expect(code(submit(graded(3), { activeMembers: members, campaign }, { adminOfBranch: false }, today))).toBe(
      'EVALUATION_NOT_ALLOWED',
    );
  });

  it('is approved or returned with a comment by the superior; a returned one is submitted again', () => {
    const sent = submitted(graded(3));
    if (!sent.ok) throw new Error(sent.message);
    expect(code(decide(sent.evaluation, { approve: true }, { adminOfSuperior: false }))).toBe('EVALUATION_NOT_ALLOWED');
    expect(code(decide(sent.evaluation, { approve: false, comment: ' ' }, superior))).toBe('EVALUATION_COMMENT_REQUIRED');
    const returned = decide(sent.evaluation, { approve: false, comment: '会议记录不全' }, superior);
    expect(returned).toMatchObject({ ok: true, evaluation: { status: 'returned', comment: '会议记录不全' } });
    if (!returned.ok) return;
    const again = submitted(returned.evaluation);
    expect(again).toMatchObject({ ok: true, evaluation: { status: 'submitted', comment: null } });
    if (!again.ok) return;
    const approved = decide(again.evaluation, { approve: true }, superior);
    expect(approved).toMatchObject({ ok: true, evaluation: { status: 'approved' } });
    if (!approved.ok) return;
    expect(code(submitted(approved.evaluation))).toBe('EVALUATION_STATUS');
    expect(code(decide(approved.evaluation, { approve: true }, superior))).toBe('EVALUATION_STATUS');
  });
});

describe('团籍注册 and the campaign’s progress', () => {
  it('registers everyone graded but the 不合格, who are deferred for follow-up', () => {
    const { registered, deferred } = registration(graded(3));
    expect(registered).toHaveLength(9);
    expect(deferred).toEqual(['m10']);
  });

  it('counts a committee’s branches by where their evaluation stands', () => {
    expect(progress(['draft', 'submitted', 'approved', 'approved', 'returned'])).toEqual({
      draft: 1,
      submitted: 1,
      approved: 2,
      returned: 1,
      total: 5,
    });
  });
});
