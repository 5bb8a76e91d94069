import { PlusOutlined } from '@ant-design/icons';
import type { User } from '@hujiao/shared';
import { App, Button, Card, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { useDeleteUser, useResetUserPassword, useUnlockUser, useUpdateUser, useUsers } from '../../api/resources.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { PasswordModal } from '../../components/password-modal.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { UserFilters, type UserFilterValues } from './user-filters.tsx';
import { UserFormDrawer } from './user-form-drawer.tsx';

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [keyword, setKeyword] = useState('');
  const [filters, setFilters] = useState<UserFilterValues>({});
  const paging = usePaging();
  const { data, isFetching } = useUsers({ page: paging.page, pageSize: paging.pageSize, keyword, ...filters });
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const resetPassword = useResetUserPassword();
  const unlock = useUnlockUser();
  const [drawer, setDrawer] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [resetting, setResetting] = useState<User | null>(null);
  const mayUpdate = can('user:update');
  const { data: me } = useMe();
  const feedback = useMutationFeedback();
  const names = useSeededNames();

  const columns: ColumnsType<User> = [
    { title: t('user.agentNo'), dataIndex: 'agentNo', render: (v: string | null) => v || '-' },
    { title: t('user.name'), dataIndex: 'name', render: (v: string) => names.person(v) },
    { title: t('user.username'), dataIndex: 'username', render: (v: string | null) => v || '-' },
    {
      title: t('user.agentType'),
      dataIndex: 'agentType',
      render: (v: User['agentType']) =>
        v ? <Tag color={v === 'teamLeader' ? 'purple' : 'blue'}>{t(`user.agentTypes.${v}`)}</Tag> : '-',
    },
    { title: t('user.mobile'), dataIndex: 'mobile', render: (v: string | null) => v || '-' },
    { title: t('user.department'), dataIndex: 'departmentName', render: (v: string | null) => v || '-' },
    { title: t('user.team'), dataIndex: 'teamName', render: (v: string | null) => v || '-' },
    {
      title: t('user.roles'),
      dataIndex: 'roleNames',
      render: (v: string[], row) =>
        v.length ? v.map((name, i) => <Tag key={name}>{names.role(name, row.roleCodes[i])}</Tag>) : '-',
    },
    {
      title: t('user.status'),
      key: 'status',
      render: (_, row) => (
        <Space size={4}>
          <StatusTag enabled={row.enabled} />
          {row.locked && <Tag color="red">{t('user.locked')}</Tag>}
        </Space>
      ),
    },
    { title: t('user.lastLoginAt'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatTime(v) },
    actionsColumn<User>(t, (row) => [
      { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, user: row }), hidden: !mayUpdate },
      { key: 'reset', label: t('user.resetPassword'), onClick: () => setResetting(row), hidden: !mayUpdate },
      {
        key: 'unlock',
        label: t('user.unlock'),
        onClick: () => unlock.mutate({ id: row.id, body: {} }, feedback(t('user.unlocked'))),
        hidden: !mayUpdate || !row.locked,
      },
      {
        key: 'toggle',
        label: row.enabled ? t('common.disable') : t('common.enable'),
        confirm: { title: t(row.enabled ? 'common.confirmDisable' : 'common.confirmEnable', { name: row.name }) },
        onClick: () =>
          update.mutate(
            { id: row.id, body: { enabled: !row.enabled } },
            feedback(row.enabled ? t('common.disabledDone') : t('common.enabledDone')),
          ),
        hidden: !mayUpdate || row.id === me?.id,
      },
      {
        key: 'delete',
        label: t('common.delete'),
        danger: true,
        confirm: confirmDelete(t, row.name, true),
        onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
        hidden: !can('user:delete') || row.id === me?.id,
      },
    ]),
  ];

  return (
    <Card title={t('user.title')}>
      <SearchBar
        placeholder={t('user.keywordPlaceholder')}
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          can('user:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, user: null })}>
              {t('user.create')}
            </Button>
          )
        }
      >
        <UserFilters
          value={filters}
          onChange={(next) => {
            setFilters(next);
            paging.setPage(1);
          }}
        />
      </SearchBar>
      <DataTable<User>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <UserFormDrawer open={drawer.open} user={drawer.user} onClose={() => setDrawer((d) => ({ ...d, open: false }))} />
      <PasswordModal
        title={`${t('user.resetPassword')} - ${resetting?.name ?? ''}`}
        open={resetting !== null}
        loading={resetPassword.isPending}
        onCancel={() => setResetting(null)}
        onSubmit={async (password) => {
          if (!resetting) return;
          await resetPassword.mutateAsync({ id: resetting.id, body: { password } });
          void message.success(t('user.passwordReset'));
          setResetting(null);
        }}
      />
    </Card>
  );
}
