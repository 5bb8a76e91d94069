import { PlusOutlined } from '@ant-design/icons';
import type { ApiToken } from '@hujiao/shared';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiTokens, useCreateApiToken, useDeleteApiToken } from '../../api/auth.ts';
import { DeleteLink } from '../../components/delete-link.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';

interface Values {
  name: string;
  expiresInDays?: number | null;
}

export function ApiTokens() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const feedback = useMutationFeedback();
  const tokens = useApiTokens(true);
  const create = useCreateApiToken();
  const remove = useDeleteApiToken();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const token = await create.mutateAsync({ name: v.name.trim(), expiresInDays: v.expiresInDays ?? undefined });
      void message.success(t('profile.tokenCreated'));
      setCreated(token.token);
      form.resetFields();
    } catch (err) {
      onError(err, form);
    }
  };
  const close = () => {
    setOpen(false);
    setCreated(null);
    form.resetFields();
  };

  const columns: ColumnsType<ApiToken> = [
    { title: t('profile.tokenName'), dataIndex: 'name' },
    {
      title: t('profile.tokenPrefix'),
      dataIndex: 'prefix',
      render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    {
      title: t('profile.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      render: (v: string | null) => (v ? formatTime(v) : t('profile.never')),
    },
    {
      title: t('profile.expiresAt'),
      dataIndex: 'expiresAt',
      render: (v: string | null) => (v ? formatTime(v) : t('profile.never')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <DeleteLink
          name={row.name}
          label={t('profile.revoke')}
          onConfirm={() => remove.mutate(row.id, feedback(t('profile.tokenRevoked')))}
        />
      ),
    },
  ];

  return (
    <>
      <div className="page-toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('profile.createToken')}
        </Button>
      </div>
      <Table<ApiToken>
        rowKey="id"
        columns={columns}
        dataSource={tokens.data}
        loading={tokens.isFetching}
        pagination={false}
      />
      <Modal
        title={t('profile.createToken')}
        open={open}
        onCancel={close}
        footer={
          created ? (
            <Button type="primary" onClick={close}>
              {t('common.confirm')}
            </Button>
          ) : (
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button type="primary" loading={create.isPending} onClick={() => void submit().catch(() => undefined)}>
                {t('common.save')}
              </Button>
            </>
          )
        }
      >
        {created ? (
          <>
            <Alert type="warning" showIcon title={t('profile.tokenOnce')} style={{ marginBottom: 16 }} />
            <Typography.Paragraph copyable={{ text: created }} code data-testid="api-token-value">
              {created}
            </Typography.Paragraph>
          </>
        ) : (
          <Form form={form} layout="vertical" name="api-token">
            <Form.Item name="name" label={t('profile.tokenName')} rules={rules.text(t('profile.tokenName'), 40)}>
              <Input />
            </Form.Item>
            <Form.Item
              name="expiresInDays"
              label={t('profile.expiresInDays')}
              extra={t('profile.expiresHint')}
              rules={[rules.integer(1, 3650)]}
            >
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
