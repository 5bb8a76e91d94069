import { PlusOutlined } from '@ant-design/icons';
import type { DictionaryItem, DictionaryType } from '@hujiao/shared';
import { Button, Card, Col, Empty, List, Row, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteDictionary, useDeleteDictionaryItem, useDictionaries } from '../../api/crm.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { DeleteLink } from '../../components/delete-link.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { dictionaryItemLabel, dictionaryTypeLabel } from '../../i18n/seeded-names.ts';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { ItemModal, TypeModal } from './dictionary-modals.tsx';
import './dictionaries.css';

/** 数据字典: types on the left (built-in and custom), their items on the right. */
export function DictionariesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('dictionary:manage');
  const { data, isFetching } = useDictionaries();
  const removeType = useDeleteDictionary();
  const removeItem = useDeleteDictionaryItem();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [typeModal, setTypeModal] = useState<{ open: boolean; type: DictionaryType | null }>({
    open: false,
    type: null,
  });
  const [itemModal, setItemModal] = useState<{ open: boolean; item: DictionaryItem | null }>({
    open: false,
    item: null,
  });
  const selected = data?.find((d) => d.id === selectedId) ?? data?.[0] ?? null;
  const feedback = useMutationFeedback();
  const deleted = feedback(t('common.deleted'));

  const typeLabel = (d: DictionaryType) => dictionaryTypeLabel(t, d);
  const itemLabel = (i: DictionaryItem) => (selected?.builtin ? dictionaryItemLabel(t, selected.code, i) : i.label);

  const columns: ColumnsType<DictionaryItem> = [
    { title: t('dictionary.value'), dataIndex: 'value' },
    { title: t('dictionary.label'), key: 'label', render: (_, row) => itemLabel(row) },
    { title: t('dictionary.sort'), dataIndex: 'sort' },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
  ];
  if (mayManage) {
    columns.push(
      actionsColumn<DictionaryItem>(t, (row) => [
        { key: 'edit', label: t('common.edit'), onClick: () => setItemModal({ open: true, item: row }) },
        {
          key: 'delete',
          label: t('common.delete'),
          danger: true,
          confirm: confirmDelete(t, itemLabel(row)),
          onClick: () => removeItem.mutate(row.id, deleted),
        },
      ]),
    );
  }

  return (
    <Card title={t('dictionary.title')} loading={isFetching && !data}>
      <Row gutter={16}>
        <Col xs={24} lg={10} xl={9}>
          <Card
            size="small"
            title={t('dictionary.types')}
            extra={
              mayManage && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setTypeModal({ open: true, type: null })}>
                  {t('dictionary.createType')}
                </Button>
              )
            }
          >
            <List
              size="small"
              className="dictionary-types"
              dataSource={data ?? []}
              renderItem={(d) => (
                <List.Item
                  onClick={() => setSelectedId(d.id)}
                  className={d.id === selected?.id ? 'dictionary-type-selected' : undefined}
                  actions={
                    mayManage
                      ? [
                          <Button
                            key="edit"
                            size="small"
                            type="link"
                            onClick={() => setTypeModal({ open: true, type: d })}
                          >
                            {t('common.edit')}
                          </Button>,
                          ...(d.builtin
                            ? []
                            : [
                                <DeleteLink
                                  key="del"
                                  name={d.name}
                                  size="small"
                                  onConfirm={() => removeType.mutate(d.id, deleted)}
                                />,
                              ]),
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <span className="dictionary-type-name">
                        <Typography.Text strong={d.id === selected?.id}>{typeLabel(d)}</Typography.Text>
                        {d.builtin && <Tag>{t('dictionary.builtin')}</Tag>}
                      </span>
                    }
                    description={d.code}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <Card
            size="small"
            title={selected ? `${t('dictionary.items')} - ${typeLabel(selected)}` : t('dictionary.items')}
            extra={
              mayManage &&
              selected && (
                <Button
                  size="small"
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setItemModal({ open: true, item: null })}
                >
                  {t('dictionary.createItem')}
                </Button>
              )
            }
          >
            {selected ? (
              <DataTable<DictionaryItem>
                rowKey="id"
                size="small"
                columns={columns}
                dataSource={[...selected.items].sort((a, b) => a.sort - b.sort)}
                pagination={false}
              />
            ) : (
              <Empty description={t('dictionary.selectType')} />
            )}
          </Card>
        </Col>
      </Row>
      <TypeModal
        state={typeModal}
        onClose={(created) => {
          setTypeModal({ open: false, type: null });
          if (created) setSelectedId(created.id);
        }}
      />
      <ItemModal
        typeId={selected?.id ?? null}
        state={itemModal}
        onClose={() => setItemModal({ open: false, item: null })}
      />
    </Card>
  );
}
