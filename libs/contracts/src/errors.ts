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
  TEXT_CONTROL_CHARACTER: {
    status: 400,
    zh: '含有不允许的控制字符（如空字符），请删除后重试',
    en: 'Contains a control character (such as NUL); remove it and retry',
  },
  TEXT_INVALID_UNICODE: { status: 400, zh: '含有无法识别的字符编码', en: 'Is not valid Unicode text' },
  TEXT_INVISIBLE_CHARACTER: {
    status: 400,
    zh: '名称中含有不可见字符（如零宽字符、文字方向控制符），请删除后重试',
    en: 'The name contains an invisible character (zero-width or direction control); remove it and retry',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大（上限 {limit}）', en: 'The request body is too large (limit {limit})' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The data was changed by someone else; reload and retry' },
  // authentication and authority
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; sign in again' },
  TOKEN_INVALID: { status: 401, zh: '登录凭证无效，请重新登录', en: 'The access token is invalid; sign in again' },
  TOKEN_REVOKED: {
    status: 401,
    zh: '登录状态已失效（已退出登录或权限已变更），请刷新或重新登录',
    en: 'The access token was revoked (signed out, or your authority changed); refresh or sign in again',
  },
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
  ACCOUNT_NOT_READY: {
    status: 409,
    zh: '该团员的账号正在生成，请稍后再试',
    en: 'The member’s account is still being created; try again shortly',
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
  // person fields (field codes in `errors`, and row codes of an import)
  REQUIRED: { status: 400, zh: '必填项未填写', en: 'This field is required' },
  PERSON_NAME_INVALID: {
    status: 400,
    zh: '姓名应为2至20个汉字，少数民族姓名可用间隔号“·”分隔',
    en: 'The name must be 2 to 20 Chinese characters; minority names may use the separator “·”',
  },
  ETHNICITY_INVALID: { status: 400, zh: '民族应填写56个民族之一，如“汉族”', en: 'Ethnicity must be one of the 56, e.g. 汉族' },
  POLITICAL_STATUS_INVALID: {
    status: 400,
    zh: '政治面貌应为共青团员、中共预备党员或中共党员',
    en: 'Political status must be 共青团员, 中共预备党员 or 中共党员',
  },
  JOINED_AT_INVALID: {
    status: 400,
    zh: '入团年月应为“2015-05”的格式，且不能晚于当前月份',
    en: 'The joining month must look like 2015-05 and not lie in the future',
  },
  JOINED_TOO_YOUNG: {
    status: 400,
    zh: '入团时年龄不符合要求：2017年起入团须年满13周岁，此前须年满12周岁',
    en: 'Too young when joining: 13 for joins from 2017, 12 before',
  },
  DEVELOPMENT_NUMBER_REQUIRED: {
    status: 400,
    zh: '2017年及以后入团的团员须填写发展团员编号',
    en: 'Members who joined from 2017 on need a development number',
  },
  DEVELOPMENT_NUMBER_INVALID: {
    status: 400,
    zh: '发展团员编号应为12位数字，前4位为入团年份（2017、2018年入团的可为其中任一年份）',
    en: 'The development number has 12 digits starting with the joining year (2017 and 2018 joins may use either year)',
  },
  DEVELOPMENT_NUMBER_TAKEN: { status: 409, zh: '该发展团员编号已被使用', en: 'This development number is already in use' },
  EDUCATION_INVALID: { status: 400, zh: '学历不在可选范围内', en: 'The education level is not one of the listed values' },
  OCCUPATION_INVALID: { status: 400, zh: '职业不在可选范围内', en: 'The occupation is not one of the listed values' },
  PHONE_INVALID: { status: 400, zh: '手机号码应为11位数字', en: 'The mobile number must have 11 digits' },
  TEXT_TOO_LONG: { status: 400, zh: '内容过长', en: 'The text is too long' },
  ID_NUMBER_PRECISION_LOST: {
    status: 400,
    zh: '导入表格格式错误：身份证号码被Excel存成了数字，后几位已丢失。请将该列设置为“文本”格式后重新填写',
    en: 'Excel stored the ID number as a number and lost digits; format the column as text and enter it again',
  },
  DUPLICATE_IN_FILE: { status: 400, zh: '与文件中其他行的身份证号码重复', en: 'Another row of the file has the same ID number' },
  CADRE_POSITION_INVALID: { status: 400, zh: '团内现任职务不在可选范围内', en: 'The position is not one of the listed values' },
  CADRE_NATURE_INVALID: { status: 400, zh: '团干部性质应为专职、兼职或挂职', en: 'The cadre type must be 专职, 兼职 or 挂职' },
  POSITION_SINCE_INVALID: {
    status: 400,
    zh: '任现职年月应为“2020-09”的格式，且不能晚于当前月份',
    en: 'The month in office must look like 2020-09 and not lie in the future',
  },
  // members
  MEMBER_NOT_FOUND: { status: 404, zh: '未找到该团员', en: 'No such member' },
  ID_NUMBER_NOT_EDITABLE: {
    status: 400,
    zh: '身份证号码不能修改；如填写有误，请删除该团员后重新添加',
    en: 'The ID number cannot be edited; remove the member and add them again',
  },
  MEMBER_TRANSFERRING: {
    status: 409,
    zh: '该团员正在办理组织关系转接，暂不能进行此操作',
    en: 'The member has an open transfer; this has to wait',
  },
  CADRE_NOT_FOUND: { status: 404, zh: '未找到该团干部任职记录', en: 'No such cadre position' },
  MEMBER_NOT_IN_BRANCH: { status: 422, zh: '团员的组织关系只能在团支部', en: 'Members can only belong to a branch' },
  MEMBER_ALREADY_EXISTS: { status: 409, zh: '该身份证号码的团员已存在', en: 'A member with this ID number already exists' },
  // transfers
  TRANSFER_ALREADY_OPEN: { status: 409, zh: '该团员已有未完成的组织关系转接', en: 'This member already has an open transfer' },
  TRANSFER_NOT_FOUND: { status: 404, zh: '未找到该组织关系转接申请', en: 'No such transfer' },
  MESSAGE_NOT_FOUND: { status: 404, zh: '未找到该消息', en: 'No such message' },
  TRANSFER_SAME_BRANCH: {
    status: 422,
    zh: '团员的组织关系已在该团支部，无需转接',
    en: 'The member already belongs to that branch',
  },
  TRANSFER_REASON_INVALID: {
    status: 400,
    zh: '请选择转接原因；选择“其他”时须填写不少于10个字的说明',
    en: 'Pick a reason; “other” needs an explanation of at least 10 characters',
  },
  TRANSFER_NOT_PENDING: {
    status: 409,
    zh: '该转接申请当前状态为“{status}”，不能进行此操作',
    en: 'The transfer is {status}; this is not possible now',
  },
  TRANSFER_BRANCH_NOT_UNDER_TARGET: {
    status: 422,
    zh: '只能分配到本组织下属的团支部',
    en: 'Assign the member to an active branch under the approving organisation',
  },
  TRANSFER_COMMENT_REQUIRED: { status: 400, zh: '驳回时请填写原因', en: 'Give a reason when rejecting' },
  // import
  IMPORT_FILE_REQUIRED: {
    status: 400,
    zh: '请选择要上传的 Excel 文件（表单字段 file）',
    en: 'Attach the Excel file as the multipart field "file"',
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    zh: '文件过大：单个文件不能超过 {limit}，请拆分后分别导入',
    en: 'The file is too large (limit {limit}); split it and import the parts',
  },
  IMPORT_NOT_XLSX: {
    status: 415,
    zh: '文件不是有效的 Excel（.xlsx）文件，请使用下载的模板填写后上传',
    en: 'The file is not a readable .xlsx workbook; fill in the downloaded template and upload it',
  },
  IMPORT_XLS_NOT_SUPPORTED: {
    status: 415,
    zh: '不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后上传',
    en: 'Old .xls workbooks are not supported; save the file as .xlsx in Excel and upload that',
  },
  IMPORT_FILE_SUSPICIOUS: {
    status: 422,
    zh: '文件解压后过大（{size}），疑似损坏，请重新保存后上传',
    en: 'The workbook expands to {size}; it looks damaged — save it again and upload that',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 422,
    zh: '文件行数过多：单次最多导入 {limit} 行，请拆分后分别导入',
    en: 'Too many rows: at most {limit} per import; split the file',
  },
  IMPORT_EMPTY: {
    status: 422,
    zh: '文件中没有可导入的数据：请从第2行起按表头填写',
    en: 'The file holds no rows to import; fill them in from row 2 under the header',
  },
  IMPORT_HEADER_MISMATCH: {
    status: 422,
    zh: '表头与模板不一致（{columns}），请下载最新模板，按模板表头填写后上传',
    en: 'The header row does not match the template ({columns}); download the current template and use its header',
  },
  IMPORT_TEMPLATE_MIXED: {
    status: 422,
    zh: '团员导入模板与团干部导入模板不能混用：该文件是{actual}模板，请按{expected}导入',
    en: 'Member and cadre templates must not be mixed: this file is the {actual} template, not the {expected} one',
  },
  IMPORT_TEMPLATE_OUTDATED: {
    status: 422,
    zh: '模板版本已过期（{version}），请下载最新模板重新填写',
    en: 'The template is an older version ({version}); download the current one',
  },
  IMPORT_MERGED_CELLS: {
    status: 422,
    zh: '表格中有合并单元格（{ranges}），请取消合并、每行填写完整后再导入',
    en: 'The sheet has merged cells ({ranges}); unmerge them and fill in every row',
  },
  IMPORT_BRANCH_REQUIRED: {
    status: 422,
    zh: '只能导入到团支部：请选择本组织下要导入的团支部（branchId）',
    en: "Imports go into a branch: choose one of this organisation's branches (branchId)",
  },
  IMPORT_INTERRUPTED: {
    status: 503,
    zh: '导入多次中断未能完成：已导入的团员保留，请稍后重新上传（已导入的行会提示已存在）',
    en: 'The import was interrupted too often; rows already imported stay — upload the file again later',
  },
  IMPORT_JOB_NOT_FOUND: { status: 404, zh: '导入任务不存在', en: 'No such import job' },
  IMPORT_NOT_FINISHED: {
    status: 409,
    zh: '导入尚未完成，完成后可下载失败名单',
    en: 'The import has not finished; the failure list is ready when it has',
  },
  // operations
  SERVICE_UNAVAILABLE: {
    status: 503,
    zh: '{service} 服务暂时不可用，请稍后再试',
    en: 'The {service} service is unavailable; retry later',
  },
  SERVICE_BUSY: {
    status: 503,
    zh: '{service} 服务繁忙，请稍后再试',
    en: 'The {service} service is busy; retry shortly',
  },
  TIMEOUT: { status: 504, zh: '{service} 服务响应超时', en: 'The {service} service timed out' },
  UPSTREAM_REPLY_INVALID: {
    status: 502,
    zh: '{service} 服务返回的数据无法识别，请稍后再试',
    en: 'The {service} service answered in a form the gateway cannot read; retry later',
  },
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
