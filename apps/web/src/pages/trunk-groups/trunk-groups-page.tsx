import { PlusOutlined } from '@ant-design/icons';
import { type TrunkGroup, trunkOrders } from '@hujiao/shared';
import { App, Button, Card, Form, Input, Select, Switch } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useCreateTrunkGroup,
  useDeleteTrunkGroup,
  useTrunkGroups,
  useTrunkOptions,
  useUpdateTrunkGroup,
} from '../../api/pbx.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { usePaging } from '../../utils/paging.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';

/** 智能中继: trunks tried in order, in turn (with memory), at random or least used first. */
export function TrunkGroupsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('trunk:manage');
  const [keyword, setKeyword] = useState('');
  const paging = usePaging();
  const { data, isLoading } = useTrunkGroups({ page: paging.page, pageSize: paging.pageSize, keyword });
  const trunks = useTrunkOptions();
  const remove = useDeleteTrunkGroup();
  const update = useUpdateTrunkGroup();
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; group: TrunkGroup | null }>({ open: false, group: null });
  const trunkName = (id: string) => trunks.data?.find((x) => x.id === id)?.name ?? id.slice(0, 8);

  const columns: ColumnsType<TrunkGroup> = [
    { title: t('trunkGroup.name'), dataIndex: 'name' },
    { title: t('trunkGroup.order'), dataIndex: 'order', render: (v: string) => t(`trunkGroup.orders.${v}`) },
    {
      title: t('trunkGroup.trunks'),
      dataIndex: 'trunkIds',
      render: (ids: string[]) => ids.map(trunkName).join(' → '),
    },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<TrunkGroup>(t, (row) => [
        { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, group: row }) },
        {
          key: 'toggle',
          label: row.enabled ? t('common.disable') : t('common.enable'),
          onClick: () =>
            update.mutate(
              { id: row.id, body: { enabled: !row.enabled } },
              feedback(row.enabled ? t('common.disabledDone') : t('common.enabledDone')),
            ),
        },
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
    <Card title={t('trunkGroup.title')}>
      <SearchBar
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, group: null })}>
              {t('trunkGroup.create')}
            </Button>
          )
        }
      />
      <DataTable<TrunkGroup>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <TrunkGroupDrawer
        open={drawer.open}
        group={drawer.group}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
    </Card>
  );
}

interface Values {
  name: string;
  order: TrunkGroup['order'];
  trunkIds: string[];
  enabled: boolean;
}

function TrunkGroupDrawer({ open, group, onClose }: { open: boolean; group: TrunkGroup | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const trunks = useTrunkOptions(open);
  const create = useCreateTrunkGroup();
  const update = useUpdateTrunkGroup();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (group) form.setFieldsValue(group);
  }, [open, group, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (group) await update.mutateAsync({ id: group.id, body: v });
      else await create.mutateAsync(v);
      void message.success(t(group ? 'common.saved' : 'common.created'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <FormDrawer
      title={group ? t('trunkGroup.edit') : t('trunkGroup.create')}
      open={open}
      onClose={onClose}
      size={480}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form form={form} layout="vertical" name="trunkGroup" initialValues={{ order: 'sequential', enabled: true }}>
        <Form.Item name="name" label={t('trunkGroup.name')} rules={rules.text(t('trunkGroup.name'), 60)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="order" label={t('trunkGroup.order')} tooltip={t('trunkGroup.orderHint')}>
          <Select options={trunkOrders.map((o) => ({ value: o, label: t(`trunkGroup.orders.${o}`) }))} />
        </Form.Item>
        <Form.Item
          name="trunkIds"
          label={t('trunkGroup.trunks')}
          tooltip={t('trunkGroup.trunksHint')}
          rules={[rules.requiredSelect(t('trunkGroup.trunks'))]}
        >
          <Select
            mode="multiple"
            loading={trunks.isLoading}
            options={(trunks.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
          <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
