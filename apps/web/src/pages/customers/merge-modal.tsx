import { Alert, App, Button, Empty, List, Modal, Radio, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDuplicates, useMergeCustomers } from '../../api/crm.ts';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useApiError } from '../../utils/use-api-error.ts';

export interface MergeCandidate {
  id: string;
  name: string;
  ownerName: string | null;
  createdAt: string;
}

interface Props {
  candidates: MergeCandidate[] | null;
  onClose: () => void;
  onDone: () => void;
}

/** 合并: choose the customer to keep; the others are folded into it. */
export function MergeModal({ candidates, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const merge = useMergeCustomers();
  const [keepId, setKeepId] = useState<string | null>(null);
  useEffect(() => setKeepId(candidates?.[0]?.id ?? null), [candidates]);
  const submit = async () => {
    if (!candidates || !keepId) return;
    try {
      await merge.mutateAsync({ keepId, mergeIds: candidates.filter((c) => c.id !== keepId).map((c) => c.id) });
      void message.success(t('customer.mergeDone'));
      onDone();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Modal
      title={t('customer.mergeTitle')}
      open={candidates !== null}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ disabled: !candidates || candidates.length < 2 || !keepId }}
      confirmLoading={merge.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('customer.mergeHint')} style={{ marginBottom: 16 }} />
      <Typography.Text strong>{t('customer.mergeKeep')}</Typography.Text>
      <Radio.Group
        value={keepId}
        onChange={(e) => setKeepId(e.target.value as string)}
        style={{ display: 'block', marginTop: 8 }}
      >
        <Space direction="vertical">
          {(candidates ?? []).map((c) => (
            <Radio key={c.id} value={c.id}>
              {c.name} · {c.ownerName ?? t('customer.noOwner')} · {formatTime(c.createdAt)}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </Modal>
  );
}

/** 重复客户: groups of visible customers sharing a number; each group can be merged. */
export function DuplicatesModal({
  open,
  onClose,
  onMerge,
}: {
  open: boolean;
  onClose: () => void;
  onMerge: (c: MergeCandidate[]) => void;
}) {
  const { t } = useTranslation();
  const groups = useDuplicates(open);
  return (
    <Modal title={t('customer.duplicates')} open={open} onCancel={onClose} footer={null} width={640} destroyOnHidden>
      <Spin spinning={groups.isFetching}>
        {groups.data && groups.data.length === 0 ? (
          <Empty description={t('customer.duplicatesEmpty')} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('customer.duplicatesHint')}</Typography.Paragraph>
            <List
              dataSource={groups.data ?? []}
              renderItem={(g) => (
                <List.Item
                  actions={[
                    <Button key="merge" type="link" onClick={() => onMerge(g.customers)}>
                      {t('customer.mergeGroup')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta title={g.e164} description={g.customers.map((c) => c.name).join(', ')} />
                </List.Item>
              )}
            />
          </>
        )}
      </Spin>
    </Modal>
  );
}
