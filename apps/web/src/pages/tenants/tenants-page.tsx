import { PlusOutlined } from '@ant-design/icons';
import type { Tenant } from '@hujiao/shared';
import { App, Button, Card, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteTenant, useResetAdminPassword, useTenants, useUpdateTenant } from '../../api/resources.ts';
import { actionsColumn, DataTable } from '../../components/data-table.tsx';
import { PasswordModal } from '../../components/password-modal.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { fitWidth } from '../../utils/fit-width.ts';
import { usePaging } from '../../utils/paging.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { TenantFormModal } from './tenant-form-modal.tsx';

export function TenantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const onError = useApiError();
  const feedback = useMutationFeedback();
  const names = useSeededNames();
  const [keyword, setKeyword] = useState('');
  const [enabled, setEnabled] = useState<string | undefined>();
  const paging = usePaging();
  const { data, isFetching } = useTenants({ page: paging.page, pageSize: paging.pageSize, keyword, enabled });
  const update = useUpdateTenant();
  const remove = useDeleteTenant();
  const resetPassword = useResetAdminPassword();
  const [editing, setEditing] = useState<Tenant | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [resetting, setResetting] = useState<Tenant | null>(null);

  const openForm = (row: Tenant | null) => {
    setEditing(row);
    setFormOpen(true);
  };
  const toggle = (row: Tenant) =>
    update.mutate(
      { id: row.id, body: { enabled: !row.enabled } },
      {
        onSuccess: () => void message.success(row.enabled ? t('common.disabledDone') : t('common.enabledDone')),
        onError: (err) => onError(err),
      },
    );
  const onDelete = (row: Tenant) => remove.mutate(row.id, feedback(t('common.deleted')));

  const columns: ColumnsType<Tenant> = [
    { title: t('tenant.account'), dataIndex: 'account' },
    {
      title: t('tenant.name'),
      dataIndex: 'name',
      render: (_: string, row) => (
        <Space>
          {names.tenant(row)}
          {row.isPlatform && <Tag color="gold">{t('tenant.platform')}</Tag>}
        </Space>
      ),
    },
    { title: t('tenant.contactName'), dataIndex: 'contactName', render: (v: string | null) => v || '-' },
    { title: t('tenant.contactPhone'), dataIndex: 'contactPhone', render: (v: string | null) => v || '-' },
    { title: t('tenant.maxAgents'), dataIndex: 'maxAgents' },
    { title: t('tenant.userCount'), dataIndex: 'userCount' },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    actionsColumn<Tenant>(t, (row) => [
      {
        key: 'edit',
        label: t('common.edit'),
        onClick: () => openForm(row),
        hidden: row.isPlatform || !can('tenant:update'),
      },
      {
        key: 'toggle',
        label: row.enabled ? t('common.disable') : t('common.enable'),
        confirm: { title: t(row.enabled ? 'common.confirmDisable' : 'common.confirmEnable', { name: row.name }) },
        onClick: () => toggle(row),
        hidden: row.isPlatform || !can('tenant:update'),
      },
      {
        key: 'reset',
        label: t('tenant.resetAdminPassword'),
        onClick: () => setResetting(row),
        hidden: row.isPlatform || !can('tenant:update'),
      },
      {
        key: 'delete',
        label: t('common.delete'),
        danger: true,
        confirm: {
          title: t('common.confirmDelete', { name: row.name }),
          description: row.enabled ? t('tenant.deleteHint') : t('common.irreversible'),
        },
        onClick: () => onDelete(row),
        hidden: row.isPlatform || !can('tenant:delete'),
      },
    ]),
  ];

  return (
    <Card title={t('tenant.title')}>
      <SearchBar
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          can('tenant:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm(null)}>
              {t('tenant.create')}
            </Button>
          )
        }
      >
        <Select
          allowClear
          style={{ width: fitWidth(t('tenant.enabledFilter'), 140) }}
          placeholder={t('tenant.enabledFilter')}
          aria-label={t('tenant.enabledFilter')}
          value={enabled}
          onChange={(v: string | undefined) => {
            setEnabled(v);
            paging.setPage(1);
          }}
          options={[
            { value: 'true', label: t('common.enabled') },
            { value: 'false', label: t('common.disabled') },
          ]}
        />
      </SearchBar>
      <DataTable<Tenant>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <TenantFormModal open={formOpen} tenant={editing} onClose={() => setFormOpen(false)} />
      <PasswordModal
        title={`${t('tenant.resetAdminPassword')} - ${resetting?.name ?? ''}`}
        open={resetting !== null}
        loading={resetPassword.isPending}
        onCancel={() => setResetting(null)}
        onSubmit={async (password) => {
          if (!resetting) return;
          await resetPassword.mutateAsync({ id: resetting.id, body: { password } });
          void message.success(t('tenant.passwordReset'));
          setResetting(null);
        }}
      />
    </Card>
  );
}
