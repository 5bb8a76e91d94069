import type { Tenant } from '@hujiao/shared';
import { App, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTenant, useUpdateTenant } from '../../api/resources.ts';
import { makeRules, undefinedIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  account: string;
  name: string;
  contactName?: string;
  contactPhone?: string;
  maxAgents: number;
  remark?: string;
  adminPassword: string;
  adminMobile?: string;
  adminAgentNo?: string;
  enabled: boolean;
}

interface Props {
  open: boolean;
  tenant: Tenant | null;
  onClose: () => void;
}

export function TenantFormModal({ open, tenant, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateTenant();
  const update = useUpdateTenant();
  const editing = tenant !== null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (tenant) {
      form.setFieldsValue({
        account: tenant.account,
        name: tenant.name,
        contactName: tenant.contactName ?? '',
        contactPhone: tenant.contactPhone ?? '',
        maxAgents: tenant.maxAgents,
        remark: tenant.remark ?? '',
        enabled: tenant.enabled,
      });
    }
  }, [open, tenant, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const common = {
      name: v.name.trim(),
      contactName: undefinedIfEmpty(v.contactName),
      contactPhone: v.contactPhone?.trim() ?? '',
      maxAgents: v.maxAgents,
      remark: undefinedIfEmpty(v.remark),
    };
    try {
      if (tenant) {
        await update.mutateAsync({ id: tenant.id, body: { ...common, enabled: v.enabled } });
        void message.success(t('common.saved'));
      } else {
        await create.mutateAsync({
          ...common,
          account: v.account.trim(),
          adminPassword: v.adminPassword,
          adminMobile: v.adminMobile?.trim() || undefined,
          adminAgentNo: v.adminAgentNo?.trim() || undefined,
        });
        void message.success(t('common.created'));
      }
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Modal
      title={editing ? t('tenant.edit') : t('tenant.create')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" name="tenant" initialValues={{ maxAgents: 50, enabled: true }}>
        <Form.Item
          name="account"
          label={t('tenant.account')}
          extra={editing ? undefined : t('tenant.accountHint')}
          rules={[rules.required(t('tenant.account')), ...rules.account()]}
        >
          <Input disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('tenant.name')} rules={rules.text(t('tenant.name'), 60)}>
          <Input />
        </Form.Item>
        <Form.Item name="contactName" label={t('tenant.contactName')} rules={[rules.max(t('tenant.contactName'), 40)]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('tenant.contactPhone')} rules={rules.mobile()}>
          <Input />
        </Form.Item>
        <Form.Item
          name="maxAgents"
          label={t('tenant.maxAgents')}
          rules={[rules.requiredSelect(t('tenant.maxAgents')), rules.integer(1, 100000)]}
        >
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="remark" label={t('tenant.remark')} rules={[rules.max(t('tenant.remark'), 200)]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {editing ? (
          <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="adminPassword"
              label={t('tenant.adminPassword')}
              extra={t('tenant.adminPasswordHint')}
              rules={rules.password(t('tenant.adminPassword'))}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            {/* The admin's other two login names: 手机号, and 工号@企业账号. */}
            <Form.Item
              name="adminMobile"
              label={t('tenant.adminMobile')}
              extra={t('tenant.adminMobileHint')}
              rules={rules.mobile()}
            >
              <Input autoComplete="off" data-testid="tenant-admin-mobile" />
            </Form.Item>
            <Form.Item
              name="adminAgentNo"
              label={t('tenant.adminAgentNo')}
              extra={t('tenant.adminAgentNoHint')}
              rules={rules.agentNo()}
            >
              <Input autoComplete="off" data-testid="tenant-admin-agent-no" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
