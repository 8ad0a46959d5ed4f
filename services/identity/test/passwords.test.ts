import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, initialPassword, matchesInitialPassword } from '../src/domain/passwords.js';

describe('the initial password', () => {
  it('is the last 8 characters of the ID number', () => {
    expect(initialPassword('110101199003074477')).toBe('03074477');
    expect(matchesInitialPassword('110101199003074477', '03074477')).toBe(true);
    expect(matchesInitialPassword('110101199003074477', '0307447')).toBe(false);
    expect(matchesInitialPassword('110101199003074477', '030744770')).toBe(false);
  });

  it('accepts a trailing x in either case', () => {
    expect(matchesInitialPassword('11010519491231002X', '1231002x')).toBe(true);
    expect(matchesInitialPassword('11010519491231002X', '1231002X')).toBe(true);
  });
});

describe('the password policy', () => {
  const id = '110101199003074477';
  it.each([
    ['short1', 'TOO_SHORT'],
    ['onlyletters', 'NEEDS_LETTERS_AND_DIGITS'],
    ['1234567890', 'NEEDS_LETTERS_AND_DIGITS'],
    ['03074477', 'NEEDS_LETTERS_AND_DIGITS'],
    ['x'.repeat(120) + '123456789', 'TOO_LONG'],
  ])('refuses %j (%s)', (password, violation) => {
    expect(checkPasswordPolicy(password, id)).toBe(violation);
  });

  it('refuses the initial password and anything built on the ID number', () => {
    expect(checkPasswordPolicy('1231002x', '11010519491231002X')).toBe('SAME_AS_INITIAL');
    expect(checkPasswordPolicy('a110101199003074477', id)).toBe('SAME_AS_INITIAL');
  });

  it('accepts 8+ characters with letters and digits', () => {
    expect(checkPasswordPolicy('Tuan2026zhtj', id)).toBeUndefined();
  });
});
