import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import type { Trunk, TrunkState } from '@hujiao/shared';
import { Button, Card, Select, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteTrunk, useTrunkStatus, useTrunks, useUpdateTrunk } from '../../api/pbx.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { TrunkFormDrawer } from './trunk-form-drawer.tsx';

const STATE_COLORS: Record<TrunkState, string> = {
  registered: 'green',
  registering: 'blue',
  failed: 'red',
  unregistered: 'default',
  online: 'green',
  offline: 'red',
  unknown: 'default',
};

/** 中继管理: the enterprise's SIP trunks with their live state (registration, or an IP trunk's keep-alive), pushed. */
export function TrunksPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('trunk:manage');
  const [keyword, setKeyword] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const paging = usePaging();
  const { data, isLoading } = useTrunks({ page: paging.page, pageSize: paging.pageSize, keyword, kind });
  const status = useTrunkStatus();
  const update = useUpdateTrunk();
  const remove = useDeleteTrunk();
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; trunk: Trunk | null }>({ open: false, trunk: null });
  const stateOf = (id: string) => status.data?.find((s) => s.trunkId === id);

  const columns: ColumnsType<Trunk> = [
    { title: t('trunk.name'), dataIndex: 'name' },
    { title: t('trunk.kind'), dataIndex: 'kind', render: (v: string) => t(`trunk.kinds.${v}`) },
    {
      title: t('trunk.address'),
      key: 'address',
      render: (_, r) => `${r.host}:${r.port} (${r.transport.toUpperCase()})`,
    },
    {
      title: t('trunk.registration'),
      key: 'registration',
      render: (_, r) => {
        const s = stateOf(r.id);
        const state = s?.state ?? 'unknown';
        return (
          <Tooltip title={s?.lastError ?? undefined}>
            <Tag color={STATE_COLORS[state]} data-testid={`trunk-state-${r.name}`}>
              {t(`trunk.states.${state}`)}
            </Tag>
          </Tooltip>
        );
      },
    },
    {
      title: t('trunk.maxCalls'),
      dataIndex: 'maxCalls',
      render: (v: number, r) => {
        const active = stateOf(r.id)?.activeCalls;
        const cap = v === 0 ? t('trunk.unlimited') : String(v);
        return active === null || active === undefined ? cap : `${active} / ${cap}`;
      },
    },
    { title: t('trunk.codecs'), dataIndex: 'codecs', render: (v: string[]) => v.join(', ') },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<Trunk>(t, (row) => [
        { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, trunk: row }) },
        {
          key: 'toggle',
          label: row.enabled ? t('common.disable') : t('common.enable'),
          confirm: { title: t(row.enabled ? 'common.confirmDisable' : 'common.confirmEnable', { name: row.name }) },
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
          confirm: confirmDelete(t, row.name, true),
          onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
        },
      ]),
    );
  }

  return (
    <Card
      title={t('trunk.title')}
      extra={
        <Tooltip title={t('trunk.autoRefresh')}>
          <SyncOutlined spin={status.isFetching} aria-label={t('trunk.autoRefresh')} />
        </Tooltip>
      }
    >
      <SearchBar
        placeholder={t('trunk.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, trunk: null })}>
              {t('trunk.create')}
            </Button>
          )
        }
      >
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('trunk.kind')}
          aria-label={t('trunk.kind')}
          value={kind}
          onChange={(v: string | undefined) => {
            setKind(v);
            paging.setPage(1);
          }}
          options={[
            { value: 'register', label: t('trunk.kinds.register') },
            { value: 'ip', label: t('trunk.kinds.ip') },
          ]}
        />
      </SearchBar>
      <DataTable<Trunk>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <TrunkFormDrawer
        open={drawer.open}
        trunk={drawer.trunk}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
    </Card>
  );
}
