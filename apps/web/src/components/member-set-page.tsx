import { PlusOutlined } from '@ant-design/icons';
import type { Page, Permission } from '@hujiao/shared';
import { Button, Card, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryParams } from '../api/client.ts';
import { formatTime } from '../i18n/antd-locale.ts';
import { useSeededNames } from '../i18n/seeded-names.ts';
import { usePaging } from '../utils/paging.ts';
import { useMutationFeedback } from '../utils/use-api-error.ts';
import { useCan } from '../utils/use-can.ts';
import { DeleteLink } from './delete-link.tsx';
import { type MemberSet, type MemberSetBody, MemberSetFormModal } from './member-set-form-modal.tsx';
import { SearchBar } from './search-bar.tsx';

interface Row extends MemberSet {
  createdAt: string;
  leaderName?: string | null;
}

interface Mutation<V> {
  mutate(variables: V, options?: { onSuccess?: () => void; onError?: (err: Error) => void }): void;
  mutateAsync(variables: V): Promise<unknown>;
  isPending: boolean;
}

interface Props<T extends Row> {
  /** i18n namespace: title, name, description, memberCount, create (and leader). */
  ns: 'team' | 'userGroup';
  withLeader: boolean;
  permission: Permission;
  useList: (params: QueryParams) => { data?: Page<T> | undefined; isFetching: boolean };
  useCreate: () => Pick<Mutation<MemberSetBody>, 'mutateAsync' | 'isPending'>;
  useUpdate: () => Pick<Mutation<{ id: string; body: MemberSetBody }>, 'mutateAsync' | 'isPending'>;
  useDelete: () => Pick<Mutation<string>, 'mutate'>;
}

/** The list of a kind of member set (班组 or 用户组): search, paging, add, edit, delete. */
export function MemberSetPage<T extends Row>({
  ns,
  withLeader,
  permission,
  useList,
  useCreate,
  useUpdate,
  useDelete,
}: Props<T>) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const feedback = useMutationFeedback();
  const [keyword, setKeyword] = useState('');
  const paging = usePaging();
  const { data, isFetching } = useList({ page: paging.page, pageSize: paging.pageSize, keyword });
  const create = useCreate();
  const update = useUpdate();
  const remove = useDelete();
  const [modal, setModal] = useState<{ open: boolean; record: T | null }>({ open: false, record: null });
  const manage = can(permission);

  const columns: ColumnsType<T> = [
    { title: t(`${ns}.name`), dataIndex: 'name' },
    { title: t(`${ns}.description`), dataIndex: 'description', render: (v: string | null) => v || '-' },
    ...(withLeader
      ? [{ title: t('team.leader'), dataIndex: 'leaderName', render: (v: string | null) => names.person(v) }]
      : []),
    { title: t(`${ns}.memberCount`), dataIndex: 'memberIds', render: (v: string[]) => v.length },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setModal({ open: true, record: row })}>
            {t('common.edit')}
          </Button>
          <DeleteLink name={row.name} onConfirm={() => remove.mutate(row.id, feedback(t('common.deleted')))} />
        </Space>
      ),
    });
  }

  return (
    <Card title={t(`${ns}.title`)}>
      <SearchBar
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, record: null })}>
              {t(`${ns}.create`)}
            </Button>
          )
        }
      />
      <Table<T>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={paging.pagination(data?.total, t)}
      />
      <MemberSetFormModal
        open={modal.open}
        record={modal.record}
        onClose={() => setModal((m) => ({ ...m, open: false }))}
        ns={ns}
        withLeader={withLeader}
        create={create}
        update={update}
      />
    </Card>
  );
}
