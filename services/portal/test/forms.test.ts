import { describe, expect, it } from 'vitest';
import { nthIdNumber } from '@zhtj/testkit';
import { fileNameOf } from '../src/api/files';
import { problemOf } from '../src/api/problem';
import { contactPhone } from '@zhtj/contracts';
import { CONTACT_PHONE, idNumberRules, newPasswordRules, transferReasonTextRules } from '../src/forms/rules';

/** Runs a form's custom validators as Ant Design would: the message of the first that refuses. */
async function refusal(rules: typeof idNumberRules, value: string): Promise<string | null> {
  for (const rule of rules) {
    if (typeof rule === 'function' || !('validator' in rule) || !rule.validator) continue;
    try {
      await rule.validator(rule as never, value, () => undefined);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return null;
}

describe('the form rules say in the page what the server would', () => {
  it('ID numbers: the check digit, the birth date, the region, the length, the old 15-digit numbers', async () => {
    const good = nthIdNumber(1, { firstBirthday: '2005-04-01', region: '440106' });
    expect(await refusal(idNumberRules, good)).toBeNull();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(await refusal(idNumberRules, wrongCheck)).toBe('身份证号码校验位不正确，请核对');
    expect(await refusal(idNumberRules, '44010620051301123X')).toMatch(/出生日期|校验位/);
    expect(await refusal(idNumberRules, '12345')).toBe('身份证号码应为18位，最后一位可为X');
    expect(await refusal(idNumberRules, '440106050401123')).toBe('不支持15位旧身份证号码，请使用18位号码');
  });

  it('passwords: eight characters with letters and digits', async () => {
    expect(await refusal(newPasswordRules, 'Tuan2026Jian')).toBeNull();
    for (const weak of ['short1', 'onlyletters', '1234567890'])
      expect(await refusal(newPasswordRules, weak)).toBe('密码至少8位，须同时包含字母和数字');
  });
});

describe('transfer forms agree with the server', () => {
  it('the words of 其他: ten characters besides the spaces around them, counted as transfer’s checkReason does', async () => {
    expect(await refusal(transferReasonTextRules, '随父母工作调动迁居本市')).toBeNull();
    expect(await refusal(transferReasonTextRules, '  随父母工作调动迁居外市  ')).toBeNull();
    for (const few of ['', ' '.repeat(12), '  家庭搬迁到外地  ', '🎓🎓🎓🎓🎓🎓🎓🎓🎓'])
      expect(await refusal(transferReasonTextRules, few), JSON.stringify(few)).toBe('请填写具体原因（至少10个字）');
  });
});

describe('org forms agree with the server', () => {
  it('contact phones: the page’s pattern takes and refuses what libs/contracts does', () => {
    const samples = [
      '13800138000',
      '020-12345678',
      '02012345678',
      '0755-1234567-123',
      '12800138000',
      '1380013800',
      '20-1234567',
      '010-1234567-1234567',
      'abc',
      '',
    ];
    for (const sample of samples) expect(CONTACT_PHONE.test(sample), sample).toBe(contactPhone.safeParse(sample).success);
  });
});

describe('answers as the pages read them', () => {
  it('takes the server’s problem: its code, its message and the fields it names', async () => {
    const res = new Response(
      JSON.stringify({
        code: 'VALIDATION_FAILED',
        title: '请求参数有误',
        status: 400,
        errors: [{ path: 'joinedAt', code: 'JOINED_AT_INVALID', message: '入团年月应为“2015-05”的格式' }],
      }),
      { status: 400, headers: { 'content-type': 'application/problem+json', 'retry-after': '30' } },
    );
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '请求参数有误', retryAfter: 30 });
    expect(problem.fieldMessage('joinedAt')).toBe('入团年月应为“2015-05”的格式');
  });

  it('says something a person understands when no problem came back (a proxy’s error page)', async () => {
    const problem = await problemOf(
      new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    expect(problem).toMatchObject({ status: 502, code: 'HTTP_502', message: '服务暂时不可用（HTTP 502），请稍后再试' });
  });

  it('names a downloaded file as the server does, Chinese names included', () => {
    expect(
      fileNameOf(
        `attachment; filename="failures.xlsx"; filename*=UTF-8''${encodeURIComponent('团员导入失败名单.xlsx')}`,
        'x.xlsx',
      ),
    ).toBe('团员导入失败名单.xlsx');
    expect(fileNameOf('attachment; filename="template.xlsx"', 'x.xlsx')).toBe('template.xlsx');
    expect(fileNameOf(null, '导入模板.xlsx')).toBe('导入模板.xlsx');
  });
});
