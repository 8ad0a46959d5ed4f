import { describe, expect, it } from 'vitest';
import { applyTextPolicy, nameProblem, nameText, normalizeText, textProblem } from '../src/index.js';

describe('the text policy', () => {
  it('refuses NUL and the other control characters but tab and line feed, and unpaired surrogates', () => {
    for (const bad of ['a\u0000b', '\u0001', 'x\u001by', '\u007f', '\u0085', 'a\u009fb', 'v\u000bw', 'f\u000cg']) {
      expect(textProblem(bad), JSON.stringify(bad)).toBe('TEXT_CONTROL_CHARACTER');
    }
    expect(textProblem('\ud800')).toBe('TEXT_INVALID_UNICODE');
    expect(textProblem('a\udc00')).toBe('TEXT_INVALID_UNICODE');
    for (const good of ['同意\t备注', '第一行\n第二行', '𠮷野家', '😀', 'Zhāng Wěi']) expect(textProblem(good)).toBeUndefined();
  });

  it('normalises line breaks to LF and text to NFC', () => {
    expect(normalizeText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(normalizeText('e\u0301')).toBe('\u00e9');
    // Compatibility forms are kept (NFC, not NFKC): full-width digits stay as typed.
    expect(normalizeText('１２')).toBe('１２');
  });

  it('refuses invisible characters in names: zero-width, bidi controls, soft hyphen, BOM', () => {
    for (const bad of ['张\u200b三', '张\u200d三', '\u202e团支部', '团\u2066支部', '王\u00ad五', '\ufeff李四', '赵\u200e六']) {
      expect(nameProblem(bad), JSON.stringify(bad)).toBe('TEXT_INVISIBLE_CHARACTER');
    }
    expect(nameProblem('阿依古丽·买买提')).toBeUndefined();
    const schema = nameText({ min: 2, max: 10 });
    expect(schema.safeParse('  一班团支部 ').data).toBe('一班团支部');
    const refused = schema.safeParse('一班\u200b团支部');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ code: 'custom', params: { code: 'TEXT_INVISIBLE_CHARACTER' } });
  });

  it('walks a whole body: every string normalised, every bad string and key named by its path', () => {
    const { value, issues } = applyTextPolicy({
      name: 'e\u0301',
      rows: [{ employer: 'ok' }, { employer: 'bad\u0000' }],
      'ke\u0000y': 1,
      nested: { list: ['\u0007'] },
    });
    expect(value).toMatchObject({ name: '\u00e9', rows: [{ employer: 'ok' }, { employer: 'bad\u0000' }] });
    expect(issues).toEqual([
      { path: 'rows.1.employer', code: 'TEXT_CONTROL_CHARACTER' },
      { path: 'ke\\u0000y', code: 'TEXT_CONTROL_CHARACTER' },
      { path: 'nested.list.0', code: 'TEXT_CONTROL_CHARACTER' },
    ]);
  });
});
