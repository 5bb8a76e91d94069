import type { Locale } from '@hujiao/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, Spin } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ME_KEY, useMe } from './api/auth.ts';
import { setCsrfToken, setUnauthenticatedHandler } from './api/client.ts';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { ForbiddenResult, NotFoundResult } from './components/results.tsx';
import { antdLocale, applyDayjsLocale } from './i18n/antd-locale.ts';
import { AppLayout } from './layout/app-layout.tsx';
import { LoginPage } from './pages/login/login-page.tsx';
import { APP_ROUTES, type AppRoute, allowedRoutes } from './routes.tsx';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

setUnauthenticatedHandler(() => {
  setCsrfToken(null);
  queryClient.setQueryData(ME_KEY, null);
});

function Guarded({ route }: { route: AppRoute }) {
  const { data: me } = useMe();
  if (route.permission && !me?.permissions.includes(route.permission)) return <ForbiddenResult />;
  return <>{route.element}</>;
}

function HomeRedirect() {
  const { data: me } = useMe();
  const first = allowedRoutes(me?.permissions ?? [], me?.isPlatform)[0];
  return <Navigate to={first?.path ?? '/profile'} replace />;
}

function AppRoutes() {
  const { isPending } = useMe();
  if (isPending) return <Spin fullscreen />;
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<HomeRedirect />} />
        {APP_ROUTES.map((route) => (
          <Route key={route.path} path={route.path} element={<Guarded route={route} />} />
        ))}
        <Route path="*" element={<NotFoundResult />} />
      </Route>
    </Routes>
  );
}

export function Root() {
  const { i18n } = useTranslation();
  const locale = (i18n.language === 'en-US' ? 'en-US' : 'zh-CN') satisfies Locale;
  useEffect(() => applyDayjsLocale(locale), [locale]);
  const antd = useMemo(() => antdLocale(locale), [locale]);
  return (
    <ConfigProvider locale={antd} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntdApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <ErrorBoundary>
              <AppRoutes />
            </ErrorBoundary>
          </BrowserRouter>
        </QueryClientProvider>
      </AntdApp>
    </ConfigProvider>
  );
}
