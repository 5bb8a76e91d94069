import { PlusOutlined } from '@ant-design/icons';
import type { Opportunity } from '@hujiao/shared';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDictionary } from '../../api/crm.ts';
import {
  useCreateOpportunity,
  useDeleteOpportunity,
  useOpportunities,
  useUpdateOpportunity,
} from '../../api/crm-activity.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteLink } from '../../components/delete-link.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { makeRules, nullIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';

interface Values {
  name: string;
  amount?: number | null;
  stage: string;
  expectedCloseDate?: Dayjs | null;
  remark?: string;
}

/** 业务机会 of one customer: list, add, edit, delete. */
export function OpportunitiesTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const can = useCan();
  const paging = usePaging(10);
  const stages = useDictionary('opportunityStage');
  const { data, isFetching } = useOpportunities({ page: paging.page, pageSize: paging.pageSize, customerId });
  const create = useCreateOpportunity();
  const update = useUpdateOpportunity();
  const remove = useDeleteOpportunity();
  const [editing, setEditing] = useState<{ open: boolean; item: Opportunity | null }>({ open: false, item: null });
  const [form] = Form.useForm<Values>();
  const mayManage = can('opportunity:manage');

  useEffect(() => {
    if (!editing.open) return;
    form.resetFields();
    const o = editing.item;
    if (o)
      form.setFieldsValue({
        name: o.name,
        amount: o.amount,
        stage: o.stage,
        expectedCloseDate: o.expectedCloseDate ? dayjs(o.expectedCloseDate) : null,
        remark: o.remark ?? '',
      });
    else if (stages.options[0]) form.setFieldValue('stage', stages.options[0].value);
  }, [editing, form, stages.options]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name.trim(),
      amount: v.amount ?? null,
      stage: v.stage,
      expectedCloseDate: v.expectedCloseDate ? v.expectedCloseDate.format('YYYY-MM-DD') : null,
      remark: nullIfEmpty(v.remark),
    };
    try {
      if (editing.item) await update.mutateAsync({ id: editing.item.id, body });
      else await create.mutateAsync({ ...body, customerId });
      void message.success(t('common.saved'));
      setEditing({ open: false, item: null });
    } catch (err) {
      onError(err, form);
    }
  };

  const columns: ColumnsType<Opportunity> = [
    { title: t('opportunity.name'), dataIndex: 'name' },
    {
      title: t('opportunity.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (v: number | null) => (v === null ? '-' : v.toFixed(2)),
    },
    { title: t('opportunity.stage'), dataIndex: 'stage', render: (v: string) => stages.label(v) },
    {
      title: t('opportunity.expectedCloseDate'),
      dataIndex: 'expectedCloseDate',
      render: (v: string | null) => v || '-',
    },
    { title: t('opportunity.owner'), dataIndex: 'ownerName', render: (v: string | null) => names.person(v) },
    { title: t('opportunity.remark'), dataIndex: 'remark', render: (v: string | null) => v || '-' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (mayManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setEditing({ open: true, item: row })}>
            {t('common.edit')}
          </Button>
          <DeleteLink name={row.name} onConfirm={() => remove.mutate(row.id, { onError: (e) => onError(e) })} />
        </Space>
      ),
    });
  }

  return (
    <>
      {mayManage && (
        <div className="page-toolbar">
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ open: true, item: null })}>
            {t('opportunity.create')}
          </Button>
        </div>
      )}
      <DataTable<Opportunity>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <Modal
        title={editing.item ? t('opportunity.edit') : t('opportunity.create')}
        open={editing.open}
        onCancel={() => setEditing({ open: false, item: null })}
        onOk={() => void submit().catch(() => undefined)}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="opportunity">
          <Form.Item name="name" label={t('opportunity.name')} rules={rules.text(t('opportunity.name'), 120)}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="stage" label={t('opportunity.stage')} rules={[rules.requiredSelect(t('opportunity.stage'))]}>
            <Select options={stages.options} />
          </Form.Item>
          <Form.Item name="amount" label={t('opportunity.amount')}>
            <InputNumber min={0} max={1e12} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="expectedCloseDate" label={t('opportunity.expectedCloseDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="remark" label={t('opportunity.remark')} rules={[rules.max(t('opportunity.remark'), 2000)]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
