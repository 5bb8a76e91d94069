import { type CallerIdReviewItem, callerIdStatuses } from '@hujiao/shared';
import { Card, Select } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallerIdReviews, useReviewCallerId } from '../../api/pbx.ts';
import { actionsColumn, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { usePaging } from '../../utils/paging.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { CallerIdStatusTag } from './caller-id-status-tag.tsx';

/** 主叫号码审核 (platform operator): every enterprise's numbers waiting for 人工审核. */
export function CallerIdReviewsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayApprove = can('callerIdReview:approve');
  const [keyword, setKeyword] = useState('');
  const [status, setStatus] = useState<string | undefined>('unverified');
  const paging = usePaging();
  const { data, isLoading } = useCallerIdReviews({ page: paging.page, pageSize: paging.pageSize, keyword, status });
  const review = useReviewCallerId();
  const feedback = useMutationFeedback();
  const columns: ColumnsType<CallerIdReviewItem> = [
    { title: t('callerId.tenant'), dataIndex: 'tenantName' },
    { title: t('callerId.number'), dataIndex: 'number' },
    { title: t('callerId.region'), dataIndex: 'region', render: (v: string | null) => v || '-' },
    {
      title: t('callerId.status'),
      dataIndex: 'status',
      render: (v: string, r) => <CallerIdStatusTag status={v} comment={r.reviewComment} />,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (mayApprove) {
    columns.push(
      actionsColumn<CallerIdReviewItem>(t, (row) => {
        const open = row.status === 'unverified' || row.status === 'verifying';
        return [
          {
            key: 'approve',
            label: t('callerId.approve'),
            hidden: !open,
            onClick: () =>
              review.mutate({ id: row.id, body: { status: 'verified' } }, feedback(t('callerId.approved'))),
          },
          {
            key: 'reject',
            label: t('callerId.reject'),
            hidden: !open,
            danger: true,
            confirm: { title: t('callerId.confirmReject', { number: row.number }) },
            onClick: () =>
              review.mutate({ id: row.id, body: { status: 'rejected' } }, feedback(t('callerId.rejected'))),
          },
        ];
      }),
    );
  }
  return (
    <Card title={t('callerId.reviewTitle')}>
      <SearchBar
        placeholder={t('callerId.keywordPlaceholder')}
        onSearch={(v) => {
          setKeyword(v);
          paging.setPage(1);
        }}
      >
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('callerId.status')}
          aria-label={t('callerId.status')}
          value={status}
          onChange={(v: string | undefined) => {
            setStatus(v);
            paging.setPage(1);
          }}
          options={callerIdStatuses.map((s) => ({ value: s, label: t(`callerId.statuses.${s}`) }))}
        />
      </SearchBar>
      <DataTable<CallerIdReviewItem>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading}
        pagination={paging.pagination(data?.total, t)}
      />
    </Card>
  );
}
