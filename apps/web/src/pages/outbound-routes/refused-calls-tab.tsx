import { type RefusedCallView, refusalReasons } from '@hujiao/shared';
import { DatePicker, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRefusedCalls } from '../../api/pbx.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';

/** 拦截记录: every call the routing refused, with the reason (blacklist, call class, international, caps …). */
export function RefusedCallsTab() {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const [direction, setDirection] = useState<string | undefined>();
  const [reason, setReason] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const paging = usePaging();
  const { data, isLoading } = useRefusedCalls({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    direction,
    reason,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  });
  const reasonText = (r: string) => ((refusalReasons as readonly string[]).includes(r) ? t(`refused.reasons.${r}`) : r);
  const columns: ColumnsType<RefusedCallView> = [
    { title: t('refused.at'), dataIndex: 'at', render: (v: string) => formatTime(v) },
    {
      title: t('refused.direction'),
      dataIndex: 'direction',
      render: (v: string) => t(`numberList.directions.${v}`),
    },
    { title: t('refused.from'), dataIndex: 'from' },
    { title: t('refused.to'), dataIndex: 'to' },
    { title: t('refused.reason'), dataIndex: 'reason', render: (v: string) => <Tag color="red">{reasonText(v)}</Tag> },
  ];
  const reset = () => paging.setPage(1);
  return (
    <>
      <SearchBar
        placeholder={t('refused.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          reset();
        }}
      >
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('refused.direction')}
          aria-label={t('refused.direction')}
          value={direction}
          onChange={(v: string | undefined) => {
            setDirection(v);
            reset();
          }}
          options={(['inbound', 'outbound'] as const).map((d) => ({
            value: d,
            label: t(`numberList.directions.${d}`),
          }))}
        />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('refused.reason')}
          aria-label={t('refused.reason')}
          value={reason}
          onChange={(v: string | undefined) => {
            setReason(v);
            reset();
          }}
          options={refusalReasons.map((r) => ({ value: r, label: t(`refused.reasons.${r}`) }))}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            reset();
          }}
        />
      </SearchBar>
      <DataTable<RefusedCallView>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
    </>
  );
}
