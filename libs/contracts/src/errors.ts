/**
 * Every error code the system answers with, its HTTP status and its message in Chinese (shown
 * first) and English (on `Accept-Language: en`). Messages may hold `{name}` placeholders filled
 * from the error's params. Codes are stable: clients branch on them, never on the text.
 */
export const errorCodes = {
  // request shape
  VALIDATION_FAILED: { status: 400, zh: '请求内容有误，请检查后重试', en: 'The request has invalid fields' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: '不支持的内容类型，请使用 {expected}',
    en: 'Unsupported content type; use {expected}',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大（上限 {limit}）', en: 'The request body is too large (limit {limit})' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The data was changed by someone else; reload and retry' },
  // authentication and authority
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; sign in again' },
  TOKEN_INVALID: { status: 401, zh: '登录凭证无效，请重新登录', en: 'The access token is invalid; sign in again' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  FORBIDDEN_ORG_SCOPE: {
    status: 403,
    zh: '只能管理本级及直属下级团组织',
    en: 'You can only manage your own organisation and its direct children',
  },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '首次登录请先修改密码', en: 'Change your initial password first' },
  // identity
  ID_NUMBER_INVALID: {
    status: 400,
    zh: '身份证号码格式或校验位不正确',
    en: 'The resident ID number is malformed or its check digit is wrong',
  },
  ID_NUMBER_LEGACY: {
    status: 400,
    zh: '不支持15位旧身份证号码，请使用18位身份证号码',
    en: '15-digit legacy ID numbers are not accepted; use the 18-digit number',
  },
  CAPTCHA_INVALID: { status: 400, zh: '验证码错误或已过期', en: 'The verification code is wrong or has expired' },
  INVALID_CREDENTIALS: { status: 401, zh: '身份证号码或密码错误', en: 'Wrong ID number or password' },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    zh: '尝试次数过多，请 {retryAfter} 秒后再试',
    en: 'Too many attempts; retry in {retryAfter} s',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; slow down' },
  PASSWORD_POLICY: {
    status: 400,
    zh: '密码至少8位，须同时包含字母和数字，且不能与初始密码相同',
    en: 'Passwords need 8+ characters with letters and digits, and must differ from the initial password',
  },
  RESET_CODE_INVALID: { status: 400, zh: '重置码错误或已失效', en: 'The reset code is wrong or no longer valid' },
  REFRESH_TOKEN_INVALID: { status: 401, zh: '刷新凭证无效，请重新登录', en: 'The refresh token is invalid; sign in again' },
  REGISTRATION_CODE_MISMATCH: {
    status: 400,
    zh: '您所填写的管理员注册码不是{orgName}的注册码',
    en: 'The registration code you entered is not the code of {orgName}',
  },
  REGISTRATION_CODE_USED: { status: 400, zh: '该管理员注册码已被使用', en: 'This registration code has already been used' },
  REGISTRATION_CODE_EXPIRED: {
    status: 400,
    zh: '该管理员注册码已过期，请联系上级组织重新生成',
    en: 'This registration code has expired; ask the superior organisation for a new one',
  },
  // organisations
  ORG_NOT_FOUND: { status: 404, zh: '团组织不存在', en: 'The organisation does not exist' },
  SECRETARY_VERIFICATION_FAILED: {
    status: 422,
    zh: '书记信息校验未通过。可先录入副书记信息完成组织信息，之后再变更书记',
    en: 'The secretary could not be verified. Enter the deputy secretary first and change the secretary later',
  },
  SECRETARY_NAME_INVALID: {
    status: 422,
    zh: '姓名应为2至20个汉字，少数民族姓名可用间隔号“·”分隔',
    en: 'The name must be 2 to 20 Chinese characters; minority names may use the separator “·”',
  },
  ORG_NOT_ACTIVE: { status: 422, zh: '团组织“{orgName}”已撤销', en: 'The organisation “{orgName}” has been dissolved' },
  ORG_NAME_TAKEN: {
    status: 409,
    zh: '同一上级组织下已有名为“{name}”的团组织',
    en: 'The superior organisation already has a child named “{name}”',
  },
  ORG_BRANCH_IS_LEAF: { status: 422, zh: '团支部下不能设立下级组织', en: 'A branch cannot have child organisations' },
  ORG_CHILD_TYPE_NOT_ALLOWED: {
    status: 422,
    zh: '{parentType}下不能设立{childType}',
    en: 'A {parentType} cannot have a {childType} as a child',
  },
  ORG_DEPTH_EXCEEDED: {
    status: 422,
    zh: '组织层级已达上限（{maxDepth}级），不能再设立下级组织',
    en: 'The tree is at its maximum depth ({maxDepth}); no further levels',
  },
  ORG_HAS_CHILDREN: {
    status: 422,
    zh: '该组织仍有下级组织，不能{action}',
    en: 'The organisation still has child organisations, so it cannot {action}',
  },
  ORG_HAS_MEMBERS: {
    status: 422,
    zh: '该团支部仍有团员，不能{action}，请先将团员转出',
    en: 'The branch still has members, so it cannot {action}; transfer them out first',
  },
  ROOT_ORG_IMMUTABLE: {
    status: 403,
    zh: '最上级团组织没有上级管理员，不能通过此接口{action}',
    en: 'The root organisation has no superior admin and cannot {action} here',
  },
  CHANGE_REQUEST_NOT_FOUND: { status: 404, zh: '变更申请不存在', en: 'No such change request' },
  CHANGE_REQUEST_DECIDED: {
    status: 409,
    zh: '该变更申请已处理（{status}），不能重复审批',
    en: 'This change request has already been decided ({status})',
  },
  CHANGE_REQUEST_STALE: {
    status: 409,
    zh: '申请提交后以下信息已被修改：{fields}。请驳回该申请，由申请人按最新信息重新提交',
    en: 'These fields changed after the request was made: {fields}. Reject it and ask for a new request on the current data',
  },
  // members
  MEMBER_NOT_FOUND: { status: 404, zh: '未找到该团员', en: 'No such member' },
  MEMBER_NOT_IN_BRANCH: { status: 422, zh: '团员的组织关系只能在团支部', en: 'Members can only belong to a branch' },
  MEMBER_ALREADY_EXISTS: { status: 409, zh: '该身份证号码的团员已存在', en: 'A member with this ID number already exists' },
  // transfers
  TRANSFER_ALREADY_OPEN: { status: 409, zh: '该团员已有未完成的组织关系转接', en: 'This member already has an open transfer' },
  // operations
  SERVICE_UNAVAILABLE: {
    status: 503,
    zh: '{service} 服务暂时不可用，请稍后再试',
    en: 'The {service} service is unavailable; retry later',
  },
  TIMEOUT: { status: 504, zh: '{service} 服务响应超时', en: 'The {service} service timed out' },
  INTERNAL: { status: 500, zh: '系统内部错误，请稍后再试', en: 'Internal error; retry later' },
} as const satisfies Record<string, ErrorDefinition>;

export interface ErrorDefinition {
  status: number;
  zh: string;
  en: string;
}

export type ErrorCode = keyof typeof errorCodes;
export type Locale = 'zh' | 'en';

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function renderErrorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const template: string = errorCodes[code][locale];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** `Accept-Language: en-US,en;q=0.9` → 'en'; anything else (or nothing) → 'zh'. */
export function localeFromAcceptLanguage(header: string | undefined | null): Locale {
  if (!header) return 'zh';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
