import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import type { Extension } from '@hujiao/shared';
import { Button, Card, Select, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteExtension, useExtensions, useUpdateExtension } from '../../api/telephony.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { CallForwardingDrawer } from './call-forwarding-drawer.tsx';
import { ExtensionFormDrawer } from './extension-form-drawer.tsx';
import { RegistrationTag } from './registration-tag.tsx';
import { type CreatedExtension, ExtensionCreatedModal, SipSettingsAlert } from './sip-settings.tsx';

/** 分机管理: SIP extensions with their live registration status (re-read every 5 s). */
export function ExtensionsPage() {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const [keyword, setKeyword] = useState('');
  const [registered, setRegistered] = useState<string | undefined>();
  const paging = usePaging();
  const { data, isLoading, isFetching, isPlaceholderData } = useExtensions({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    registered,
  });
  const update = useUpdateExtension();
  const remove = useDeleteExtension();
  const [drawer, setDrawer] = useState<{ open: boolean; extension: Extension | null }>({
    open: false,
    extension: null,
  });
  const [created, setCreated] = useState<CreatedExtension | null>(null);
  const [forwarding, setForwarding] = useState<Extension | null>(null);
  const mayManage = can('extension:manage');
  const feedback = useMutationFeedback();

  const columns: ColumnsType<Extension> = [
    {
      title: t('extension.number'),
      dataIndex: 'number',
      render: (v: string) => <span data-testid={`extension-${v}`}>{v}</span>,
    },
    { title: t('extension.displayName'), dataIndex: 'displayName', render: (v: string | null) => v || '-' },
    { title: t('extension.callerId'), dataIndex: 'callerId', render: (v: string | null) => v || '-' },
    { title: t('extension.user'), dataIndex: 'userName', render: (v: string | null) => names.person(v) },
    {
      title: t('extension.registration'),
      key: 'registration',
      render: (_, row) => <RegistrationTag extension={row} />,
    },
    { title: t('extension.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<Extension>(t, (row) => [
        { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, extension: row }) },
        {
          key: 'forwarding',
          label: t('extension.forwarding'),
          testId: `forwarding-${row.number}`,
          onClick: () => setForwarding(row),
        },
        {
          key: 'toggle',
          label: row.enabled ? t('common.disable') : t('common.enable'),
          confirm: { title: t(row.enabled ? 'common.confirmDisable' : 'common.confirmEnable', { name: row.number }) },
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
          confirm: confirmDelete(t, row.number, true),
          onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
        },
      ]),
    );
  }

  return (
    <Card
      title={t('extension.title')}
      extra={
        <Tooltip title={t('extension.autoRefresh')}>
          <SyncOutlined spin={isFetching} aria-label={t('extension.autoRefresh')} />
        </Tooltip>
      }
    >
      <SipSettingsAlert />
      <SearchBar
        placeholder={t('extension.keywordPlaceholder')}
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, extension: null })}>
              {t('extension.create')}
            </Button>
          )
        }
      >
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('extension.registration')}
          aria-label={t('extension.registration')}
          value={registered}
          onChange={(v: string | undefined) => {
            setRegistered(v);
            paging.setPage(1);
          }}
          options={[
            { value: 'true', label: t('extension.online') },
            { value: 'false', label: t('extension.offline') },
          ]}
        />
      </SearchBar>
      <DataTable<Extension>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading || (isFetching && isPlaceholderData)}
        pagination={paging.pagination(data?.total, t)}
      />
      <ExtensionFormDrawer
        open={drawer.open}
        extension={drawer.extension}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
        onCreated={setCreated}
      />
      <ExtensionCreatedModal created={created} onClose={() => setCreated(null)} />
      <CallForwardingDrawer extension={forwarding} onClose={() => setForwarding(null)} />
    </Card>
  );
}
