import { PlusOutlined } from '@ant-design/icons';
import type { DictionaryItem, DictionaryType } from '@hujiao/shared';
import { Button, Card, Col, Empty, List, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteDictionary, useDeleteDictionaryItem, useDictionaries } from '../../api/crm.ts';
import { DeleteLink } from '../../components/delete-link.tsx';
import { StatusTag } from '../../components/status-tag.tsx';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { ItemModal, TypeModal } from './dictionary-modals.tsx';

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

  const columns: ColumnsType<DictionaryItem> = [
    { title: t('dictionary.value'), dataIndex: 'value' },
    { title: t('dictionary.label'), dataIndex: 'label' },
    { title: t('dictionary.sort'), dataIndex: 'sort' },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => <StatusTag enabled={v} /> },
  ];
  if (mayManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" onClick={() => setItemModal({ open: true, item: row })}>
            {t('common.edit')}
          </Button>
          <DeleteLink name={row.label} onConfirm={() => removeItem.mutate(row.id, deleted)} />
        </Space>
      ),
    });
  }

  return (
    <Card title={t('dictionary.title')} loading={isFetching && !data}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
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
              dataSource={data ?? []}
              renderItem={(d) => (
                <List.Item
                  onClick={() => setSelectedId(d.id)}
                  style={{
                    cursor: 'pointer',
                    background: d.id === selected?.id ? '#e6f4ff' : undefined,
                    paddingInline: 8,
                  }}
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
                  <Space>
                    <Typography.Text strong={d.id === selected?.id}>{d.name}</Typography.Text>
                    <Typography.Text type="secondary">{d.code}</Typography.Text>
                    {d.builtin && <Tag>{t('dictionary.builtin')}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card
            size="small"
            title={selected ? `${t('dictionary.items')} - ${selected.name}` : t('dictionary.items')}
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
              <Table<DictionaryItem>
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
