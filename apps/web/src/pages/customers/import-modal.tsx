import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportColumnMap, ImportJob, ImportPreview } from '@hujiao/shared';
import type { UploadFile } from 'antd';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importTemplateUrl, useImportErrors, useImportJob, useStartImport } from '../../api/crm.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { AgentSelect } from './agent-select.tsx';
import { importErrorReportUrl, useImportPreview, useStartUploadedImport } from './import-api.ts';
import { ImportColumnsPanel } from './import-columns-panel.tsx';

interface Values {
  file: UploadFile[];
  dedup: 'skip' | 'update' | 'keepBoth';
  blacklist: 'flag' | 'skip';
  batch?: string;
  ownerId?: string | null;
  publicPool?: boolean;
}

interface Props {
  open: boolean;
  onClose: () => void;
  /** Show the imported batch in the list. */
  onShowBatch: (batch: string) => void;
}

const finished = (job: ImportJob | undefined) => job?.status === 'succeeded' || job?.status === 'failed';

/** 导入客户: template, file, dedup policy, batch; then a progress bar polling the job, totals and the error report. */
export function ImportModal({ open, onClose, onShowBatch }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const can = useCan();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartImport();
  const startUploaded = useStartUploadedImport();
  const previewFile = useImportPreview();
  // The chosen file as the server read it (its columns), and what to do with the columns that match no field.
  const [preview, setPreview] = useState<{ file: File; data: ImportPreview } | null>(null);
  const [columns, setColumns] = useState<ImportColumnMap>({});
  const job = useImportJob(jobId);
  const done = finished(job.data);
  const errors = useImportErrors(jobId, done && (job.data?.failed ?? 0) > 0);

  const reset = () => {
    setJobId(null);
    setPreview(null);
    setColumns({});
    form.resetFields();
  };
  const choose = (file: File | undefined) => {
    setPreview(null);
    setColumns({});
    if (!file) return;
    previewFile.mutate(file, {
      onSuccess: (data) => setPreview({ file, data }),
      onError: (err) => onError(err, form),
    });
  };
  const close = () => {
    reset();
    onClose();
  };
  const submit = async () => {
    const v = await form.validateFields();
    const file = v.file[0]?.originFileObj;
    if (!file) return;
    const options = {
      dedup: v.dedup,
      blacklist: v.blacklist,
      batch: v.batch?.trim() || undefined,
      ownerId: v.ownerId ?? undefined,
      publicPool: v.publicPool,
    };
    try {
      // A previewed file is on the server already: only the options and the column choices go up.
      const created =
        preview?.file === file
          ? await startUploaded.mutateAsync({ ...options, uploadId: preview.data.uploadId, columns })
          : await start.mutateAsync({ ...options, file });
      setJobId(created.id);
    } catch (err) {
      onError(err, form);
    }
  };

  const j = job.data;
  const percent = j ? (done ? 100 : j.total > 0 ? Math.min(99, Math.floor((j.processed / j.total) * 100)) : 0) : 0;
  const footer = jobId
    ? [
        <Button key="again" onClick={reset} disabled={!done}>
          {t('customerImport.again')}
        </Button>,
        <Button key="close" type="primary" onClick={close}>
          {t('customerImport.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={close}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="start"
          type="primary"
          loading={start.isPending || startUploaded.isPending}
          disabled={previewFile.isPending}
          onClick={() => void submit().catch(() => undefined)}
        >
          {t('customerImport.start')}
        </Button>,
      ];

  return (
    <Modal
      title={t('customerImport.title')}
      open={open}
      onCancel={close}
      footer={footer}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      {!jobId && (
        <Form
          form={form}
          layout="vertical"
          name="customer-import"
          initialValues={{ dedup: 'skip', blacklist: 'flag', file: [] }}
        >
          <Space style={{ marginBottom: 16 }}>
            <Typography.Text>{t('customerImport.template')}:</Typography.Text>
            <Button
              icon={<DownloadOutlined />}
              href={importTemplateUrl('csv')}
              download
              data-testid="import-template-csv"
            >
              {t('customerImport.templateCsv')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={importTemplateUrl('xlsx')}
              download
              data-testid="import-template-xlsx"
            >
              {t('customerImport.templateXlsx')}
            </Button>
          </Space>
          <Form.Item
            name="file"
            label={t('customerImport.file')}
            extra={t('customerImport.fileHint')}
            valuePropName="fileList"
            getValueFromEvent={(e: { fileList: UploadFile[] }) => {
              const list = e.fileList.slice(-1);
              choose(list[0]?.originFileObj);
              return list;
            }}
            rules={[
              {
                validator: (_r, v: UploadFile[] | undefined) =>
                  v?.length ? Promise.resolve() : Promise.reject(new Error(t('customerImport.fileRequired'))),
              },
            ]}
          >
            <Upload accept=".csv,.xlsx,text/csv" maxCount={1} beforeUpload={() => false} data-testid="import-file">
              <Button icon={<UploadOutlined />} loading={previewFile.isPending}>
                {t('customerImport.chooseFile')}
              </Button>
            </Upload>
          </Form.Item>
          {preview && (
            <div style={{ marginBottom: 16 }}>
              <ImportColumnsPanel preview={preview.data} value={columns} onChange={setColumns} />
            </div>
          )}
          <Form.Item name="dedup" label={t('customerImport.dedup')}>
            <Select
              options={(['skip', 'update', 'keepBoth'] as const).map((v) => ({
                value: v,
                label: t(`customerImport.dedupOptions.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="blacklist" label={t('customerImport.blacklist')}>
            <Select
              options={(['flag', 'skip'] as const).map((v) => ({
                value: v,
                label: t(`customerImport.blacklistOptions.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="batch" label={t('customerImport.batch')} rules={[rules.max(t('customerImport.batch'), 60)]}>
            <Input placeholder={t('customerImport.batchPlaceholder')} autoComplete="off" />
          </Form.Item>
          {can('customer:assign') && (
            <Form.Item name="ownerId" label={t('customerImport.owner')}>
              <AgentSelect placeholder={t('customerImport.ownerPlaceholder')} />
            </Form.Item>
          )}
          <Form.Item name="publicPool" valuePropName="checked">
            <Checkbox>{t('customerImport.publicPool')}</Checkbox>
          </Form.Item>
        </Form>
      )}
      {jobId && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <div>
            <Typography.Text>
              {t('customerImport.progress')}: {j ? t(`customerImport.status.${j.status}`) : t('common.loading')}
            </Typography.Text>
            <Progress
              data-testid="import-progress"
              percent={percent}
              status={j?.status === 'failed' ? 'exception' : done ? 'success' : 'active'}
            />
            {j && (
              <Typography.Text type="secondary">
                {t('customerImport.processed', { processed: j.processed, total: j.total })}
              </Typography.Text>
            )}
          </div>
          {j?.error && <Alert type="error" showIcon title={j.error} />}
          {j && j.ignoredColumns.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="import-ignored-columns"
              title={t('customerImport.ignoredColumns', {
                columns: j.ignoredColumns.join(t('customerImport.listSeparator')),
              })}
            />
          )}
          {j && done && (
            <div data-testid="import-result">
              <Space size="large" wrap>
                <Statistic
                  title={t('customerImport.success')}
                  value={j.created + j.updated}
                  styles={{ content: { color: '#3f8600' } }}
                />
                <Statistic
                  title={t('customerImport.failed')}
                  value={j.failed}
                  styles={{ content: { color: j.failed ? '#cf1322' : undefined } }}
                />
                <Statistic title={t('customerImport.created')} value={j.created} />
                <Statistic title={t('customerImport.updated')} value={j.updated} />
                <Statistic title={t('customerImport.skipped')} value={j.skipped} />
                <Statistic title={t('customerImport.flagged')} value={j.flagged} />
              </Space>
              <div style={{ marginTop: 8 }}>
                <Space wrap>
                  <Typography.Text type="secondary">
                    {t('customerImport.batchDone', { batch: j.batch })}
                  </Typography.Text>
                  <Button
                    type="link"
                    onClick={() => {
                      onShowBatch(j.batch);
                      void message.success(t('customerImport.batchDone', { batch: j.batch }));
                      close();
                    }}
                  >
                    {t('customerImport.viewBatch')}
                  </Button>
                  {(j.failed > 0 || j.skipped > 0) && (
                    <>
                      <a href={importErrorReportUrl(j.id, 'csv')} download data-testid="import-errors">
                        <DownloadOutlined /> {t('customerImport.downloadErrors')}
                      </a>
                      <a href={importErrorReportUrl(j.id, 'xlsx')} download data-testid="import-errors-xlsx">
                        <DownloadOutlined /> {t('customerImport.downloadErrorsXlsx')}
                      </a>
                    </>
                  )}
                </Space>
              </div>
            </div>
          )}
          {errors.data && errors.data.items.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.code}`}
              title={() => t('customerImport.errorsTitle', { count: Math.min(10, errors.data.items.length) })}
              dataSource={errors.data.items.slice(0, 10)}
              pagination={false}
              columns={[
                { title: t('customerImport.row'), dataIndex: 'row', width: 64 },
                {
                  title: t('customerImport.original'),
                  dataIndex: 'cells',
                  ellipsis: true,
                  render: (cells: string[]) => cells.join(' | '),
                },
                { title: t('customerImport.reason'), dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
