import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Progress, Result, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { orgQuery } from '../api/queries';
import type { ImportAccepted } from '../api/types';
import { useChildBranches } from '../api/useChildBranches';
import { downloadFile, uploadFile } from '../api/files';
import { ORG_TYPE } from '../ui/labels';
import { ProblemAlert } from '../ui/ProblemAlert';
import { QueryState } from '../ui/QueryState';

type Kind = 'members' | 'cadres';
const KIND: Record<Kind, string> = { members: '团员', cadres: '团干部' };
const STATUS: Record<string, { text: string; color: string }> = {
  queued: { text: '排队中', color: 'default' },
  running: { text: '导入中', color: 'processing' },
  completed: { text: '已完成', color: 'success' },
  failed: { text: '未导入', color: 'error' },
};
/** The server's limit (IMPORT_MAX_FILE_BYTES): checked here too, to spare a 20 MB upload that would be refused. */
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * 批量导入 — 团员管理—添加团员—导入模板下载—选择文件—上传: the template, the upload with its
 * progress, the job's progress while a worker imports it, the result in the FAQ's words and the
 * failures workbook to fix and upload again; the recent imports of the org.
 */
export function ImportPage() {
  const { orgId = '' } = useParams();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('members');
  const [branchId, setBranchId] = useState<string>();
  const [file, setFile] = useState<File>();
  const [uploaded, setUploaded] = useState(0);
  const [jobId, setJobId] = useState<string>();

  const org = useQuery(orgQuery(orgId));
  const isBranch = org.data?.type === 'branch';
  const branches = useChildBranches(orgId, !!org.data && !isBranch);
  const upload = useMutation({
    mutationFn: () => {
      const query = new URLSearchParams({ kind, ...(isBranch ? {} : { branchId: branchId! }) });
      return uploadFile<ImportAccepted>(`/api/v1/orgs/${orgId}/imports?${query}`, file!, setUploaded);
    },
    onSuccess: ({ jobId }) => {
      setJobId(jobId);
      setFile(undefined);
      void queryClient.invalidateQueries({ queryKey: ['imports', orgId] });
    },
  });
  const job = useQuery({
    queryKey: ['import', jobId],
    enabled: !!jobId,
    queryFn: () => unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id: jobId! } } })),
    refetchInterval: (q) => (q.state.data && ['completed', 'failed'].includes(q.state.data.status) ? false : 1000),
  });
  const recent = useQuery({
    queryKey: ['imports', orgId, job.data?.status],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/imports', { params: { path: { id: orgId }, query: { limit: '20' } } })),
  });
  const template = useMutation({
    mutationFn: (k: Kind) => downloadFile(`/api/v1/imports/template?kind=${k}`, `${KIND[k]}导入模板.xlsx`),
  });
  const failures = useMutation({ mutationFn: (url: string) => downloadFile(`/api/v1${url}`, '导入失败名单.xlsx') });
  const tooLarge = !!file && file.size > MAX_BYTES;

  return (
    <div className="page-stack">
      <Card title={<span>批量导入{org.data ? ` · ${org.data.name}（${ORG_TYPE[org.data.type]}）` : ''}</span>}>
        <QueryState loading={org.isPending} error={org.error} retry={() => void org.refetch()}>
          <Form layout="vertical" onFinish={() => upload.mutate()} disabled={upload.isPending}>
            <Form.Item label="导入类型">
              <Segmented<Kind>
                aria-label="导入类型"
                value={kind}
                options={[
                  { label: '团员', value: 'members' },
                  { label: '团干部', value: 'cadres' },
                ]}
                onChange={setKind}
              />
            </Form.Item>
            <Form.Item
              label="第一步：下载导入模板"
              extra="请使用最新模板填写，红色列为必填项；身份证号码、入团年月等列已设为文本格式。"
            >
              <Button icon={<DownloadOutlined />} loading={template.isPending} onClick={() => template.mutate(kind)}>
                下载{KIND[kind]}导入模板
              </Button>
            </Form.Item>
            {!isBranch ? (
              <Form.Item label="导入到团支部" required>
                <Select
                  aria-label="导入到团支部"
                  placeholder={branches.data?.length === 0 ? '该组织下暂无团支部' : '请选择团支部'}
                  loading={branches.isPending}
                  value={branchId}
                  onChange={setBranchId}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
                  style={{ maxWidth: 400 }}
                />
              </Form.Item>
            ) : null}
            <Form.Item label="第二步：选择文件" extra="仅支持 .xlsx 文件，不超过 20 MB；旧版 .xls 请在 Excel 中另存为 .xlsx。">
              <Upload.Dragger
                accept=".xlsx"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  upload.reset();
                  return false;
                }}
                onRemove={() => setFile(undefined)}
                fileList={file ? [{ uid: 'file', name: file.name, size: file.size, status: tooLarge ? 'error' : 'done' }] : []}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">点击或将文件拖到此处</p>
              </Upload.Dragger>
            </Form.Item>
            {tooLarge ? <Alert type="error" showIcon title="文件超过 20 MB，请拆分后分批导入" /> : null}
            <ProblemAlert error={upload.error} title="文件未能上传" />
            {upload.isPending ? <Progress percent={Math.round(uploaded * 100)} status="active" aria-label="上传进度" /> : null}
            <Button
              type="primary"
              htmlType="submit"
              loading={upload.isPending}
              disabled={!file || tooLarge || (!isBranch && !branchId)}
            >
              第三步：上传并导入
            </Button>
          </Form>
        </QueryState>
      </Card>

      {jobId ? (
        <Card title="本次导入">
          <QueryState loading={job.isPending} error={job.error} retry={() => void job.refetch()}>
            {job.data ? (
              <JobProgress job={job.data} onFailures={(url) => failures.mutate(url)} downloading={failures.isPending} />
            ) : null}
            <ProblemAlert error={failures.error} />
          </QueryState>
        </Card>
      ) : null}

      <Card title="导入记录">
        <QueryState loading={recent.isPending} error={recent.error} retry={() => void recent.refetch()}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={recent.data?.items ?? []}
            locale={{ emptyText: '暂无导入记录' }}
            columns={[
              { title: '文件名', dataIndex: 'fileName' },
              { title: '类型', dataIndex: 'kind', render: (k: Kind) => KIND[k] },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag>,
              },
              { title: '结果', render: (_, j) => j.summary ?? j.error?.message ?? '—' },
              { title: '上传时间', dataIndex: 'createdAt', render: (t: string) => new Date(t).toLocaleString('zh-CN') },
              {
                title: '失败名单',
                render: (_, j) =>
                  j.failuresUrl && j.failed > 0 ? (
                    <Button size="small" onClick={() => failures.mutate(j.failuresUrl!)}>
                      下载
                    </Button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </QueryState>
      </Card>
    </div>
  );
}

type Job = {
  status: string;
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
  summary: string | null;
  error: { message: string } | null;
  failuresUrl: string | null;
};

function JobProgress({ job, onFailures, downloading }: { job: Job; onFailures: (url: string) => void; downloading: boolean }) {
  if (job.status === 'failed')
    return <Result status="error" title="文件未导入" subTitle={job.error?.message ?? '文件无法读取'} />;
  if (job.status === 'completed')
    return (
      <Result
        status={job.failed > 0 ? 'warning' : 'success'}
        title={job.summary}
        extra={
          job.failed > 0 && job.failuresUrl ? (
            <Space orientation="vertical">
              <Typography.Text>请下载失败名单，按“失败原因”修改后重新上传。</Typography.Text>
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                loading={downloading}
                onClick={() => onFailures(job.failuresUrl!)}
              >
                下载失败名单
              </Button>
            </Space>
          ) : undefined
        }
      />
    );
  const percent = job.total ? Math.round((job.processed / job.total) * 100) : 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {job.status === 'queued' ? '排队中，马上开始…' : `正在导入：已处理 ${job.processed} / ${job.total ?? '?'} 行`}
      </Typography.Text>
      <Progress percent={percent} status="active" aria-label="导入进度" />
    </Space>
  );
}
