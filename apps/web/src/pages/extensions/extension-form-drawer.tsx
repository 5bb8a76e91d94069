import type { Extension } from '@hujiao/shared';
import { App, Button, Form, Input, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCreateExtension, useUpdateExtension } from '../../api/telephony.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { UserSelect } from '../../components/user-select.tsx';
import { makeRules, nullIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import type { CreatedExtension } from './sip-settings.tsx';

interface Values {
  number: string;
  password?: string;
  displayName?: string;
  callerId?: string;
  userId?: string | null;
  enabled: boolean;
}

interface Props {
  open: boolean;
  extension: Extension | null;
  onClose: () => void;
  onCreated: (created: CreatedExtension) => void;
}

/** The extension number is the only unique field; a renumber needs the password again. */
const FIELD_OF_CODE: Record<string, keyof Values> = { CONFLICT: 'number', EXTENSION_PASSWORD_REQUIRED: 'password' };

const PASSWORD_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** 12 characters from an unambiguous alphabet, with at least one letter and one digit. */
export function randomSipPassword(length = 12): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint32Array(length));
    const text = Array.from(bytes, (b) => PASSWORD_CHARS[b % PASSWORD_CHARS.length]).join('');
    if (/[A-Za-z]/.test(text) && /\d/.test(text)) return text;
  }
}

export function ExtensionFormDrawer({ open, extension, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const can = useCan();
  const mayPickUser = can('user:view');
  const [form] = Form.useForm<Values>();
  const create = useCreateExtension();
  const update = useUpdateExtension();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (extension) {
      form.setFieldsValue({
        number: extension.number,
        displayName: extension.displayName ?? '',
        callerId: extension.callerId ?? '',
        userId: extension.userId,
        enabled: extension.enabled,
      });
    }
  }, [open, extension, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      number: v.number.trim(),
      displayName: nullIfEmpty(v.displayName),
      callerId: nullIfEmpty(v.callerId),
      ...(mayPickUser ? { userId: v.userId ?? null } : {}),
      enabled: v.enabled,
    };
    const password = v.password ?? '';
    try {
      if (extension) {
        await update.mutateAsync({ id: extension.id, body: password ? { ...body, password } : body });
        void message.success(t('common.saved'));
        onClose();
      } else {
        await create.mutateAsync({ ...body, password });
        void message.success(t('common.created'));
        onClose();
        onCreated({ number: body.number, password });
      }
    } catch (err) {
      onError(err, form);
      // Errors without `details` that still belong to one field.
      if (err instanceof ApiError && err.details.length === 0) {
        const field = FIELD_OF_CODE[err.code];
        if (field) form.setFields([{ name: field, errors: [err.message] }]);
      }
    }
  };

  const passwordLabel = t('extension.password');
  // The digest hash binds number and password: a new number needs the password again (server: EXTENSION_PASSWORD_REQUIRED).
  const renumberRule = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_rule: unknown, value: unknown) => {
      const renumbered = extension !== null && String(getFieldValue('number') ?? '').trim() !== extension.number;
      return renumbered && !value ? Promise.reject(new Error(t('validation.sipPasswordForNumber'))) : Promise.resolve();
    },
  });
  return (
    <FormDrawer
      title={extension ? t('extension.edit') : t('extension.create')}
      open={open}
      onClose={onClose}
      size={480}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form form={form} layout="vertical" name="extension" initialValues={{ enabled: true }}>
        <Form.Item name="number" label={t('extension.number')} rules={rules.extensionNumber()}>
          <Input autoComplete="off" inputMode="numeric" maxLength={8} />
        </Form.Item>
        <Form.Item label={passwordLabel} htmlFor="extension_password" required={!extension}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="password"
              noStyle
              dependencies={['number']}
              rules={[...rules.sipPassword(passwordLabel, extension !== null), renumberRule]}
            >
              <Input.Password
                aria-label={passwordLabel}
                autoComplete="new-password"
                placeholder={extension ? t('extension.passwordKeep') : undefined}
                maxLength={64}
              />
            </Form.Item>
            <Button
              onClick={() => {
                form.setFieldValue('password', randomSipPassword());
                void form.validateFields(['password']).catch(() => undefined);
              }}
            >
              {t('extension.generatePassword')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('extension.displayName')}
          rules={[rules.max(t('extension.displayName'), 40)]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="callerId"
          label={t('extension.callerId')}
          tooltip={t('extension.callerIdHint')}
          rules={rules.callerId()}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        {mayPickUser && (
          <Form.Item name="userId" label={t('extension.user')}>
            <UserSelect enabled={open} />
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t('extension.status')} valuePropName="checked">
          <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
