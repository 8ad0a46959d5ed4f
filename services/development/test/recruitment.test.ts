import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberFor } from '@zhtj/testkit';
import { addMonths, apply, record, type Actor, type Application, type Outcome, type Step } from '../src/domain/recruitment.js';
import { developmentNumber, parseDevelopmentNumber } from '../src/domain/development-number.js';

const branchAdmin: Actor = { accountId: 'branch-admin', adminOfBranch: true, adminOfSuperior: false };
const superiorAdmin: Actor = { accountId: 'county-admin', adminOfBranch: true, adminOfSuperior: true };
const stranger: Actor = { accountId: 'someone', adminOfBranch: false, adminOfSuperior: false };
const today = '2026-12-06';

const ok = (o: Outcome): Application => {
  if (!o.ok) throw new Error(`refused: ${o.code} ${o.message}`);
  return o.application;
};
const code = (o: Outcome) => (o.ok ? 'ok' : o.code);

const applicant = (birth = '20100315', appliedOn = '2026-03-01') =>
  ok(apply({ branchId: 'b1', name: '申请人', idNumber: idNumberFor(birth, 1), appliedOn }, branchAdmin, today));

/** Every step from the application to approval, in order, as a branch would record them. */
const path: Array<[Step, Actor]> = [
  [{ kind: 'talked', on: '2026-03-20' }, branchAdmin],
  [{ kind: 'became_activist', on: '2026-04-01' }, branchAdmin],
  [{ kind: 'course_recorded', on: '2026-05-10', hours: 4, topic: '团章学习' }, branchAdmin],
  [{ kind: 'course_recorded', on: '2026-06-10', hours: 4, topic: '团史学习' }, branchAdmin],
  [{ kind: 'became_candidate', on: '2026-07-01' }, branchAdmin],
  [{ kind: 'voted', on: '2026-09-15', eligible: 30, for: 20, against: 2 }, branchAdmin],
  [{ kind: 'approved', on: '2026-10-08' }, superiorAdmin],
];
const walk = (a: Application, steps: typeof path) => steps.reduce((app, [step, actor]) => ok(record(app, step, actor, today)), a);

describe('团员发展: the stages in order', () => {
  it('takes an applicant through every stage to 批准入团, joined in the vote’s month, with the history kept', () => {
    const member = walk(applicant(), path);
    expect(member).toMatchObject({ status: 'approved', joinedMonth: '2026-09', courseHours: 8, talkedOn: '2026-03-20' });
    expect(member.vote).toEqual({ eligible: 30, for: 20, against: 2, passed: true, on: '2026-09-15' });
    expect(member.history.map((s) => [s.kind, s.by])).toEqual([
      ['applied', 'branch-admin'],
      ...path.map(([s, a]) => [s.kind, a.accountId]),
    ]);
  });

  it('refuses a step out of its stage, naming the stage it needs', () => {
    const a = applicant();
    const refused = record(a, { kind: 'became_candidate', on: '2026-04-01' }, branchAdmin, today);
    expect(refused).toMatchObject({ ok: false, code: 'DEVELOPMENT_STAGE_ORDER' });
    expect(!refused.ok && refused.message).toContain('入团积极分子');
    expect(code(record(a, { kind: 'approved', on: '2026-04-01' }, superiorAdmin, today))).toBe('DEVELOPMENT_STAGE_ORDER');
    expect(code(record(a, { kind: 'voted', on: '2026-04-01', eligible: 10, for: 9, against: 0 }, branchAdmin, today))).toBe(
      'DEVELOPMENT_STAGE_ORDER',
    );
  });

  it('needs the talk before 积极分子, and the talk within a month of the application', () => {
    const a = applicant();
    expect(code(record(a, { kind: 'became_activist', on: '2026-03-10' }, branchAdmin, today))).toBe('DEVELOPMENT_TALK_MISSING');
    expect(code(record(a, { kind: 'talked', on: '2026-04-02' }, branchAdmin, today))).toBe('DEVELOPMENT_TALK_TOO_LATE');
    expect(code(record(a, { kind: 'talked', on: '2026-04-01' }, branchAdmin, today))).toBe('ok');
  });

  it('needs 8 hours of 团课 before 发展对象 (a province may set another number)', () => {
    const activist = walk(applicant(), path.slice(0, 3));
    expect(activist.courseHours).toBe(4);
    const short = record(activist, { kind: 'became_candidate', on: '2026-07-01' }, branchAdmin, today);
    expect(short).toMatchObject({ ok: false, code: 'DEVELOPMENT_COURSE_HOURS_SHORT' });
    expect(!short.ok && short.message).toContain('已记录4学时');
    const rules = { minAge: 14, maxAge: 28, talkWithinMonths: 1, minCourseHours: 4 };
    expect(code(record(activist, { kind: 'became_candidate', on: '2026-07-01' }, branchAdmin, today, rules))).toBe('ok');
    expect(code(record(activist, { kind: 'course_recorded', on: '2026-06-01', hours: 0, topic: 'x' }, branchAdmin, today))).toBe(
      'DEVELOPMENT_COURSE_HOURS_SHORT',
    );
  });

  it('passes the vote when more than half of those entitled vote for; a failed vote may be held again', () => {
    const candidate = walk(applicant(), path.slice(0, 5));
    const half = ok(
      record(candidate, { kind: 'voted', on: '2026-09-15', eligible: 30, for: 15, against: 5 }, branchAdmin, today),
    );
    expect(half).toMatchObject({ status: 'candidate', vote: { passed: false } });
    expect(half.history.at(-1)).toMatchObject({ kind: 'voted', passed: false });
    expect(code(record(half, { kind: 'approved', on: '2026-10-01' }, superiorAdmin, today))).toBe('DEVELOPMENT_STAGE_ORDER');
    const again = ok(record(half, { kind: 'voted', on: '2026-10-15', eligible: 30, for: 16, against: 5 }, branchAdmin, today));
    expect(again).toMatchObject({ status: 'voted', vote: { passed: true, on: '2026-10-15' } });
    for (const bad of [
      { eligible: 30, for: 25, against: 6 },
      { eligible: 0, for: 0, against: 0 },
      { eligible: 30, for: -1, against: 0 },
      { eligible: 30, for: 2.5, against: 0 },
    ]) {
      expect(code(record(candidate, { kind: 'voted', on: '2026-09-15', ...bad }, branchAdmin, today))).toBe(
        'DEVELOPMENT_VOTE_INVALID',
      );
    }
  });

  it('dates run in order and never past today', () => {
    const a = ok(record(applicant(), { kind: 'talked', on: '2026-03-20' }, branchAdmin, today));
    const early = record(a, { kind: 'became_activist', on: '2026-03-19' }, branchAdmin, today);
    expect(early).toMatchObject({ ok: false, code: 'DEVELOPMENT_DATE_ORDER', field: 'on' });
    expect(!early.ok && early.message).toContain('2026-03-20');
    expect(code(record(a, { kind: 'became_activist', on: '2026-12-07' }, branchAdmin, today))).toBe('DEVELOPMENT_DATE_IN_FUTURE');
    expect(code(record(applicant(), { kind: 'talked', on: '2026-02-28' }, branchAdmin, today))).toBe('DEVELOPMENT_DATE_ORDER');
  });

  it('keeps the dates in order along any path of steps (fast-check)', () => {
    const days = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const step = fc.oneof(
      days.map((on): Step => ({ kind: 'talked', on })),
      days.map((on): Step => ({ kind: 'became_activist', on })),
      days.map((on): Step => ({ kind: 'course_recorded', on, hours: 4, topic: '团课' })),
      days.map((on): Step => ({ kind: 'became_candidate', on })),
      days.map((on): Step => ({ kind: 'voted', on, eligible: 10, for: 8, against: 1 })),
      days.map((on): Step => ({ kind: 'approved', on })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let a = applicant('20100315', '2026-01-01');
        for (const s of steps) {
          const o = record(a, s, superiorAdmin, '2027-12-31');
          if (o.ok) a = o.application;
        }
        const dates = a.history.map((s) => s.on);
        return dates.every((d, i) => i === 0 || d >= dates[i - 1]!);
      }),
    );
  });
});

describe('团员发展: who may act', () => {
  it('lets the branch’s admin record the branch’s steps, and only the superior committee’s admin approve', () => {
    expect(
      code(apply({ branchId: 'b1', name: 'x', idNumber: idNumberFor('20100315', 2), appliedOn: '2026-03-01' }, stranger, today)),
    ).toBe('DEVELOPMENT_NOT_ALLOWED');
    expect(code(record(applicant(), { kind: 'talked', on: '2026-03-20' }, stranger, today))).toBe('DEVELOPMENT_NOT_ALLOWED');
    const voted = walk(applicant(), path.slice(0, 6));
    const refused = record(voted, { kind: 'approved', on: '2026-10-08' }, branchAdmin, today);
    expect(refused).toMatchObject({ ok: false, code: 'DEVELOPMENT_NOT_ALLOWED' });
    expect(!refused.ok && refused.message).toContain('上级团组织');
    // Refusing at the approval is the superior's too; withdrawing before it, the branch's.
    expect(code(record(voted, { kind: 'rejected', on: '2026-10-08', reason: '材料不全' }, branchAdmin, today))).toBe(
      'DEVELOPMENT_NOT_ALLOWED',
    );
    expect(code(record(voted, { kind: 'rejected', on: '2026-10-08', reason: '材料不全' }, superiorAdmin, today))).toBe('ok');
  });
});

describe('团员发展: ending early', () => {
  it('withdraws or rejects at any stage before approval, with a reason; nothing follows', () => {
    const activist = walk(applicant(), path.slice(0, 2));
    expect(code(record(activist, { kind: 'withdrawn', on: '2026-04-02', reason: '  ' }, branchAdmin, today))).toBe(
      'DEVELOPMENT_REASON_REQUIRED',
    );
    const withdrawn = ok(record(activist, { kind: 'withdrawn', on: '2026-04-02', reason: ' 本人申请撤回 ' }, branchAdmin, today));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', endedReason: '本人申请撤回' });
    expect(code(record(withdrawn, { kind: 'course_recorded', on: '2026-05-01', hours: 2, topic: 'x' }, branchAdmin, today))).toBe(
      'DEVELOPMENT_ENDED',
    );
    const member = walk(applicant(), path);
    expect(code(record(member, { kind: 'rejected', on: '2026-11-01', reason: 'x' }, superiorAdmin, today))).toBe(
      'DEVELOPMENT_ENDED',
    );
  });
});

describe('入团申请: age from the ID number on the day of the application', () => {
  const applyOn = (birth: string, appliedOn: string) =>
    apply({ branchId: 'b1', name: '申请人', idNumber: idNumberFor(birth, 3), appliedOn }, branchAdmin, today);

  it('takes applicants from their 14th birthday to the day before their 29th', () => {
    expect(code(applyOn('20120301', '2026-03-01'))).toBe('ok');
    const young = applyOn('20120302', '2026-03-01');
    expect(young).toMatchObject({ ok: false, code: 'DEVELOPMENT_AGE_OUT_OF_RANGE', field: 'idNumber' });
    expect(!young.ok && young.message).toContain('13周岁');
    expect(code(applyOn('19970302', '2026-03-01'))).toBe('ok'); // 28
    expect(code(applyOn('19970301', '2026-03-01'))).toBe('DEVELOPMENT_AGE_OUT_OF_RANGE'); // 29
  });

  it('counts a 29 February birthday as turning on 1 March in a common year', () => {
    expect(code(applyOn('20120229', '2026-02-28'))).toBe('DEVELOPMENT_AGE_OUT_OF_RANGE');
    expect(code(applyOn('20120229', '2026-03-01'))).toBe('ok');
  });

  it('refuses an invalid ID number and an application dated after today', () => {
    expect(
      apply({ branchId: 'b1', name: 'x', idNumber: '110101201003150000', appliedOn: '2026-03-01' }, branchAdmin, today),
    ).toMatchObject({
      ok: false,
      code: 'DEVELOPMENT_ID_NUMBER_INVALID',
      field: 'idNumber',
    });
    expect(code(applyOn('20100315', '2026-12-07'))).toBe('DEVELOPMENT_DATE_IN_FUTURE');
  });
});

describe('addMonths', () => {
  it('keeps the day, or the shorter month’s last', () => {
    expect(addMonths('2026-03-01', 1)).toBe('2026-04-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });
});

describe('发展团员编号', () => {
  it('is the joining year and an 8-digit sequence, and reads back', () => {
    expect(developmentNumber(2026, 1)).toBe('202600000001');
    expect(developmentNumber(2026, 99_999_999)).toBe('202699999999');
    expect(parseDevelopmentNumber('202600000042')).toEqual({ year: 2026, sequence: 42 });
    expect(parseDevelopmentNumber('202600000000')).toBeNull();
    expect(parseDevelopmentNumber('20260000004')).toBeNull();
    expect(() => developmentNumber(2026, 0)).toThrow(RangeError);
    expect(() => developmentNumber(2026, 100_000_000)).toThrow(RangeError);
  });
});
