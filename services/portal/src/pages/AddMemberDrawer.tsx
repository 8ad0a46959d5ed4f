import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Form, Input, Select, Space } from 'antd';
import { EDUCATION_LEVELS, ETHNICITIES, OCCUPATIONS, POLITICAL_STATUSES } from '@zhtj/contracts/member-fields';
import { api, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import { idNumberRules } from '../forms/rules';
import { ProblemAlert } from '../ui/ProblemAlert';

interface MemberForm {
  name: string;
  idNumber: string;
  ethnicity: string;
  politicalStatus: string;
  joinedAt: string;
  developmentNumber?: string;
  educationFullTime?: string;
  educationHighest?: string;
  occupation?: string;
  employer?: string;
  phone?: string;
}

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/**
 * 添加团员 — one member by hand. The page checks what it can (the ID number, the forms of dates
 * and phones); the server checks the rest (the joining age, development numbers, a number already
 * in the system) and its answer is shown at the field it names.
 */
export function AddMemberDrawer({ branchId, open, onClose }: { branchId: string; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<MemberForm>();
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (v: MemberForm) => {
      const optional = (value?: string) => (value?.trim() ? value.trim() : null);
      return unwrap(
        api.POST('/api/v1/orgs/{id}/members', {
          params: { path: { id: branchId } },
          body: {
            name: v.name.trim(),
            idNumber: v.idNumber.trim().toUpperCase(),
            ethnicity: v.ethnicity,
            politicalStatus: v.politicalStatus,
            joinedAt: v.joinedAt.trim(),
            developmentNumber: optional(v.developmentNumber),
            educationFullTime: optional(v.educationFullTime),
            educationHighest: optional(v.educationHighest),
            occupation: optional(v.occupation),
            employer: optional(v.employer),
            phone: optional(v.phone),
          },
        }),
      );
    },
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      onClose();
    },
    onError: (error) => {
      // The server names each bad field: show its message under that field.
      if (error instanceof ApiProblem && error.errors.length > 0)
        form.setFields(error.errors.map((e) => ({ name: e.path as keyof MemberForm, errors: [e.message] })));
    },
  });
  const fieldErrors = add.error instanceof ApiProblem && add.error.errors.length > 0;
  return (
    <Drawer
      title="添加团员"
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={add.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {add.error && !fieldErrors ? <ProblemAlert error={add.error} /> : null}
      <Form<MemberForm>
        form={form}
        layout="vertical"
        onFinish={(v) => add.mutate(v)}
        disabled={add.isPending}
        initialValues={{ ethnicity: '汉族', politicalStatus: '共青团员' }}
      >
        <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item label="身份证号码" name="idNumber" rules={idNumberRules} validateTrigger="onBlur">
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item label="民族" name="ethnicity" rules={[{ required: true, message: '请选择民族' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options(ETHNICITIES)} />
        </Form.Item>
        <Form.Item label="政治面貌" name="politicalStatus" rules={[{ required: true, message: '请选择政治面貌' }]}>
          <Select options={options(POLITICAL_STATUSES)} />
        </Form.Item>
        <Form.Item
          label="入团年月"
          name="joinedAt"
          rules={[
            { required: true, message: '请输入入团年月' },
            { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '请按“2019-05”的格式填写' },
          ]}
        >
          <Input placeholder="如 2019-05" maxLength={7} />
        </Form.Item>
        <Form.Item
          label="发展团员编号"
          name="developmentNumber"
          extra="2017年起入团的团员必填：12位数字，前4位为入团年份"
          rules={[{ pattern: /^\d{12}$/, message: '发展团员编号为12位数字' }]}
        >
          <Input maxLength={12} />
        </Form.Item>
        <Form.Item label="全日制学历" name="educationFullTime">
          <Select allowClear options={options(EDUCATION_LEVELS)} />
        </Form.Item>
        <Form.Item label="最高学历" name="educationHighest">
          <Select allowClear options={options(EDUCATION_LEVELS)} />
        </Form.Item>
        <Form.Item label="职业" name="occupation">
          <Select allowClear options={options(OCCUPATIONS)} />
        </Form.Item>
        <Form.Item label="工作单位或就读学校" name="employer">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="手机号码" name="phone" rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请输入11位手机号码' }]}>
          <Input maxLength={11} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
