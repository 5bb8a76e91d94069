import { type AuditLog, PERMISSION_MODULES } from '@hujiao/shared';
import { Card, DatePicker, Input, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditLogs } from '../../api/resources.ts';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';

const MODULES = [...Object.keys(PERMISSION_MODULES), 'auth'];

export function AuditLogsPage() {
  const { t } = useTranslation();
  const names = useSeededNames();
  const [keyword, setKeyword] = useState('');
  const [module, setModule] = useState<string | undefined>();
  const [action, setAction] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const paging = usePaging();
  const { data, isFetching } = useAuditLogs({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    module,
    action: action.trim(),
    from: range?.[0]?.format() ?? undefined,
    to: range?.[1]?.format() ?? undefined,
  });
  const moduleName = (m: string) => t(`permission.module.${m}`, { defaultValue: m });
  const actionName = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });

  const columns: ColumnsType<AuditLog> = [
    { title: t('audit.time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v), width: 180 },
    { title: t('audit.user'), dataIndex: 'userName', render: (v: string | null) => names.person(v) },
    { title: t('audit.module'), dataIndex: 'module', render: (v: string) => moduleName(v) },
    { title: t('audit.action'), dataIndex: 'action', render: (v: string) => actionName(v) },
    // The server's sentence with names, in the console's language; the raw detail is in the expanded row.
    {
      title: t('audit.summary'),
      dataIndex: 'summary',
      render: (v: string) => (
        <Typography.Text data-testid="audit-summary" style={{ display: 'inline-block', minWidth: 240, maxWidth: 560 }}>
          {names.inText(v)}
        </Typography.Text>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v || '-' },
  ];

  const resetPage = () => paging.setPage(1);
  return (
    <Card title={t('audit.title')}>
      <SearchBar
        onSearch={(value) => {
          setKeyword(value);
          resetPage();
        }}
      >
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('audit.module')}
          aria-label={t('audit.module')}
          value={module}
          onChange={(v: string | undefined) => {
            setModule(v);
            resetPage();
          }}
          options={MODULES.map((m) => ({ value: m, label: moduleName(m) }))}
        />
        <Input
          allowClear
          style={{ width: 150 }}
          placeholder={t('audit.action')}
          aria-label={t('audit.action')}
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            resetPage();
          }}
        />
        <DatePicker.RangePicker
          showTime
          aria-label={t('audit.timeRange')}
          placeholder={[t('audit.startTime'), t('audit.endTime')]}
          value={range}
          onChange={(v) => {
            setRange(v);
            resetPage();
          }}
        />
      </SearchBar>
      <Table<AuditLog>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (row) => row.detail !== null,
          expandedRowRender: (row) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(row.detail, null, 2)}</pre>
          ),
        }}
      />
    </Card>
  );
}
