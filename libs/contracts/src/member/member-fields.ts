/**
 * The enumerated columns of the member record (and of the import template's dropdowns): one list
 * each, used by membership's validation and import's template alike.
 */

/** The 56 ethnic groups, in the order of GB 3304. */
export const ETHNICITIES = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;

export const POLITICAL_STATUSES = ['共青团员', '中共预备党员', '中共党员'] as const;

export const EDUCATION_LEVELS = [
  '小学及以下',
  '初中',
  '高中',
  '中等职业教育',
  '大学专科',
  '大学本科',
  '硕士研究生',
  '博士研究生',
] as const;

export const OCCUPATIONS = [
  '学生',
  '机关事业单位工作人员',
  '国有企业职工',
  '非公有制企业职工',
  '社会组织从业人员',
  '农民',
  '进城务工人员',
  '自由职业者',
  '军人',
  '待业',
  '其他',
] as const;

export const CADRE_POSITIONS = ['书记', '副书记', '组织委员', '宣传委员', '文体委员', '委员', '其他'] as const;
export const CADRE_NATURES = ['专职', '兼职', '挂职'] as const;

export type Ethnicity = (typeof ETHNICITIES)[number];
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export type Occupation = (typeof OCCUPATIONS)[number];
export type CadrePosition = (typeof CADRE_POSITIONS)[number];
export type CadreNature = (typeof CADRE_NATURES)[number];

/**
 * The fields a member's info change may touch: everything but the ID number, which keys the
 * account. (Here, with no schema library, so that the portal's form uses the same list.)
 */
export const EDITABLE_MEMBER_FIELDS = [
  'name',
  'ethnicity',
  'politicalStatus',
  'joinedAt',
  'developmentNumber',
  'educationFullTime',
  'educationHighest',
  'occupation',
  'employer',
  'phone',
] as const;
export type EditableMemberField = (typeof EDITABLE_MEMBER_FIELDS)[number];

/** What each editable field is called, as the import template's headers and every page name it. */
export const MEMBER_FIELD_LABELS: Record<EditableMemberField, string> = {
  name: '姓名',
  ethnicity: '民族',
  politicalStatus: '政治面貌',
  joinedAt: '入团年月',
  developmentNumber: '发展团员编号',
  educationFullTime: '全日制学历',
  educationHighest: '最高学历',
  occupation: '职业',
  employer: '学习工作单位',
  phone: '手机号码',
};
