import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  HistoryOutlined,
  IdcardOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '@hujiao/shared';
import type { ReactNode } from 'react';
import { AuditLogsPage } from './pages/audit-logs/audit-logs-page.tsx';
import { CallRecordsPage } from './pages/call-records/call-records-page.tsx';
import { DepartmentsPage } from './pages/departments/departments-page.tsx';
import { ExtensionsPage } from './pages/extensions/extensions-page.tsx';
import { ProfilePage } from './pages/profile/profile-page.tsx';
import { RolesPage } from './pages/roles/roles-page.tsx';
import { TeamsPage } from './pages/teams/teams-page.tsx';
import { TenantsPage } from './pages/tenants/tenants-page.tsx';
import { UserGroupsPage } from './pages/user-groups/user-groups-page.tsx';
import { UsersPage } from './pages/users/users-page.tsx';

export interface AppRoute {
  path: string;
  /** i18n key of the menu label and page title. */
  label: string;
  icon: ReactNode;
  /** Required permission; `null` means any signed-in user. */
  permission: Permission | null;
  element: ReactNode;
}

/** The one route table: drives the router, the side menu and the 403 guard. */
export const APP_ROUTES: AppRoute[] = [
  {
    path: '/tenants',
    label: 'menu.tenants',
    icon: <BankOutlined />,
    permission: 'tenant:view',
    element: <TenantsPage />,
  },
  {
    path: '/departments',
    label: 'menu.departments',
    icon: <ApartmentOutlined />,
    permission: 'department:view',
    element: <DepartmentsPage />,
  },
  { path: '/users', label: 'menu.users', icon: <UserOutlined />, permission: 'user:view', element: <UsersPage /> },
  {
    path: '/roles',
    label: 'menu.roles',
    icon: <SafetyCertificateOutlined />,
    permission: 'role:view',
    element: <RolesPage />,
  },
  { path: '/teams', label: 'menu.teams', icon: <TeamOutlined />, permission: 'team:view', element: <TeamsPage /> },
  {
    path: '/user-groups',
    label: 'menu.userGroups',
    icon: <UsergroupAddOutlined />,
    permission: 'userGroup:view',
    element: <UserGroupsPage />,
  },
  {
    path: '/extensions',
    label: 'menu.extensions',
    icon: <PhoneOutlined />,
    permission: 'extension:view',
    element: <ExtensionsPage />,
  },
  {
    path: '/call-records',
    label: 'menu.callRecords',
    icon: <HistoryOutlined />,
    permission: 'callRecord:view',
    element: <CallRecordsPage />,
  },
  {
    path: '/audit-logs',
    label: 'menu.auditLogs',
    icon: <AuditOutlined />,
    permission: 'audit:view',
    element: <AuditLogsPage />,
  },
  { path: '/profile', label: 'menu.profile', icon: <IdcardOutlined />, permission: null, element: <ProfilePage /> },
];

export function allowedRoutes(permissions: readonly string[]): AppRoute[] {
  return APP_ROUTES.filter((r) => r.permission === null || permissions.includes(r.permission));
}
