import type { Rule } from 'antd/es/form';
import { parseIdNumber, type IdNumberProblem } from '@zhtj/id-number';

// Form rules that say in the page what the server would say: the same ID number check (libs/id-number)
// and the same password policy (identity's PASSWORD_POLICY). The server checks again; these only
// spare a round trip.

const ID_PROBLEMS: Record<IdNumberProblem, string> = {
  EMPTY: '请输入身份证号码',
  FORMAT: '身份证号码应为18位，最后一位可为X',
  LEGACY_15_DIGITS: '不支持15位旧身份证号码，请使用18位号码',
  REGION: '身份证号码的地区码不正确',
  BIRTH_DATE: '身份证号码中的出生日期不正确',
  CHECKSUM: '身份证号码校验位不正确，请核对',
};

export const idNumberRules: Rule[] = [
  { required: true, message: '请输入身份证号码' },
  {
    validator: async (_rule, value: string | undefined) => {
      if (!value) return;
      const parsed = parseIdNumber(value.trim());
      if (!parsed.ok) throw new Error(ID_PROBLEMS[parsed.problem]);
    },
  },
];

/** At least 8 characters with letters and digits (the server also refuses the initial password). */
export const newPasswordRules: Rule[] = [
  { required: true, message: '请输入新密码' },
  {
    validator: async (_rule, value: string | undefined) => {
      if (!value) return;
      if (value.length < 8 || !/[A-Za-z]/.test(value) || !/\d/.test(value)) throw new Error('密码至少8位，须同时包含字母和数字');
    },
  },
];

/** The repeated new password: the same as the `newPassword` field. */
export const confirmPasswordRules: Rule[] = [
  { required: true, message: '请再次输入新密码' },
  ({ getFieldValue }) => ({
    validator: async (_rule, value: string | undefined) => {
      if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的密码不一致');
    },
  }),
];

/**
 * An org's contact phone: a mobile number, or a landline with its area code and an optional
 * extension — the pattern of libs/contracts' `contactPhone` (test/forms.test.ts holds them together).
 */
export const CONTACT_PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;
export const contactPhoneRules: Rule[] = [{ pattern: CONTACT_PHONE, message: '请输入手机号码或带区号的固定电话' }];

/** An org's name: 2–50 characters (the server also refuses control and invisible characters). */
export const orgNameRules: Rule[] = [
  { required: true, whitespace: true, message: '请输入组织名称' },
  { min: 2, max: 50, message: '组织名称为2至50个字' },
];

/**
 * The words of the transfer reason 其他: at least 10 characters besides the spaces around them,
 * counted as transfer's checkReason counts them (trimmed, by character, not by UTF-16 unit).
 */
export const transferReasonTextRules: Rule[] = [
  {
    required: true,
    validator: async (_rule, value: string | undefined) => {
      if (Array.from(value?.trim() ?? '').length < 10) throw new Error('请填写具体原因（至少10个字）');
    },
  },
];
