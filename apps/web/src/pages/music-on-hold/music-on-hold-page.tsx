import { PlusOutlined } from '@ant-design/icons';
import type { MohClass, VoiceFile } from '@hujiao/shared';
import { Alert, App, Button, Card, Form, Input, Select, Space, Switch, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useCreateMohClass,
  useDeleteMohClass,
  useMohClasses,
  useUpdateMohClass,
  useVoiceFiles,
} from '../../api/voice-files.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { formatMs, VoiceFileStatusTag } from '../voice-files/voice-file-tags.tsx';

/** 保持音乐: the enterprise's music-on-hold classes, each approved voice files in a loop, one the default. */
export function MusicOnHoldPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { data, isLoading } = useMohClasses();
  const remove = useDeleteMohClass();
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; item: MohClass | null }>({ open: false, item: null });
  const mayManage = can('musicOnHold:manage');

  const columns: ColumnsType<MohClass> = [
    {
      title: t('musicOnHold.name'),
      dataIndex: 'name',
      render: (v: string, row) => (
        <Space size={4}>
          <span data-testid={`moh-class-${v}`}>{v}</span>
          {row.isDefault && <Tag color="blue">{t('musicOnHold.defaultTag')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('musicOnHold.files'),
      key: 'files',
      render: (_, row) =>
        row.files.length === 0 ? (
          <Tag>{t('musicOnHold.builtin')}</Tag>
        ) : (
          <Space size={4} wrap>
            {row.files.map((f, i) => (
              <span key={f.id}>
                {i + 1}. {f.name} ({formatMs(f.durationMs)})
                {f.status !== 'approved' && <VoiceFileStatusTag status={f.status} />}
              </span>
            ))}
          </Space>
        ),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<MohClass>(t, (row) => [
        { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, item: row }) },
        {
          key: 'delete',
          label: t('common.delete'),
          danger: true,
          confirm: confirmDelete(t, row.name),
          onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
        },
      ]),
    );
  }

  return (
    <Card
      title={t('musicOnHold.title')}
      extra={
        mayManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, item: null })}>
            {t('musicOnHold.create')}
          </Button>
        )
      }
    >
      <Alert type="info" showIcon message={t('musicOnHold.hint')} style={{ marginBottom: 16 }} />
      <DataTable<MohClass> rowKey="id" columns={columns} dataSource={data} loading={isLoading} pagination={false} />
      <MohClassDrawer open={drawer.open} item={drawer.item} onClose={() => setDrawer((d) => ({ ...d, open: false }))} />
    </Card>
  );
}

interface Values {
  name: string;
  isDefault: boolean;
  fileIds: string[];
}

function MohClassDrawer({ open, item, onClose }: { open: boolean; item: MohClass | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateMohClass();
  const update = useUpdateMohClass();
  const onError = useApiError();
  const approved = useVoiceFiles({ page: 1, pageSize: 100, status: 'approved' });
  const options = (approved.data?.items ?? []).map((f: VoiceFile) => ({
    value: f.id,
    label: `${f.name} (${formatMs(f.durationMs)})`,
  }));
  const save = async () => {
    const values = await form.validateFields();
    try {
      if (item) await update.mutateAsync({ id: item.id, body: values });
      else await create.mutateAsync(values);
      void message.success(t('common.saved'));
      onClose();
    } catch (err) {
      onError(err, form);
      throw err;
    }
  };
  return (
    <FormDrawer
      title={item ? t('musicOnHold.edit') : t('musicOnHold.create')}
      open={open}
      onClose={onClose}
      size={520}
      onSave={save}
      saving={create.isPending || update.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          item
            ? { name: item.name, isDefault: item.isDefault, fileIds: item.fileIds }
            : { isDefault: false, fileIds: [] }
        }
      >
        <Form.Item name="name" label={t('musicOnHold.name')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="isDefault" label={t('musicOnHold.isDefault')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="fileIds" label={t('musicOnHold.files')} extra={t('musicOnHold.filesHint')}>
          <Select mode="multiple" options={options} loading={approved.isLoading} optionFilterProp="label" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
