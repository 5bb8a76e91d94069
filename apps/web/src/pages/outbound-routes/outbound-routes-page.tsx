import { PlusOutlined } from '@ant-design/icons';
import type { OutboundRoute } from '@hujiao/shared';
import { Button, Card, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useDeleteOutboundRoute,
  useOutboundRoutes,
  useReorderRoutes,
  useTrunkGroupOptions,
  useTrunkOptions,
  useUpdateOutboundRoute,
} from '../../api/pbx.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { moved } from '../inbound-routes/inbound-routes-page.tsx';
import { CallClassesTab } from './call-classes-tab.tsx';
import { FraudLimitsTab } from './fraud-limits-tab.tsx';
import { OutboundRouteDrawer } from './outbound-route-drawer.tsx';
import { RefusedCallsTab } from './refused-calls-tab.tsx';

const patternText = (p: OutboundRoute['dialPatterns'][number]) =>
  `${p.prepend ? `${p.prepend}+` : ''}${p.prefix ? `${p.prefix}|` : ''}${p.match}`;

/** 呼出路由, with the extensions' 呼叫权限 and the enterprise's 防盗打 limits in tabs. */
export function OutboundRoutesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('routing:manage');
  return (
    <Card title={t('outboundRoute.title')}>
      <Tabs
        items={[
          { key: 'routes', label: t('outboundRoute.tab'), children: <RoutesTab mayManage={mayManage} /> },
          { key: 'classes', label: t('callClass.tab'), children: <CallClassesTab mayManage={mayManage} /> },
          { key: 'fraud', label: t('fraud.tab'), children: <FraudLimitsTab mayManage={mayManage} /> },
          { key: 'refused', label: t('refused.tab'), children: <RefusedCallsTab /> },
        ]}
      />
    </Card>
  );
}

function RoutesTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const paging = usePaging(100);
  const { data, isLoading } = useOutboundRoutes({ page: paging.page, pageSize: paging.pageSize, keyword });
  const trunks = useTrunkOptions();
  const groups = useTrunkGroupOptions();
  const update = useUpdateOutboundRoute();
  const remove = useDeleteOutboundRoute();
  const reorder = useReorderRoutes('outbound-routes');
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; route: OutboundRoute | null }>({ open: false, route: null });
  const rows = data?.items ?? [];
  const trunkName = (id: string) => trunks.data?.find((x) => x.id === id)?.name ?? id.slice(0, 8);
  const columns: ColumnsType<OutboundRoute> = [
    { title: t('route.priority'), dataIndex: 'priority', width: 80 },
    { title: t('route.name'), dataIndex: 'name' },
    {
      title: t('outboundRoute.dialPatterns'),
      dataIndex: 'dialPatterns',
      render: (p: OutboundRoute['dialPatterns']) => p.map(patternText).join(', '),
    },
    {
      title: t('outboundRoute.trunks'),
      key: 'trunks',
      render: (_, r) => {
        if (!r.trunkGroupId)
          return `${r.trunkIds.map(trunkName).join(' → ')} (${t(`trunkGroup.orders.${r.trunkOrder}`)})`;
        const group = groups.data?.find((g) => g.id === r.trunkGroupId);
        return `${t('trunkGroup.title')}:${group?.name ?? r.trunkGroupId.slice(0, 8)}`;
      },
    },
    {
      title: t('outboundRoute.callerId'),
      key: 'callerId',
      render: (_, r) =>
        r.callerIdMode === 'fixed'
          ? r.callerId
          : r.callerIdMode === 'pool'
            ? `${t('outboundRoute.callerIdModes.pool')} (${r.callerIdPool.length})`
            : t('outboundRoute.callerIdModes.extension'),
    },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<OutboundRoute>(t, (row) => {
        const i = rows.findIndex((r) => r.id === row.id);
        return [
          { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, route: row }) },
          {
            key: 'up',
            label: t('route.moveUp'),
            disabled: i <= 0,
            onClick: () => reorder.mutate(moved(rows, i, -1), feedback(t('common.saved'))),
          },
          {
            key: 'down',
            label: t('route.moveDown'),
            disabled: i >= rows.length - 1,
            onClick: () => reorder.mutate(moved(rows, i, 1), feedback(t('common.saved'))),
          },
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
        ];
      }),
    );
  }
  return (
    <>
      <SearchBar
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, route: null })}>
              {t('outboundRoute.create')}
            </Button>
          )
        }
      />
      <DataTable<OutboundRoute>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <OutboundRouteDrawer
        open={drawer.open}
        route={drawer.route}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
    </>
  );
}
