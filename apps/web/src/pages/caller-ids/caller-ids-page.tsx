import { PlusOutlined } from '@ant-design/icons';
import { type CallerIdView, callerIdStatuses } from '@hujiao/shared';
import { Alert, App, Button, Card, Form, Input, Select } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallerIds, useCreateCallerId, useDeleteCallerId, useUpdateCallerId } from '../../api/pbx.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { makeRules, nullIfEmpty } from '../../utils/rules.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { CallerIdStatusTag } from './caller-id-status-tag.tsx';
import { VoiceVerification } from './voice-verification.tsx';

const NUMBER = /^\+?\d{3,20}$/;

/** 主叫号码: the enterprise's numbers; only verified ones can be display numbers of outbound routes. */
export function CallerIdsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('callerId:manage');
  const [keyword, setKeyword] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const paging = usePaging();
  const { data, isLoading } = useCallerIds({ page: paging.page, pageSize: paging.pageSize, keyword, status });
  const remove = useDeleteCallerId();
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; item: CallerIdView | null }>({ open: false, item: null });
  const [verifying, setVerifying] = useState<CallerIdView | null>(null);
  const columns: ColumnsType<CallerIdView> = [
    { title: t('callerId.number'), dataIndex: 'number' },
    { title: t('callerId.region'), dataIndex: 'region', render: (v: string | null) => v || '-' },
    {
      title: t('callerId.status'),
      dataIndex: 'status',
      render: (v: string, r) => <CallerIdStatusTag status={v} comment={r.reviewComment} />,
    },
    {
      title: t('callerId.verifiedBy'),
      dataIndex: 'verifiedBy',
      render: (v: string | null) => (v ? t(`callerId.verifiers.${v}`) : '-'),
    },
    { title: t('callerId.reviewComment'), dataIndex: 'reviewComment', render: (v: string | null) => v || '-' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<CallerIdView>(t, (row) => [
        {
          key: 'voice',
          label: t('callerId.voiceVerify'),
          hidden: row.status === 'verified',
          onClick: () => setVerifying(row),
        },
        { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, item: row }) },
        {
          key: 'delete',
          label: t('common.delete'),
          danger: true,
          confirm: confirmDelete(t, row.number),
          onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
        },
      ]),
    );
  }
  return (
    <Card title={t('callerId.title')}>
      <Alert type="info" showIcon message={t('callerId.hint')} style={{ marginBottom: 16 }} />
      <SearchBar
        placeholder={t('callerId.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, item: null })}>
              {t('callerId.create')}
            </Button>
          )
        }
      >
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('callerId.status')}
          aria-label={t('callerId.status')}
          value={status}
          onChange={(v: string | undefined) => {
            setStatus(v);
            paging.setPage(1);
          }}
          options={callerIdStatuses.map((s) => ({ value: s, label: t(`callerId.statuses.${s}`) }))}
        />
      </SearchBar>
      <DataTable<CallerIdView>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <VoiceVerification item={verifying} onClose={() => setVerifying(null)} />
      <CallerIdDrawer open={drawer.open} item={drawer.item} onClose={() => setDrawer((d) => ({ ...d, open: false }))} />
    </Card>
  );
}

function CallerIdDrawer({ open, item, onClose }: { open: boolean; item: CallerIdView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<{ number: string; region?: string }>();
  const create = useCreateCallerId();
  const update = useUpdateCallerId();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) form.setFieldsValue({ number: item.number, region: item.region ?? '' });
  }, [open, item, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const body = { number: v.number.trim(), region: nullIfEmpty(v.region) };
    try {
      if (item) await update.mutateAsync({ id: item.id, body });
      else await create.mutateAsync(body);
      void message.success(t(item ? 'common.saved' : 'callerId.submitted'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <FormDrawer
      title={item ? t('callerId.edit') : t('callerId.create')}
      open={open}
      onClose={onClose}
      size={420}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form form={form} layout="vertical" name="callerId">
        <Form.Item
          name="number"
          label={t('callerId.number')}
          tooltip={t('callerId.numberHint')}
          rules={[rules.required(t('callerId.number')), { pattern: NUMBER, message: t('validation.callerId') }]}
        >
          <Input autoComplete="off" inputMode="tel" placeholder="075512345678" />
        </Form.Item>
        <Form.Item
          name="region"
          label={t('callerId.region')}
          tooltip={t('callerId.regionHint')}
          rules={[rules.max(t('callerId.region'), 40)]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
