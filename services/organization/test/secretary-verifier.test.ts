import { describe, expect, it } from 'vitest';
import { isPlausibleName } from '@zhtj/id-number';
import { formSecretaryVerifier } from '../src/domain/secretary-verifier.js';

describe('the default secretary verifier', () => {
  it('accepts Han names and minority names joined by a middle dot', () => {
    for (const name of ['王芳', '欧阳娜娜', '阿卜杜拉·艾买提', '买买提·吐尔逊·阿不都']) expect(isPlausibleName(name)).toBe(true);
  });
  it('refuses Latin letters, digits, one character, stray dots and over-long names', () => {
    for (const name of ['Wang Fang', '王芳1', '王', '·王芳', '王芳·', '王··芳', '王'.repeat(21), '王 芳']) {
      expect(isPlausibleName(name)).toBe(false);
    }
  });
  it('checks the ID number with libs/id-number and says which field failed', async () => {
    expect(await formSecretaryVerifier.verify({ name: '王芳', idNumber: '11010519491231002X' })).toEqual({ ok: true });
    expect(await formSecretaryVerifier.verify({ name: 'x', idNumber: '110105194912310021' })).toEqual({
      ok: false,
      problems: [
        { path: 'name', code: 'PERSON_NAME_INVALID' },
        { path: 'idNumber', code: 'ID_NUMBER_INVALID' },
      ],
    });
    expect(await formSecretaryVerifier.verify({ name: '王芳', idNumber: '110105491231002' })).toMatchObject({
      problems: [{ path: 'idNumber', code: 'ID_NUMBER_LEGACY' }],
    });
  });
});
