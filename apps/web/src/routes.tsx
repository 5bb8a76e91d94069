import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  BranchesOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  ClusterOutlined,
  ContactsOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  DeploymentUnitOutlined,
  FieldTimeOutlined,
  ForkOutlined,
  FormOutlined,
  GlobalOutlined,
  HistoryOutlined,
  IdcardOutlined,
  ImportOutlined,
  MessageOutlined,
  NumberOutlined,
  PartitionOutlined,
  PhoneOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SettingOutlined,
  SolutionOutlined,
  SoundOutlined,
  StopOutlined,
  TagsOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '@hujiao/shared';
import type { ReactNode } from 'react';
import { AgentStateLogPage } from './pages/agent-state-log/agent-state-log-page.tsx';
import { AuditLogsPage } from './pages/audit-logs/audit-logs-page.tsx';
import { CallRecordsPage } from './pages/call-records/call-records-page.tsx';
import { CallerIdReviewsPage } from './pages/caller-ids/caller-id-reviews-page.tsx';
import { CallerIdsPage } from './pages/caller-ids/caller-ids-page.tsx';
import { CustomFieldsPage } from './pages/custom-fields/custom-fields-page.tsx';
import { CustomerDetailPage } from './pages/customer-detail/customer-detail-page.tsx';
import { CustomersPage } from './pages/customers/customers-page.tsx';
import { DepartmentsPage } from './pages/departments/departments-page.tsx';
import { DictionariesPage } from './pages/dictionaries/dictionaries-page.tsx';
import { ExtensionsPage } from './pages/extensions/extensions-page.tsx';
import { FollowUpsPage } from './pages/follow-ups/follow-ups-page.tsx';
import { InboundRoutesPage } from './pages/inbound-routes/inbound-routes-page.tsx';
import { IvrPage } from './pages/ivr/ivr-page.tsx';
import { MonitorAgentsPage } from './pages/monitor-agents/monitor-agents-page.tsx';
import { MusicOnHoldPage } from './pages/music-on-hold/music-on-hold-page.tsx';
import { NumberListsPage } from './pages/number-lists/number-lists-page.tsx';
import { OrdersPage } from './pages/order-verifications/orders-page.tsx';
import { OutboundRoutesPage } from './pages/outbound-routes/outbound-routes-page.tsx';
import { ProfilePage } from './pages/profile/profile-page.tsx';
import { PublicPoolPage } from './pages/public-pool/public-pool-page.tsx';
import { QueuesPage } from './pages/queues/queues-page.tsx';
import { RolesPage } from './pages/roles/roles-page.tsx';
import { TeamsPage } from './pages/teams/teams-page.tsx';
import { TenantsPage } from './pages/tenants/tenants-page.tsx';
import { TicketsPage } from './pages/tickets/tickets-page.tsx';
import { TimeGroupsPage } from './pages/time-groups/time-groups-page.tsx';
import { TrunkGroupsPage } from './pages/trunk-groups/trunk-groups-page.tsx';
import { TrunksPage } from './pages/trunks/trunks-page.tsx';
import { UserGroupsPage } from './pages/user-groups/user-groups-page.tsx';
import { UsersPage } from './pages/users/users-page.tsx';
import { VoiceFilesPage } from './pages/voice-files/voice-files-page.tsx';
import { VoicemailPage } from './pages/voicemail/voicemail-page.tsx';
import { WorkbenchPage } from './pages/workbench/workbench-page.tsx';

export interface AppRoute {
  path: string;
  /** i18n key of the menu label and page title. */
  label: string;
  icon: ReactNode;
  /** Required permission; `null` means any signed-in user. */
  permission: Permission | null;
  element: ReactNode;
  /** Side-menu group (submenu); none = top level. */
  group?: MenuGroup;
  /** Routed and guarded but not in the menu (detail pages). */
  hidden?: boolean;
  /** An enterprise's page only (the platform operator has no extensions, no voicemail). */
  tenantOnly?: boolean;
}

export type MenuGroup = 'crm' | 'pbx' | 'acd' | 'settings';
/** Submenus: i18n key of the label, and icon. */
export const MENU_GROUPS: Record<MenuGroup, { label: string; icon: ReactNode }> = {
  crm: { label: 'menu.crmGroup', icon: <ContactsOutlined /> },
  pbx: { label: 'menu.pbxGroup', icon: <ApiOutlined /> },
  acd: { label: 'menu.acdGroup', icon: <DeploymentUnitOutlined /> },
  settings: { label: 'menu.settingsGroup', icon: <SettingOutlined /> },
};

/** The one route table: drives the router, the side menu and the 403 guard. */
export const APP_ROUTES: AppRoute[] = [
  {
    path: '/workbench',
    label: 'menu.workbench',
    icon: <DashboardOutlined />,
    permission: null,
    tenantOnly: true,
    element: <WorkbenchPage />,
  },
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
    path: '/voicemail',
    label: 'menu.voicemail',
    icon: <MessageOutlined />,
    permission: null,
    tenantOnly: true,
    element: <VoicemailPage />,
  },
  {
    path: '/trunks',
    label: 'menu.trunks',
    icon: <ClusterOutlined />,
    permission: 'trunk:view',
    element: <TrunksPage />,
    group: 'pbx',
  },
  {
    path: '/trunk-groups',
    label: 'menu.trunkGroups',
    icon: <BranchesOutlined />,
    permission: 'trunk:view',
    element: <TrunkGroupsPage />,
    group: 'pbx',
  },
  {
    path: '/time-groups',
    label: 'menu.timeGroups',
    icon: <ClockCircleOutlined />,
    permission: 'routing:view',
    element: <TimeGroupsPage />,
    group: 'pbx',
  },
  {
    path: '/ivr',
    label: 'menu.ivr',
    icon: <PartitionOutlined />,
    permission: 'ivr:view',
    element: <IvrPage />,
    group: 'pbx',
  },
  {
    path: '/inbound-routes',
    label: 'menu.inboundRoutes',
    icon: <ImportOutlined />,
    permission: 'routing:view',
    element: <InboundRoutesPage />,
    group: 'pbx',
  },
  {
    path: '/outbound-routes',
    label: 'menu.outboundRoutes',
    icon: <SendOutlined />,
    permission: 'routing:view',
    element: <OutboundRoutesPage />,
    group: 'pbx',
  },
  {
    path: '/number-lists',
    label: 'menu.numberLists',
    icon: <StopOutlined />,
    permission: 'numberList:view',
    element: <NumberListsPage />,
    group: 'pbx',
  },
  {
    path: '/caller-ids',
    label: 'menu.callerIds',
    icon: <NumberOutlined />,
    permission: 'callerId:view',
    element: <CallerIdsPage />,
    group: 'pbx',
  },
  {
    path: '/voice-files',
    label: 'menu.voiceFiles',
    icon: <SoundOutlined />,
    permission: 'voiceFile:view',
    element: <VoiceFilesPage />,
    group: 'pbx',
  },
  {
    path: '/music-on-hold',
    label: 'menu.musicOnHold',
    icon: <CustomerServiceOutlined />,
    permission: 'musicOnHold:view',
    element: <MusicOnHoldPage />,
    group: 'pbx',
  },
  {
    path: '/queues',
    label: 'menu.queues',
    icon: <ForkOutlined />,
    permission: 'queue:view',
    element: <QueuesPage />,
    group: 'acd',
  },
  {
    path: '/agent-state-log',
    label: 'menu.agentStateLog',
    icon: <FieldTimeOutlined />,
    permission: 'agentStateLog:view',
    element: <AgentStateLogPage />,
    group: 'acd',
  },
  {
    path: '/monitor/agents',
    label: 'menu.monitorAgents',
    icon: <DashboardOutlined />,
    permission: 'supervision:intervene',
    element: <MonitorAgentsPage />,
    group: 'acd',
  },
  {
    path: '/caller-id-reviews',
    label: 'menu.callerIdReviews',
    icon: <NumberOutlined />,
    permission: 'callerIdReview:view',
    element: <CallerIdReviewsPage />,
  },
  {
    path: '/customers',
    label: 'menu.customers',
    icon: <SolutionOutlined />,
    permission: 'customer:view',
    element: <CustomersPage />,
    group: 'crm',
  },
  {
    path: '/customers/:id',
    label: 'customer.detail',
    icon: <SolutionOutlined />,
    permission: 'customer:view',
    element: <CustomerDetailPage />,
    group: 'crm',
    hidden: true,
  },
  {
    path: '/public-pool',
    label: 'menu.publicPool',
    icon: <GlobalOutlined />,
    permission: 'publicPool:claim',
    element: <PublicPoolPage />,
    group: 'crm',
  },
  {
    path: '/follow-ups',
    label: 'menu.followUps',
    icon: <FormOutlined />,
    permission: 'followUp:view',
    element: <FollowUpsPage />,
    group: 'crm',
  },
  {
    path: '/tickets',
    label: 'menu.tickets',
    icon: <ProfileOutlined />,
    permission: 'ticket:view',
    element: <TicketsPage />,
    group: 'crm',
  },
  {
    path: '/order-verifications',
    label: 'menu.orders',
    icon: <CheckSquareOutlined />,
    permission: 'orderVerify:view',
    element: <OrdersPage />,
    group: 'crm',
  },
  {
    path: '/dictionaries',
    label: 'menu.dictionaries',
    icon: <BookOutlined />,
    permission: 'dictionary:view',
    element: <DictionariesPage />,
    group: 'settings',
  },
  {
    path: '/custom-fields',
    label: 'menu.customFields',
    icon: <TagsOutlined />,
    permission: 'customField:manage',
    element: <CustomFieldsPage />,
    group: 'settings',
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

export function allowedRoutes(permissions: readonly string[], isPlatform = false): AppRoute[] {
  return APP_ROUTES.filter(
    (r) => (r.permission === null || permissions.includes(r.permission)) && !(isPlatform && r.tenantOnly),
  );
}
