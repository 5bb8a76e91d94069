import type { Role } from '@hujiao/shared';
import { Alert, App, Form, Input, Spin, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateRole, usePermissionCatalogue, useUpdateRole } from '../../api/resources.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules, undefinedIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { PermissionMatrix } from './permission-matrix.tsx';
import { roleName } from './role-name.ts';

interface Values {
  name: string;
  description?: string;
  enabled: boolean;
  permissions: string[];
}

interface Props {
  open: boolean;
  role: Role | null;
  readOnly: boolean;
  onClose: () => void;
}

export function RoleFormDrawer({ open, role, readOnly, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const catalogue = usePermissionCatalogue(open);
  const create = useCreateRole();
  const update = useUpdateRole();
  const builtin = role?.builtin ?? false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      role
        ? {
            name: roleName(role, t),
            description: role.description ?? '',
            enabled: role.enabled,
            permissions: role.permissions,
          }
        : { name: '', description: '', enabled: true, permissions: [] },
    );
  }, [open, role, form, t]);

  const submit = async () => {
    const v = await form.validateFields();
    const description = undefinedIfEmpty(v.description);
    try {
      if (role) {
        const body = builtin
          ? { description, enabled: v.enabled, permissions: v.permissions }
          : { name: v.name.trim(), description, enabled: v.enabled, permissions: v.permissions };
        await update.mutateAsync({ id: role.id, body });
        void message.success(t('common.saved'));
      } else {
        await create.mutateAsync({ name: v.name.trim(), description, enabled: v.enabled, permissions: v.permissions });
        void message.success(t('common.created'));
      }
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <FormDrawer
      title={role ? t('role.edit') : t('role.create')}
      open={open}
      onClose={onClose}
      size={1100}
      saving={create.isPending || update.isPending}
      onSave={submit}
      readOnly={readOnly}
    >
      {builtin && <Alert type="info" showIcon title={t('role.builtinHint')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" name="role" disabled={readOnly}>
        <Form.Item name="name" label={t('role.name')} rules={builtin ? [] : rules.text(t('role.name'), 40)}>
          <Input disabled={builtin || readOnly} />
        </Form.Item>
        <Form.Item name="description" label={t('role.description')} rules={[rules.max(t('role.description'), 200)]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="enabled" label={t('role.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="permissions" label={t('role.permissions')}>
          {catalogue.isPending ? (
            <Spin />
          ) : (
            <PermissionMatrix modules={catalogue.data?.modules ?? {}} disabled={readOnly} />
          )}
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
