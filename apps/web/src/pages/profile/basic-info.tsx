import type { Me } from '@hujiao/shared';
import { App, Button, Descriptions, Form, Input, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateProfile } from '../../api/auth.ts';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { makeRules, nullIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  name: string;
  email?: string;
  mobile?: string;
}

export function BasicInfo({ me }: { me: Me }) {
  const { t } = useTranslation();
  const names = useSeededNames();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const update = useUpdateProfile();

  useEffect(() => {
    form.setFieldsValue({ name: me.name, email: me.email ?? '', mobile: me.mobile ?? '' });
  }, [me, form]);

  const onFinish = (v: Values) =>
    update.mutate(
      { name: v.name.trim(), email: nullIfEmpty(v.email), mobile: nullIfEmpty(v.mobile) },
      { onSuccess: () => void message.success(t('profile.profileSaved')), onError: (err) => onError(err, form) },
    );

  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 24 }}>
        <Descriptions.Item
          label={t('profile.tenant')}
        >{`${names.tenant({ name: me.tenantName, isPlatform: me.isPlatform })} (${me.tenantAccount})`}</Descriptions.Item>
        <Descriptions.Item label={t('profile.username')}>{me.username ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('profile.agentNo')}>{me.agentNo ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('profile.agentType')}>
          {me.agentType ? t(`user.agentTypes.${me.agentType}`, { defaultValue: me.agentType }) : '-'}
        </Descriptions.Item>
        <Descriptions.Item label={t('profile.department')}>{me.departmentName ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('profile.team')}>{me.teamName ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('profile.roles')}>
          {me.roles.length ? me.roles.map((r, i) => <Tag key={r}>{names.role(r, me.roleCodes[i])}</Tag>) : '-'}
        </Descriptions.Item>
        <Descriptions.Item label={t('profile.lastLoginAt')}>{formatTime(me.lastLoginAt)}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" name="profile" onFinish={onFinish} style={{ maxWidth: 420 }}>
        <Form.Item name="name" label={t('profile.name')} rules={rules.text(t('profile.name'), 40)}>
          <Input />
        </Form.Item>
        <Form.Item name="mobile" label={t('profile.mobile')} rules={rules.mobile()}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('profile.email')} rules={rules.email()}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}
