import { LogoutOutlined, PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Layout, Menu, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLogout, useMe } from '../api/auth.ts';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { allowedRoutes, MENU_GROUPS } from '../routes.tsx';
import { AppointmentReminder } from './appointment-reminder.tsx';
import { menuItems, selectedRoute } from './menu-items.tsx';
import './layout.css';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();
  const routes = useMemo(() => allowedRoutes(me?.permissions ?? []), [me]);

  if (!me) {
    // After an explicit sign-out, the next user starts from home; after an expired session, from here.
    const explicit = logout.isPending || logout.isSuccess || logout.isError;
    return <Navigate to="/login" replace state={explicit ? undefined : { from: location.pathname }} />;
  }
  if (me.mustChangePassword && location.pathname !== '/profile') {
    return <Navigate to="/profile?tab=password" replace />;
  }

  const current = selectedRoute(routes, location.pathname);
  const selected = current?.path;
  const onLogout = () => {
    logout.mutate(undefined, {
      onSettled: () => {
        void message.success(t('layout.loggedOut'));
        navigate('/login', { replace: true });
      },
    });
  };

  return (
    <Layout className="app-layout">
      <Sider width={220} breakpoint="lg" collapsedWidth={0} theme="dark">
        <div className="app-logo">
          <PhoneOutlined />
          <span>{t('common.appTitle')}</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="side-menu"
          selectedKeys={selected ? [selected] : []}
          defaultOpenKeys={Object.keys(MENU_GROUPS).map((g) => `group:${g}`)}
          items={menuItems(routes, t)}
          onClick={({ key }) => navigate(key)}
        />
      </Sider>
      <Layout>
        <Header className="app-header">
          <Typography.Text strong data-testid="header-tenant">
            {me.isPlatform ? t('layout.platform') : me.tenantName}
          </Typography.Text>
          <Space size="middle">
            <LanguageSwitch />
            <Button type="text" icon={<UserOutlined />} onClick={() => navigate('/profile')}>
              <span data-testid="header-user">{me.name}</span>
            </Button>
            <Button
              type="text"
              icon={<LogoutOutlined />}
              onClick={onLogout}
              loading={logout.isPending}
              data-testid="logout"
            >
              {t('layout.logout')}
            </Button>
          </Space>
        </Header>
        <Content className="app-content">
          <Outlet />
        </Content>
        <AppointmentReminder />
      </Layout>
    </Layout>
  );
}
