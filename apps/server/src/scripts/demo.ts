/**
 * `npm run demo`: seeds a demo enterprise (account `demo`) with a department, a team, a team leader and two
 * agents, in the configured database. Never run automatically. Passwords are generated and printed once
 * (or CC_DEMO_PASSWORD is used for all of them).
 */
import { ensurePlatformAdmin } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { generatePassword } from '../modules/auth/index.ts';
import { createServices } from '../services.ts';

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const services = createServices(database.db, config);
await ensurePlatformAdmin(services, config);
const out = (line: string) => process.stdout.write(`${line}\n`);

if (await services.tenantRepo.findByAccount('demo')) {
  out('The demo enterprise (account "demo") exists already; nothing changed.');
} else {
  const platform = await services.tenantRepo.findPlatform();
  if (!platform) throw new Error('platform tenant missing');
  const password = process.env.CC_DEMO_PASSWORD ?? generatePassword();
  const system = { tenantId: platform.id, userId: null, userName: 'demo script', ip: null };
  const tenant = await services.tenants.create(system, {
    account: 'demo',
    name: '演示企业',
    maxAgents: 20,
    adminPassword: password,
  });
  const ctx = { ...system, tenantId: tenant.id };
  const dept = await services.departments.create(ctx, { name: '客服中心', sort: 0 });
  const leader = await services.users.create(ctx, {
    agentNo: '8000',
    name: '王班长',
    agentType: 'teamLeader',
    departmentId: dept.id,
    password,
    roleIds: [],
    enabled: true,
  });
  const a1 = await services.users.create(ctx, {
    agentNo: '8001',
    name: '李坐席',
    agentType: 'agent',
    mobile: '13900000001',
    departmentId: dept.id,
    password,
    roleIds: [],
    enabled: true,
  });
  const a2 = await services.users.create(ctx, {
    agentNo: '8002',
    name: '张坐席',
    agentType: 'agent',
    departmentId: dept.id,
    password,
    roleIds: [],
    enabled: true,
  });
  await services.teams.create(ctx, { name: '一组', leaderId: leader.id, memberIds: [leader.id, a1.id, a2.id] });
  out('Demo enterprise created:');
  out('  enterprise admin:  account "demo"');
  out('  team leader:       8000@demo');
  out('  agents:            8001@demo (or mobile 13900000001), 8002@demo');
  out(`  password (all):    ${password}`);
}
await database.close();
