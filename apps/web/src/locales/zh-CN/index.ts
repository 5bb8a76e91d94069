import { agent } from './agent.ts';
import { agentStateLog } from './agent-state-log.ts';
import { audit } from './audit.ts';
import { callRecord } from './call-record.ts';
import { common } from './common.ts';
import { appointment, crm, customField, dictionary, followUp, opportunity, order, ticket } from './crm.ts';
import { customer, customerAssign, customerImport, publicPool } from './customer.ts';
import { department } from './department.ts';
import { extension } from './extension.ts';
import { ivr } from './ivr.ts';
import { layout } from './layout.ts';
import { login } from './login.ts';
import { menu } from './menu.ts';
import { monitor } from './monitor.ts';
import {
  callClass,
  callerId,
  destination,
  fraud,
  inboundRoute,
  numberList,
  outboundRoute,
  refused,
  route,
  timeGroup,
  trunk,
  trunkGroup,
} from './pbx.ts';
import { permission } from './permission.ts';
import { profile } from './profile.ts';
import { queue } from './queue.ts';
import { role } from './role.ts';
import { seeded } from './seeded.ts';
import { team } from './team.ts';
import { tenant } from './tenant.ts';
import { user } from './user.ts';
import { userGroup } from './user-group.ts';
import { validation } from './validation.ts';
import { musicOnHold, voiceFile } from './voice-file.ts';
import { voicemail } from './voicemail.ts';
import { workbench } from './workbench.ts';

export const zhCN = {
  common,
  layout,
  menu,
  login,
  validation,
  permission,
  tenant,
  department,
  role,
  user,
  team,
  userGroup,
  audit,
  extension,
  ivr,
  queue,
  callRecord,
  voiceFile,
  musicOnHold,
  trunk,
  trunkGroup,
  timeGroup,
  destination,
  route,
  inboundRoute,
  outboundRoute,
  callClass,
  fraud,
  numberList,
  callerId,
  refused,
  profile,
  crm,
  customer,
  customerImport,
  customerAssign,
  publicPool,
  followUp,
  appointment,
  opportunity,
  ticket,
  order,
  dictionary,
  customField,
  seeded,
  voicemail,
  workbench,
  agent,
  agentStateLog,
  monitor,
};

/** The shape every locale must have: the same keys as zh-CN, every leaf a string. */
export type Messages<T = typeof zhCN> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
