import { App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from '../../api/auth.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordForm({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const onFinish = (v: Values) =>
    change.mutate(
      { oldPassword: v.oldPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          void message.success(t('profile.passwordChanged'));
          form.resetFields();
          onChanged?.();
        },
        onError: (err) => onError(err, form),
      },
    );

  return (
    <Form form={form} layout="vertical" name="change-password" onFinish={onFinish} style={{ maxWidth: 420 }}>
      <Form.Item name="oldPassword" label={t('profile.oldPassword')} rules={[rules.required(t('profile.oldPassword'))]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('profile.newPassword')} rules={rules.password(t('profile.newPassword'))}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('profile.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          rules.required(t('profile.confirmPassword')),
          ({ getFieldValue }) => ({
            validator: (_rule, value: unknown) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('validation.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('profile.changePassword')}
      </Button>
    </Form>
  );
}
