import { LogoutOutlined, PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Layout, Menu, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLogout, useMe } from '../api/auth.ts';
import { ErrorBoundary } from '../components/error-boundary.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useSeededNames } from '../i18n/seeded-names.ts';
import { LiveChannel } from '../realtime/live-channel.tsx';
import { LiveIndicator } from '../realtime/live-indicator.tsx';
import { allowedRoutes, MENU_GROUPS } from '../routes.tsx';
import { usePageTitle } from '../utils/page-title.ts';
import { ScreenLock } from '../workstation/screen-lock.tsx';
import { WorkstationBar } from '../workstation/workstation-bar.tsx';
import { AppointmentReminder } from './appointment-reminder.tsx';
import { menuItems, selectedRoute } from './menu-items.tsx';
import { VoicemailBadge } from './voicemail-badge.tsx';
import './layout.css';

const { Header, Sider, Content } = Layout;
const PASSWORD_PAGE = '/profile';

/**
 * The console frame: the window never scrolls as a whole. The header stays at the top, the menu scrolls on its own
 * when it is taller than the window, and the page scrolls in `.app-main` (wide tables inside their own box).
 */
export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();
  const names = useSeededNames();
  const routes = useMemo(() => allowedRoutes(me?.permissions ?? [], me?.isPlatform), [me]);
  const current = selectedRoute(routes, location.pathname);
  usePageTitle(current ? t(current.label) : null);

  if (!me) {
    // After an explicit sign-out, the next user starts from home; after an expired session, from here.
    const explicit = logout.isPending || logout.isSuccess || logout.isError;
    return <Navigate to="/login" replace state={explicit ? undefined : { from: location.pathname }} />;
  }
  if (me.mustChangePassword && location.pathname !== PASSWORD_PAGE) {
    return <Navigate to={`${PASSWORD_PAGE}?tab=password`} replace />;
  }

  const selected = current?.path;
  const onLogout = () => {
    logout.mutate(undefined, {
      onSettled: () => {
        void message.success(t('layout.loggedOut'));
        navigate('/login', { replace: true });
      },
    });
  };
  const open = (path: string) => {
    // Until the initial password is changed, every page but the password page is closed: say so.
    if (me.mustChangePassword && path !== PASSWORD_PAGE) {
      void message.warning({ content: t('layout.changePasswordFirst'), key: 'must-change-password', duration: 6 });
      return;
    }
    navigate(path);
  };

  return (
    <Layout className="app-layout">
      <Sider width={220} breakpoint="lg" collapsedWidth={0} theme="dark" className="app-sider">
        <div className="app-logo" title={t('common.appTitle')}>
          <PhoneOutlined />
          <span>{t('layout.logo')}</span>
        </div>
        <div className="app-menu-scroll">
          <Menu
            theme="dark"
            mode="inline"
            data-testid="side-menu"
            selectedKeys={selected ? [selected] : []}
            defaultOpenKeys={Object.keys(MENU_GROUPS).map((g) => `group:${g}`)}
            items={menuItems(routes, t)}
            onClick={({ key }) => open(key)}
          />
        </div>
      </Sider>
      <Layout className="app-body">
        <Header className="app-header">
          <Typography.Text strong data-testid="header-tenant" ellipsis>
            {me.isPlatform ? t('layout.platform') : me.tenantName}
          </Typography.Text>
          <Space size="middle">
            <LiveIndicator />
            <VoicemailBadge enabled={!me.isPlatform} />
            <LanguageSwitch />
            <Button type="text" icon={<UserOutlined />} onClick={() => open(PASSWORD_PAGE)}>
              <span data-testid="header-user">{names.person(me.name)}</span>
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
        <WorkstationBar enabled={!me.isPlatform} />
        <div className="app-stage" id="app-stage">
          <main className="app-main">
            <Content className="app-content">
              <ErrorBoundary key={location.pathname}>
                <Outlet />
              </ErrorBoundary>
            </Content>
          </main>
        </div>
        <AppointmentReminder />
        <ScreenLock />
        <LiveChannel user={me} />
      </Layout>
    </Layout>
  );
}
