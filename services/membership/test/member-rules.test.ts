import { describe, expect, it } from 'vitest';
import { developmentNumberIssue, isPastYearMonth, oldEnoughToJoin, validateMember } from '../src/domain/member-rules.js';
import { idNumberFor } from './harness.js';

const today = new Date('2026-11-21T08:00:00Z');
const valid = {
  name: '李华',
  idNumber: idNumberFor('20050312', 21),
  ethnicity: '汉族',
  politicalStatus: '共青团员',
  joinedAt: '2019-05',
  developmentNumber: '201911010001',
  educationFullTime: '高中',
  educationHighest: '大学本科',
  occupation: '学生',
  employer: '某大学',
  phone: '13800001111',
};

describe('a member’s fields', () => {
  it('pass when complete, with birth date and gender read from the ID number', () => {
    const checked = validateMember(valid, today);
    expect(checked).toMatchObject({ ok: true, value: { birthDate: '2005-03-12', gender: 'male', joinedAt: '2019-05' } });
  });

  it('name every bad field at once, with a code each', () => {
    const checked = validateMember(
      {
        ...valid,
        name: ' ',
        idNumber: '110105200503120210',
        ethnicity: '汉',
        politicalStatus: '群众',
        phone: '12345',
        occupation: '程序员',
      },
      today,
    );
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.issues).toEqual([
      { path: 'name', code: 'REQUIRED' },
      { path: 'idNumber', code: 'ID_NUMBER_INVALID' },
      { path: 'ethnicity', code: 'ETHNICITY_INVALID' },
      { path: 'politicalStatus', code: 'POLITICAL_STATUS_INVALID' },
      { path: 'occupation', code: 'OCCUPATION_INVALID' },
      { path: 'phone', code: 'PHONE_INVALID' },
    ]);
  });

  it('treat blank optional fields as not given, and refuse legacy 15-digit numbers', () => {
    const checked = validateMember({ ...valid, phone: '', employer: '  ', educationFullTime: null }, today);
    expect(checked).toMatchObject({ ok: true, value: { phone: null, employer: null, educationFullTime: null } });
    expect(validateMember({ ...valid, idNumber: '110105850312211' }, today)).toMatchObject({
      ok: false,
      issues: [{ path: 'idNumber', code: 'ID_NUMBER_LEGACY' }],
    });
  });
});

describe('the joining month', () => {
  it('is YYYY-MM, not in the future, not before the league existed', () => {
    expect(isPastYearMonth('2026-11', today)).toBe(true);
    expect(isPastYearMonth('2026-12', today)).toBe(false);
    expect(isPastYearMonth('2015-13', today)).toBe(false);
    expect(isPastYearMonth('2015.05', today)).toBe(false);
    expect(isPastYearMonth('1921-12', today)).toBe(false);
  });

  it('needs the person to be 13 when joining from 2017 on, 12 before', () => {
    expect(oldEnoughToJoin('2005-03-12', '2018-03')).toBe(true); // 13 on 2018-03-31
    expect(oldEnoughToJoin('2005-04-12', '2018-03')).toBe(false); // 12 until April
    expect(oldEnoughToJoin('2003-12-01', '2016-01')).toBe(true); // 12 was enough before 2017
    expect(oldEnoughToJoin('2004-02-01', '2016-01')).toBe(false);
    expect(validateMember({ ...valid, joinedAt: '2017-05' }, today)).toMatchObject({
      ok: false,
      issues: [
        { path: 'joinedAt', code: 'JOINED_TOO_YOUNG' },
        { path: 'developmentNumber', code: 'DEVELOPMENT_NUMBER_INVALID' },
      ],
    });
  });
});

describe('the development number', () => {
  it('is required from 2017 on, optional before', () => {
    expect(developmentNumberIssue(null, '2017-01')).toBe('DEVELOPMENT_NUMBER_REQUIRED');
    expect(developmentNumberIssue(null, '2016-12')).toBeNull();
  });
  it('has 12 digits starting with the joining year; 2017 and 2018 joins may carry either year', () => {
    expect(developmentNumberIssue('202011010001', '2020-05')).toBeNull();
    expect(developmentNumberIssue('201911010001', '2020-05')).toBe('DEVELOPMENT_NUMBER_INVALID');
    expect(developmentNumberIssue('20201101000', '2020-05')).toBe('DEVELOPMENT_NUMBER_INVALID');
    expect(developmentNumberIssue('2020110100a1', '2020-05')).toBe('DEVELOPMENT_NUMBER_INVALID');
    expect(developmentNumberIssue('201811010001', '2017-09')).toBeNull();
    expect(developmentNumberIssue('201711010001', '2018-03')).toBeNull();
    expect(developmentNumberIssue('201911010001', '2018-03')).toBe('DEVELOPMENT_NUMBER_INVALID');
  });
});
