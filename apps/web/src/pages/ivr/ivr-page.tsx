import { PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import type { Extension, IvrSummary } from '@hujiao/shared';
import { App, Button, Card, Modal, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptions } from '../../api/crud.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { useDeleteIvr, useIvrs, useIvrTestCall, useIvrVersions, useRollbackIvr } from './ivr-api.ts';
import { IvrEditor } from './ivr-editor.tsx';

/** 拨测: ring the user's own extension (or one chosen) and run the menu. */
function TestCallModal({ menu, onClose }: { menu: IvrSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const can = useCan();
  const [extension, setExtension] = useState<string | undefined>();
  const extensions = useOptions<Extension>('extensions', !!menu && can('extension:view'));
  const call = useIvrTestCall();
  return (
    <Modal
      title={t('ivr.testCallTitle', { name: menu?.name ?? '' })}
      open={!!menu}
      onCancel={onClose}
      okText={t('ivr.placeCall')}
      okButtonProps={{ icon: <PhoneOutlined />, loading: call.isPending, id: 'ivr-place-call' }}
      onOk={() =>
        menu &&
        call.mutate(
          { id: menu.id, extension },
          {
            onSuccess: (r) => {
              const text = t(`ivr.outcomes.${r.outcome ?? 'unknown'}`, { defaultValue: r.outcome ?? '' });
              if (r.outcome === 'answered') void message.success(t('ivr.testCallAnswered', { extension: r.extension }));
              else void message.warning(t('ivr.testCallOutcome', { extension: r.extension, outcome: text }));
              onClose();
            },
            onError: (e) => onError(e),
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('ivr.testCallHelp')}</Typography.Paragraph>
      <Select
        allowClear
        showSearch
        style={{ width: '100%' }}
        aria-label={t('ivr.testExtension')}
        placeholder={t('ivr.ownExtension')}
        value={extension}
        onChange={setExtension}
        options={(extensions.data ?? []).map((e) => ({
          value: e.number,
          label: e.displayName ? `${e.number} ${e.displayName}` : e.number,
        }))}
      />
    </Modal>
  );
}

/** Version history of a menu, newest first, with roll-back. */
function HistoryModal({ menu, onClose }: { menu: IvrSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const versions = useIvrVersions(menu?.id ?? null);
  const rollback = useRollbackIvr();
  const feedback = useMutationFeedback();
  return (
    <Modal
      title={t('ivr.historyTitle', { name: menu?.name ?? '' })}
      open={!!menu}
      onCancel={onClose}
      footer={null}
      width={720}
    >
      <Table
        size="small"
        rowKey="version"
        loading={versions.isLoading}
        dataSource={versions.data}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        columns={[
          {
            title: t('ivr.version'),
            dataIndex: 'version',
            render: (v: number) => (v === menu?.version ? `v${v} (${t('ivr.current')})` : `v${v}`),
          },
          {
            title: t('ivr.note'),
            dataIndex: 'note',
            render: (v: string) =>
              v.startsWith('rollback:') ? t('ivr.rolledBackFrom', { version: v.slice(9) }) : v || '-',
          },
          { title: t('ivr.nodes'), dataIndex: 'nodes' },
          { title: t('ivr.savedBy'), dataIndex: 'createdBy', render: (v: string | null) => names.person(v) },
          { title: t('ivr.savedAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, row) =>
              can('ivr:manage') && row.version !== menu?.version ? (
                <Button
                  size="small"
                  onClick={() =>
                    menu &&
                    rollback.mutate(
                      { id: menu.id, version: row.version },
                      { ...feedback(t('ivr.rolledBack')), onSettled: onClose },
                    )
                  }
                >
                  {t('ivr.rollback')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Modal>
  );
}

/** IVR管理: the enterprise's IVR menus; each a tree of menus saved as versions, with a test call (拨测). */
export function IvrPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [keyword, setKeyword] = useState('');
  const paging = usePaging();
  const { data, isLoading, isFetching, isPlaceholderData } = useIvrs({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
  });
  const remove = useDeleteIvr();
  const feedback = useMutationFeedback();
  const [editor, setEditor] = useState<{ open: boolean; id: string | null }>({ open: false, id: null });
  const [testing, setTesting] = useState<IvrSummary | null>(null);
  const [history, setHistory] = useState<IvrSummary | null>(null);
  const mayManage = can('ivr:manage');

  const columns: ColumnsType<IvrSummary> = [
    { title: t('ivr.name'), dataIndex: 'name', render: (v: string) => <span data-testid={`ivr-row-${v}`}>{v}</span> },
    { title: t('ivr.description'), dataIndex: 'description', render: (v: string) => v || '-' },
    { title: t('ivr.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
    { title: t('ivr.nodes'), dataIndex: 'nodes' },
    { title: t('ivr.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v) },
    actionsColumn<IvrSummary>(t, (row) => [
      ...(mayManage
        ? [
            { key: 'edit', label: t('common.edit'), onClick: () => setEditor({ open: true, id: row.id }) },
            { key: 'test', label: t('ivr.testCall'), testId: `ivr-test-${row.name}`, onClick: () => setTesting(row) },
          ]
        : []),
      { key: 'history', label: t('ivr.history'), testId: `ivr-history-${row.name}`, onClick: () => setHistory(row) },
      ...(mayManage
        ? [
            {
              key: 'delete',
              label: t('common.delete'),
              danger: true,
              confirm: confirmDelete(t, row.name, true),
              onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
            },
          ]
        : []),
    ]),
  ];

  return (
    <Card title={t('ivr.title')}>
      <SearchBar
        placeholder={t('ivr.keywordPlaceholder')}
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Space>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ open: true, id: null })}>
                {t('ivr.create')}
              </Button>
            </Space>
          )
        }
      />
      <DataTable<IvrSummary>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading || (isFetching && isPlaceholderData)}
        pagination={paging.pagination(data?.total, t)}
      />
      <IvrEditor id={editor.id} open={editor.open} onClose={() => setEditor((e) => ({ ...e, open: false }))} />
      <TestCallModal menu={testing} onClose={() => setTesting(null)} />
      <HistoryModal menu={history} onClose={() => setHistory(null)} />
    </Card>
  );
}
