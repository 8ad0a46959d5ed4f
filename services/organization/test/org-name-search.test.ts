import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameGrams, nameMatches, normalizeName, probeGram } from '../src/domain/org-name-search.js';

/** Names as people type them: Han characters, full- and half-width letters and digits, spaces. */
const text = fc
  .array(fc.constantFrom(...Array.from('团委支部第一中学软件工程班信息ＡaB 1２(（')), { maxLength: 8 })
  .map((a) => a.join(''));

describe('org name search', () => {
  it('keeps the pairs of adjacent characters, once each, normalized', () => {
    expect(nameGrams('第一中学团委')).toEqual(['第一', '一中', '中学', '学团', '团委']);
    expect(nameGrams('ＡＢ 团支部ab')).toEqual(['ab', 'b团', '团支', '支部', '部a']);
    expect(nameGrams('团')).toEqual(['团']);
    expect(normalizeName('２０２４级 Software')).toBe('2024级software');
  });

  it('reads by the pair least like every org’s name', () => {
    expect(probeGram('信息工程学院团总支')).toBe('信息');
    expect(probeGram('软件工程1班团支部')).toBe('软件');
    expect(probeGram('团支部')).toBe('团支');
  });

  it('reads by the pair fewest names hold, when that is known', () => {
    // “第1团支部” among thousands of “第1x…”: “1团” is rarer than “第1”, whatever the characters.
    const counts = new Map([
      ['第1', 40_000],
      ['1团', 3_000],
      ['团支', 60_000],
      ['支部', 60_000],
    ]);
    expect(probeGram('第1团支部', counts)).toBe('1团');
    // A pair no name holds is the one to read by: nothing to read.
    expect(probeGram('第1团支部x', counts)).toBe('部x');
  });

  it('a name that contains the query holds the pair read by (so no match is missed)', () => {
    fc.assert(
      fc.property(text, text, text, (before, query, after) => {
        if (Array.from(normalizeName(query)).length < 2) return;
        const name = before + query + after;
        expect(nameMatches(name, query)).toBe(true);
        expect(nameGrams(name)).toContain(probeGram(query));
      }),
    );
  });
});
