import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { makeRules } from '../utils/rules.ts';
import { useApiError } from '../utils/use-api-error.ts';

interface Props {
  title: string;
  open: boolean;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (password: string) => Promise<unknown>;
}

/** Asks for a new password twice (reset a user's or an enterprise admin's password). */
export function PasswordModal({ title, open, loading, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await onSubmit(values.password);
      form.resetFields();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onCancel}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={loading}
      okText={t('common.save')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="reset-password" preserve={false}>
        <Form.Item name="password" label={t('user.newPassword')} rules={rules.password(t('user.newPassword'))}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('user.confirmPassword')}
          dependencies={['password']}
          rules={[
            rules.required(t('user.confirmPassword')),
            ({ getFieldValue }) => ({
              validator: (_rule, value: unknown) =>
                !value || value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('validation.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
