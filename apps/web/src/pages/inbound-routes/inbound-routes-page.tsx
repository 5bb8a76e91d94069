import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import type { InboundRoute } from '@hujiao/shared';
import { App, Button, Card, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { useOptions } from '../../api/crud.ts';
import {
  useCreateInboundRoute,
  useDeleteInboundRoute,
  useInboundRoutes,
  useReorderRoutes,
  useTimeGroupOptions,
  useUpdateInboundRoute,
} from '../../api/pbx.ts';
import { useQueueOptions } from '../../api/queues.ts';
import { useMohClasses } from '../../api/voice-files.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { usePaging } from '../../utils/paging.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { DestinationFields } from './destination-fields.tsx';
import { cleanDestination, describeDestination } from './destination-value.ts';

/** Same rule as the server's dial patterns (packages/shared/src/pbx.ts). */
export const DIAL_PATTERN = /^_?(?:[0-9*#+XZNxzn]|\[(?:[0-9](?:-[0-9])?)+\])*[.!]?$/;

/** Moves a row one place up or down in a priority-ordered list (the server renumbers 10, 20, …). */
export function moved<T extends { id: string }>(rows: T[], index: number, by: -1 | 1): string[] {
  const ids = rows.map((r) => r.id);
  const to = index + by;
  if (to < 0 || to >= ids.length) return ids;
  [ids[index], ids[to]] = [ids[to] as string, ids[index] as string];
  return ids;
}

/** 呼入路由: by DID and caller, lowest priority first; a time group chooses the open or the closed destination. */
export function InboundRoutesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('routing:manage');
  const [keyword, setKeyword] = useState('');
  const paging = usePaging(100);
  const { data, isLoading } = useInboundRoutes({ page: paging.page, pageSize: paging.pageSize, keyword });
  const timeGroups = useTimeGroupOptions();
  const update = useUpdateInboundRoute();
  const remove = useDeleteInboundRoute();
  const reorder = useReorderRoutes('inbound-routes');
  const feedback = useMutationFeedback();
  const [drawer, setDrawer] = useState<{ open: boolean; route: InboundRoute | null }>({ open: false, route: null });
  const rows = data?.items ?? [];
  const tgName = (id: string | null | undefined) =>
    id ? (timeGroups.data?.find((g) => g.id === id)?.name ?? '-') : '-';
  // Names of the queues and IVR menus the routes lead to (their modules' permissions may be absent).
  const queues = useQueueOptions(can('queue:view'));
  const menus = useOptions<{ id: string; name: string }>('ivr', can('ivr:view'));
  const targetName = (id: string) => [...(queues.data ?? []), ...(menus.data ?? [])].find((x) => x.id === id)?.name;

  const columns: ColumnsType<InboundRoute> = [
    { title: t('route.priority'), dataIndex: 'priority', width: 80 },
    { title: t('route.name'), dataIndex: 'name' },
    { title: t('inboundRoute.did'), dataIndex: 'didPattern', render: (v: string) => v || t('inboundRoute.anyDid') },
    {
      title: t('inboundRoute.caller'),
      dataIndex: 'callerPattern',
      render: (v: string | undefined) => v || t('inboundRoute.anyCaller'),
    },
    { title: t('route.timeGroup'), dataIndex: 'timeGroupId', render: (v: string | null) => tgName(v) },
    {
      title: t('inboundRoute.destination'),
      dataIndex: 'destination',
      render: (d: InboundRoute['destination']) => describeDestination(d, t, targetName),
    },
    {
      title: t('inboundRoute.closedDestination'),
      dataIndex: 'closedDestination',
      render: (d: InboundRoute['closedDestination']) => describeDestination(d, t, targetName),
    },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<InboundRoute>(t, (row) => {
        const i = rows.findIndex((r) => r.id === row.id);
        return [
          { key: 'edit', label: t('common.edit'), onClick: () => setDrawer({ open: true, route: row }) },
          {
            key: 'up',
            label: (
              <>
                <ArrowUpOutlined /> {t('route.moveUp')}
              </>
            ),
            disabled: i <= 0,
            onClick: () => reorder.mutate(moved(rows, i, -1), feedback(t('common.saved'))),
          },
          {
            key: 'down',
            label: (
              <>
                <ArrowDownOutlined /> {t('route.moveDown')}
              </>
            ),
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
    <Card title={t('inboundRoute.title')}>
      <SearchBar
        placeholder={t('inboundRoute.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, route: null })}>
              {t('inboundRoute.create')}
            </Button>
          )
        }
      />
      <DataTable<InboundRoute>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
      <InboundRouteDrawer
        open={drawer.open}
        route={drawer.route}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
    </Card>
  );
}

interface Values {
  name: string;
  priority: number;
  didPattern?: string;
  callerPattern?: string;
  timeGroupId?: string | null;
  destination: Record<string, unknown>;
  closedDestination?: Record<string, unknown> | null;
  mohClassId?: string | null;
  enabled: boolean;
}

function InboundRouteDrawer({
  open,
  route,
  onClose,
}: {
  open: boolean;
  route: InboundRoute | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const timeGroups = useTimeGroupOptions(open);
  const timeGroupId = Form.useWatch('timeGroupId', form);
  const { data: me } = useMe();
  const mohClasses = useMohClasses(open && (me?.permissions.includes('musicOnHold:view') ?? false));
  const create = useCreateInboundRoute();
  const update = useUpdateInboundRoute();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (route) form.setFieldsValue(route as unknown as Values);
  }, [open, route, form]);
  const patternRule = {
    validator: (_: unknown, v: string | undefined) =>
      !v || DIAL_PATTERN.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('route.patternInvalid'))),
  };
  const submit = async () => {
    const v = await form.validateFields();
    const destination = cleanDestination(v.destination);
    if (!destination) return;
    const body = {
      name: v.name.trim(),
      priority: v.priority,
      didPattern: v.didPattern?.trim() ?? '',
      callerPattern: v.callerPattern?.trim() ?? '',
      timeGroupId: v.timeGroupId ?? null,
      destination,
      closedDestination: v.timeGroupId ? cleanDestination(v.closedDestination) : null,
      mohClassId: v.mohClassId ?? null,
      enabled: v.enabled,
    };
    try {
      if (route) await update.mutateAsync({ id: route.id, body });
      else await create.mutateAsync(body);
      void message.success(t(route ? 'common.saved' : 'common.created'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <FormDrawer
      title={route ? t('inboundRoute.edit') : t('inboundRoute.create')}
      open={open}
      onClose={onClose}
      size={720}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form
        form={form}
        layout="vertical"
        name="inboundRoute"
        initialValues={{ priority: 100, enabled: true, destination: { kind: 'extension' } }}
      >
        <Form.Item name="name" label={t('route.name')} rules={rules.text(t('route.name'), 60)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="didPattern"
          label={t('inboundRoute.did')}
          tooltip={t('route.patternHint')}
          rules={[patternRule, rules.max(t('inboundRoute.did'), 40)]}
        >
          <Input autoComplete="off" placeholder={t('inboundRoute.anyDid')} />
        </Form.Item>
        <Form.Item
          name="callerPattern"
          label={t('inboundRoute.caller')}
          tooltip={t('route.patternHint')}
          rules={[patternRule, rules.max(t('inboundRoute.caller'), 40)]}
        >
          <Input autoComplete="off" placeholder={t('inboundRoute.anyCaller')} />
        </Form.Item>
        <Form.Item
          name="priority"
          label={t('route.priority')}
          tooltip={t('route.priorityHint')}
          rules={[rules.integer(0, 100000)]}
        >
          <InputNumber min={0} max={100000} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="timeGroupId" label={t('route.timeGroup')} tooltip={t('inboundRoute.timeGroupHint')}>
          <Select
            allowClear
            placeholder={t('route.noTimeGroup')}
            options={(timeGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          />
        </Form.Item>
        <DestinationFields
          name="destination"
          label={timeGroupId ? t('inboundRoute.openDestination') : t('inboundRoute.destination')}
        />
        {timeGroupId && (
          <DestinationFields name="closedDestination" label={t('inboundRoute.closedDestination')} required={false} />
        )}
        <Form.Item name="mohClassId" label={t('inboundRoute.musicOnHold')} tooltip={t('inboundRoute.musicOnHoldHint')}>
          <Select
            allowClear
            placeholder={t('inboundRoute.defaultMusicOnHold')}
            options={(mohClasses.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
          <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
