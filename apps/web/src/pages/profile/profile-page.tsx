import { Alert, Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/auth.ts';
import { useCan } from '../../utils/use-can.ts';
import { ApiTokens } from './api-tokens.tsx';
import { BasicInfo } from './basic-info.tsx';
import { PasswordForm } from './password-form.tsx';

export function ProfilePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  if (!me) return null;
  const active = me.mustChangePassword ? 'password' : (params.get('tab') ?? 'basic');

  const items = [
    { key: 'basic', label: t('profile.basic'), children: <BasicInfo me={me} />, disabled: me.mustChangePassword },
    { key: 'password', label: t('profile.changePassword'), children: <PasswordForm /> },
  ];
  if (can('apiToken:manage')) {
    items.push({
      key: 'tokens',
      label: t('profile.apiTokens'),
      children: <ApiTokens />,
      disabled: me.mustChangePassword,
    });
  }

  return (
    <Card title={t('profile.title')}>
      {me.mustChangePassword && (
        <Alert
          type="warning"
          showIcon
          title={t('layout.mustChangePassword')}
          style={{ marginBottom: 16 }}
          data-testid="password-required"
        />
      )}
      <Tabs activeKey={active} onChange={(key) => setParams({ tab: key }, { replace: true })} items={items} />
    </Card>
  );
}
