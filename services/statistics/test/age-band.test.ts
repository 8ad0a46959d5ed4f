import { describe, expect, it } from 'vitest';
import { ageBand, bandChangesOn } from '../src/domain/age-band.js';

describe('age bands', () => {
  it('hold their lower age and not their upper, turning on the birthday', () => {
    expect(ageBand('2008-06-01', '2026-05-31')).toBe('14to18');
    expect(ageBand('2008-06-01', '2026-06-01')).toBe('18to22');
    expect(ageBand('1998-12-04', '2026-12-04')).toBe('over28');
    expect(ageBand('1998-12-05', '2026-12-04')).toBe('25to28');
    expect(ageBand('2014-01-01', '2026-12-04')).toBe('under14');
  });

  it('say the day the band next changes, a 29 February birthday on 1 March of a common year, none past 28', () => {
    expect(bandChangesOn('2008-06-01', '2026-05-31')).toBe('2026-06-01');
    expect(bandChangesOn('2008-06-01', '2026-06-01')).toBe('2030-06-01');
    expect(bandChangesOn('2004-02-29', '2026-01-01')).toBe('2026-03-01');
    expect(bandChangesOn('1990-01-01', '2026-01-01')).toBeNull();
  });
});
