import { LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginBody } from '@hujiao/shared';
import { App, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useLogin, useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { allowedRoutes } from '../../routes.tsx';
import { usePageTitle } from '../../utils/page-title.ts';
import { AGENT_LOGIN_PATTERN, MOBILE_PATTERN } from '../../utils/rules.ts';
import '../../layout/layout.css';

type Mode = LoginBody['mode'];

interface LoginForm {
  account: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me } = useMe();
  usePageTitle(t('login.submit'));
  const login = useLogin();
  const [mode, setMode] = useState<Mode>('account');
  const [form] = Form.useForm<LoginForm>();

  if (me && !login.isSuccess) return <Navigate to="/" replace />;

  const accountField = {
    account: {
      label: t('login.account'),
      placeholder: t('login.accountPlaceholder'),
      icon: <UserOutlined />,
      rules: [{ required: true, whitespace: true, message: t('login.accountRequired') }],
    },
    agent: {
      label: t('login.agentAccount'),
      placeholder: t('login.agentPlaceholder'),
      icon: <UserOutlined />,
      rules: [
        { required: true, whitespace: true, message: t('login.agentRequired') },
        { pattern: AGENT_LOGIN_PATTERN, message: t('login.agentPattern') },
      ],
    },
    mobile: {
      label: t('login.mobile'),
      placeholder: t('login.mobilePlaceholder'),
      icon: <MobileOutlined />,
      rules: [
        { required: true, whitespace: true, message: t('login.mobileRequired') },
        { pattern: MOBILE_PATTERN, message: t('validation.mobile') },
      ],
    },
  }[mode];

  const onFinish = (values: LoginForm) => {
    login.mutate(
      { mode, account: values.account.trim(), password: values.password },
      {
        onSuccess: (signedIn) => {
          void message.success(t('login.success'));
          const from = (location.state as { from?: string } | null)?.from;
          const allowed = allowedRoutes(signedIn.permissions, signedIn.isPlatform).some((r) => r.path === from);
          navigate(from && allowed && !signedIn.mustChangePassword ? from : '/', { replace: true });
        },
        onError: (err) => {
          const text = err instanceof ApiError && err.code === 'NETWORK' ? t('common.networkError') : err.message;
          form.setFields([{ name: 'password', errors: [text] }]);
          void message.error(text);
        },
      },
    );
  };

  const tab = (key: Mode, label: string) => ({
    key,
    label: <span data-testid={`login-tab-${key}`}>{label}</span>,
  });

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Typography.Title level={2} style={{ marginBottom: 24 }}>
        {t('login.title')}
      </Typography.Title>
      <Card className="login-card">
        <Tabs
          centered
          activeKey={mode}
          onChange={(key) => {
            setMode(key as Mode);
            form.resetFields(['account']);
            form.setFields([{ name: 'password', errors: [] }]);
          }}
          items={[
            tab('account', t('login.tabAccount')),
            tab('agent', t('login.tabAgent')),
            tab('mobile', t('login.tabMobile')),
          ]}
        />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} name={`login-${mode}`}>
          <Form.Item name="account" label={accountField.label} rules={accountField.rules}>
            <Input
              size="large"
              prefix={accountField.icon}
              placeholder={accountField.placeholder}
              autoComplete="username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              placeholder={t('login.passwordPlaceholder')}
              autoComplete="current-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
