import { describe, expect, it } from 'vitest';
import { ageOutDay, dueToAgeOut, isActiveMember, mayConfirm, mayPropose, type LeavingCheck } from '../src/domain/leaving.js';

const branch = { adminOfBranch: true };
const today = '2026-12-06';
const member = (over: Partial<{ birthDate: string; status: 'normal' | 'aged_out'; holdsLeaguePost: boolean }> = {}) => ({
  birthDate: '1998-12-06',
  status: 'normal' as const,
  holdsLeaguePost: false,
  ...over,
});
const code = (c: LeavingCheck) => (c.ok ? 'ok' : c.code);

describe('超龄离团', () => {
  it('lists a member from their 28th birthday (China’s day), unless they hold a league post', () => {
    expect(ageOutDay('1998-12-06')).toBe('2026-12-06');
    expect(dueToAgeOut(member(), '2026-12-05')).toBe(false);
    expect(dueToAgeOut(member(), '2026-12-06')).toBe(true);
    expect(dueToAgeOut(member({ holdsLeaguePost: true }), '2026-12-06')).toBe(false);
    expect(dueToAgeOut(member({ status: 'aged_out' }), '2026-12-06')).toBe(false);
  });

  it('turns a 29 February birthday into the list on 1 March of a common year', () => {
    expect(ageOutDay('2000-02-29', { ageOut: 27, lapsedAfterMonths: 6 })).toBe('2027-03-01');
    expect(dueToAgeOut(member({ birthDate: '1996-02-29' }), '2024-02-28')).toBe(false);
    expect(dueToAgeOut(member({ birthDate: '1996-02-29' }), '2024-02-29')).toBe(true);
  });

  it('is proposed by the branch once of age and without a post; a province may set another age', () => {
    expect(code(mayPropose(member(), { reason: 'aged_out', on: today }, branch, today))).toBe('ok');
    const young = mayPropose(member({ birthDate: '1998-12-07' }), { reason: 'aged_out', on: today }, branch, today);
    expect(young).toMatchObject({ ok: false, code: 'LEAVING_NOT_OF_AGE' });
    expect(!young.ok && young.message).toContain('2026-12-07');
    expect(code(mayPropose(member({ holdsLeaguePost: true }), { reason: 'aged_out', on: today }, branch, today))).toBe(
      'LEAVING_HOLDS_POST',
    );
    expect(
      code(
        mayPropose(member({ birthDate: '1999-06-01' }), { reason: 'aged_out', on: today }, branch, today, {
          ageOut: 27,
          lapsedAfterMonths: 6,
        }),
      ),
    ).toBe('ok');
  });
});

describe('the other ways out', () => {
  it('自愿退团 needs the written request dated no later than the day it is handled', () => {
    expect(code(mayPropose(member(), { reason: 'withdrew', on: today, requestedOn: '2026-12-01' }, branch, today))).toBe('ok');
    expect(code(mayPropose(member(), { reason: 'withdrew', on: '2026-12-01', requestedOn: today }, branch, today))).toBe(
      'LEAVING_DATE_ORDER',
    );
  });

  it('自行脱团 needs six whole months without org life', () => {
    expect(code(mayPropose(member(), { reason: 'lapsed', on: today, lastActiveOn: '2026-06-06' }, branch, today))).toBe('ok');
    const soon = mayPropose(member(), { reason: 'lapsed', on: today, lastActiveOn: '2026-06-07' }, branch, today);
    expect(soon).toMatchObject({ ok: false, code: 'LEAVING_NOT_LAPSED', field: 'lastActiveOn' });
  });

  it('开除团籍 needs the decision’s document reference and its grounds', () => {
    const proposal = { reason: 'expelled' as const, on: today, decisionRef: '团委发〔2026〕12号', grounds: '严重违反团的纪律' };
    expect(code(mayPropose(member(), proposal, branch, today))).toBe('ok');
    expect(mayPropose(member(), { ...proposal, decisionRef: ' ' }, branch, today)).toMatchObject({
      code: 'LEAVING_DECISION_REQUIRED',
      field: 'decisionRef',
    });
    expect(mayPropose(member(), { ...proposal, grounds: '' }, branch, today)).toMatchObject({ field: 'grounds' });
  });

  it('is proposed only by the branch, for a member still in the league, never dated ahead; confirmed only by the superior', () => {
    expect(code(mayPropose(member(), { reason: 'aged_out', on: today }, { adminOfBranch: false }, today))).toBe(
      'LEAVING_NOT_ALLOWED',
    );
    expect(
      code(mayPropose(member({ status: 'aged_out' }), { reason: 'withdrew', on: today, requestedOn: today }, branch, today)),
    ).toBe('LEAVING_ALREADY_LEFT');
    expect(code(mayPropose(member(), { reason: 'aged_out', on: '2026-12-07' }, branch, today))).toBe('LEAVING_DATE_ORDER');
    expect(code(mayConfirm({ adminOfSuperior: false }))).toBe('LEAVING_NOT_ALLOWED');
    expect(code(mayConfirm({ adminOfSuperior: true }))).toBe('ok');
    expect(isActiveMember('normal')).toBe(true);
    expect(isActiveMember('expelled')).toBe(false);
  });
});
