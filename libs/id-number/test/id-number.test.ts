import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  chinaDate,
  dayTurning,
  checkCharacter,
  isValidIdNumber,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  PROVINCE_CODES,
} from '../src/index.js';

const today = new Date('2026-11-21T12:00:00Z');
const parse = (value: unknown) => parseIdNumber(value, { today });

/** Builds a valid number from its parts, computing the check character. */
function build(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + checkCharacter(first17);
}

describe('parseIdNumber', () => {
  it('accepts the standard example and reads birth date and gender', () => {
    expect(parse('11010519491231002X')).toEqual({
      ok: true,
      id: { value: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', gender: 'female' },
    });
    const man = parse('110101199003074477');
    expect(man.ok && man.id.gender).toBe('male');
  });

  it("accepts a lower-case 'x' as 'X', and surrounding spaces", () => {
    const result = parse(' 11010519491231002x ');
    expect(result.ok && result.id.value).toBe('11010519491231002X');
  });

  it('tells a 15-digit legacy number apart', () => {
    expect(parse('110105491231002')).toEqual({ ok: false, problem: 'LEGACY_15_DIGITS' });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    [undefined, 'EMPTY'],
    // An ID typed as a number (as Excel stores it) arrives rounded and is not a string at all.
    // eslint-disable-next-line no-loss-of-precision
    [110101199003074477, 'EMPTY'],
    ['11010119900307447', 'FORMAT'],
    ['1101011990030744777', 'FORMAT'],
    ['11010119900307447Y', 'FORMAT'],
    ['1101011990030744X7', 'FORMAT'],
    ['１１０１０１１９９００３０７４４７７', 'FORMAT'],
    ['1.10101199003074E+17', 'FORMAT'],
  ])('refuses %j as %s', (input, problem) => {
    expect(parse(input)).toEqual({ ok: false, problem });
  });

  it('refuses a region that is no province', () => {
    expect(parse(build('991234', '19900307', '447'))).toEqual({ ok: false, problem: 'REGION' });
    expect(parse(build('001234', '19900307', '447'))).toEqual({ ok: false, problem: 'REGION' });
  });

  it.each(['19900230', '20230229', '19901301', '19900000', '18991231', '20261122', '20991231'])(
    'refuses the birth date %s',
    (birth) => {
      expect(parse(build('110101', birth, '447'))).toEqual({ ok: false, problem: 'BIRTH_DATE' });
    },
  );

  it('accepts 29 February of a leap year and a birth today (China time)', () => {
    expect(parse(build('110101', '20000229', '447')).ok).toBe(true);
    expect(parse(build('110101', '20261121', '447')).ok).toBe(true);
    // 2026-11-21 20:00 UTC is already 22 November in China.
    expect(parseIdNumber(build('110101', '20261122', '447'), { today: new Date('2026-11-21T20:00:00Z') }).ok).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(parse('110101199003074478')).toEqual({ ok: false, problem: 'CHECKSUM' });
    expect(parse('11010519491231002Y')).toEqual({ ok: false, problem: 'FORMAT' });
    expect(parse('110105194912310020')).toEqual({ ok: false, problem: 'CHECKSUM' });
  });
});

const validIdNumber = fc
  .record({
    province: fc.constantFrom(...[...PROVINCE_CODES]),
    rest: fc.stringMatching(/^\d{4}$/),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-20T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ province, rest, birth, sequence }) =>
    build(province + rest, birth.toISOString().slice(0, 10).replaceAll('-', ''), sequence),
  );

describe('parseIdNumber, by property', () => {
  it('accepts every number built by the standard, with its birth date and gender', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        const result = parse(id);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.id.birthDate.replaceAll('-', '')).toBe(id.slice(6, 14));
        expect(result.id.gender).toBe(Number(id[16]) % 2 ? 'male' : 'female');
        expect(parse(id.toLowerCase()).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every number with any single character changed', () => {
    fc.assert(
      fc.property(validIdNumber, fc.nat(17), fc.constantFrom(...'0123456789X'), (id, position, replacement) => {
        fc.pre(id[position] !== replacement);
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(isValidIdNumber(changed, { today })).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses every two adjacent digits swapped, when they differ', () => {
    fc.assert(
      fc.property(validIdNumber, fc.nat(15), (id, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(isValidIdNumber(swapped, { today })).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maskIdNumber', () => {
  it('shows the region code and the last four only', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('never shows more than the last four of anything else', () => {
    expect(maskIdNumber('110105491231002')).toBe('***********1002');
    expect(maskIdNumber('12')).toBe('12');
  });
});

describe('ages and days in China', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn('2012-11-21', '2026-11-21')).toBe(14);
    expect(ageOn('2012-11-22', '2026-11-21')).toBe(13);
    expect(ageOn('1998-12-31', '2026-12-31')).toBe(28);
  });

  it('turns a 29 February birthday on 1 March of a common year, and on 29 February of a leap year', () => {
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26);
    expect(dayTurning('2000-02-29', 26)).toBe('2026-03-01');
    expect(dayTurning('2000-02-29', 28)).toBe('2028-02-29');
    expect(dayTurning('1998-12-06', 28)).toBe('2026-12-06');
  });

  it('counts days as China does (UTC+8), whatever the server’s zone', () => {
    expect(chinaDate(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
    expect(chinaDate(new Date('2026-12-03T15:59:59Z'))).toBe('2026-12-03');
  });

  it('agrees with dayTurning on every day: the age changes exactly on that day (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 40 }),
        (birth, years) => {
          const birthDate = birth.toISOString().slice(0, 10);
          const day = dayTurning(birthDate, years);
          const dayBefore = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
          return ageOn(birthDate, day) === years && ageOn(birthDate, dayBefore) === years - 1;
        },
      ),
    );
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('keeps only the last four of a landline', () => {
    expect(maskPhone('010-62345678')).toBe('********5678');
  });
});
