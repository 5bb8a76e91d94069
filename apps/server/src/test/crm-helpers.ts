import { createEnterprise, platformAdmin, Session, type TestApp } from './harness.ts';

export const AGENT_PASSWORD = 'Agent#2026';

export interface CrmTenant {
  account: string;
  tenantId: string;
  admin: Session;
  /** Team 一组: leader L (8000) with agents A1 (8001), A2 (8002); team 二组: agent B1 (8003). */
  ids: { leader: string; a1: string; a2: string; b1: string; team1: string; team2: string };
  leader: Session;
  a1: Session;
  a2: Session;
  b1: Session;
}

export async function login(t: TestApp, account: string, agentNo: string): Promise<Session> {
  const s = new Session(t.app);
  const res = await s.login('agent', `${agentNo}@${account}`, AGENT_PASSWORD);
  if (res.status !== 200) throw new Error(`agent login failed: ${JSON.stringify(res.body)}`);
  return s;
}

/** An enterprise with two teams of agents, each signed in. */
export async function crmTenant(t: TestApp, account: string, platform?: Session): Promise<CrmTenant> {
  const { tenantId, admin } = await createEnterprise(t, platform ?? (await platformAdmin(t)), account);
  const user = async (agentNo: string, name: string, agentType: 'agent' | 'teamLeader') =>
    (await admin.ok<{ id: string }>('POST', '/api/users', { agentNo, name, password: AGENT_PASSWORD, agentType })).id;
  const leader = await user('8000', '班长', 'teamLeader');
  const a1 = await user('8001', '坐席一', 'agent');
  const a2 = await user('8002', '坐席二', 'agent');
  const b1 = await user('8003', '坐席三', 'agent');
  const team1 = (
    await admin.ok<{ id: string }>('POST', '/api/teams', {
      name: '一组',
      leaderId: leader,
      memberIds: [leader, a1, a2],
    })
  ).id;
  const team2 = (await admin.ok<{ id: string }>('POST', '/api/teams', { name: '二组', memberIds: [b1] })).id;
  return {
    account,
    tenantId,
    admin,
    ids: { leader, a1, a2, b1, team1, team2 },
    leader: await login(t, account, '8000'),
    a1: await login(t, account, '8001'),
    a2: await login(t, account, '8002'),
    b1: await login(t, account, '8003'),
  };
}

export interface CustomerBody {
  id: string;
  name: string;
  ownerId: string | null;
  publicPool: boolean;
  tags: string[];
  blacklisted: boolean;
  customFields: Record<string, unknown>;
  phones: Array<{ e164: string | null; region: string | null; carrier: string | null; blacklisted: boolean }>;
  followUpStatus: string | null;
  lastFollowUpAt: string | null;
  nextFollowUpAt: string | null;
}
export interface ErrorBody {
  error: { code: string; message: string };
}
export type PageOf<T> = { items: T[]; total: number };

export async function names(s: Session, url = '/api/customers?pageSize=100'): Promise<string[]> {
  const page = await s.ok<PageOf<CustomerBody>>('GET', url);
  return page.items.map((c) => c.name).sort();
}

/** A multipart/form-data body with text fields and one file, as a browser sends it. */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer | string; type?: string },
): { body: Buffer; contentType: string } {
  const boundary = `----hujiao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    chunks.push(typeof file.content === 'string' ? Buffer.from(file.content) : file.content);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface ImportJobBody {
  id: string;
  status: string;
  batch: string;
  total: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  flagged: number;
  progress: number;
  error: string | null;
}

/** Uploads a file for import and waits for the background job to finish. */
export async function importFile(
  t: TestApp,
  s: Session,
  file: { name: string; content: Buffer | string },
  fields: Record<string, string> = {},
): Promise<{ status: number; job: ImportJobBody; body: unknown }> {
  const { body, contentType } = multipart(fields, file);
  const res = await s.call<ImportJobBody>('POST', '/api/customers/import', body, { 'content-type': contentType });
  if (res.status !== 200) return { status: res.status, job: res.body, body: res.body };
  await t.services.imports.idle();
  const job = await s.ok<ImportJobBody>('GET', `/api/customers/import/${res.body.id}`);
  return { status: 200, job, body: res.body };
}
