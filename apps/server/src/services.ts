import path from 'node:path';
import { parseFlow, VOICE_FILE_MAX_SECONDS } from '@hujiao/shared';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { type EventBus, InProcessEventBus } from './events/event-bus.ts';
import { Metrics } from './http/metrics.ts';
import {
  AcdRuntime,
  AgentCalls,
  AgentDial,
  AgentRedirect,
  AgentStateLogRepository,
  AgentStateLogWriter,
  followExtensionCalls,
  pickupScope,
  startAgentLive,
} from './modules/agent/index.ts';
import { AuditRepository, AuditService } from './modules/audit/index.ts';
import { AuthRepository, AuthService } from './modules/auth/index.ts';
import { CallControlService, type CallEngine } from './modules/call-control/index.ts';
import { CallForwardingRepository, CallForwardingService } from './modules/call-forwarding/index.ts';
import {
  CallRecordRepository,
  CallRecordScope,
  CallRecordService,
  QueueCallRepository,
} from './modules/call-record/index.ts';
import { CallerIdRepository, CallerIdService } from './modules/caller-id/index.ts';
import {
  BlacklistService,
  CustomerRepository,
  CustomerService,
  CustomFieldRepository,
  CustomFieldService,
  ExportService,
  ImportRepository,
  ImportService,
  OwnershipRepository,
  OwnershipService,
  Viewers,
} from './modules/customer/index.ts';
import { DepartmentRepository, DepartmentService } from './modules/department/index.ts';
import { DictionaryRepository, DictionaryService } from './modules/dictionary/index.ts';
import { BrowserPhoneCredentials, ExtensionRepository, ExtensionService } from './modules/extension/index.ts';
import { FollowUpRepository, FollowUpService } from './modules/follow-up/index.ts';
import { IvrRepository, IvrService } from './modules/ivr/index.ts';
import { LiveHub, startLiveTopics } from './modules/live/index.ts';
import { NumberListRepository, NumberListService } from './modules/number-list/index.ts';
import { QueueRepository, QueueService } from './modules/queue/index.ts';
import { RoleRepository, RoleService } from './modules/role/index.ts';
import { RefusedCallLog, RoutingRepository, RoutingService } from './modules/routing/index.ts';
import { Supervision, startMonitorAgents, startMonitorQueues } from './modules/supervision/index.ts';
import { TeamRepository, TeamService } from './modules/team/index.ts';
import { TenantRepository, TenantService } from './modules/tenant/index.ts';
import { TicketRepository, TicketService } from './modules/ticket/index.ts';
import { fileKey, secretBox, TrunkRepository, TrunkService } from './modules/trunk/index.ts';
import { UserRepository, UserService } from './modules/user/index.ts';
import { UserGroupRepository, UserGroupService } from './modules/user-group/index.ts';
import {
  LocalVoiceStorage,
  MohClassRepository,
  MohClassService,
  VoiceFileRepository,
  VoiceFileService,
} from './modules/voice-file/index.ts';
import { VoicemailRepository, VoicemailService } from './modules/voicemail/index.ts';
import { immediateDestinationSteps, resolvedDestinationSteps } from './telephony/destination-flow.ts';
import { musicOnHoldPort } from './telephony/moh-port.ts';
import { pbxRouting } from './telephony/pbx-wiring.ts';
import { directoryPort, trunkStatusSource } from './telephony/switch-ports.ts';
import { sipAddress } from './telephony/switch-settings.ts';
import { TelephonyService, type TelephonyServiceDeps } from './telephony/telephony-service.ts';
import { cached } from './telephony/ttl-cache.ts';
import { voiceCodeCaller } from './telephony/voice-code-caller.ts';

export type Services = ReturnType<typeof createServices>;

export interface ServiceOptions {
  /** The switch factory (tests give a fake one). */
  createSwitch?: TelephonyServiceDeps['createSwitch'];
}

/** Wires repositories and services: the one place that knows every module. */
export function createServices(db: Db, config: Config, logger?: Logger, options: ServiceOptions = {}) {
  const audit = new AuditService(new AuditRepository(db));
  const tenantRepo = new TenantRepository(db);
  const userRepo = new UserRepository(db);
  const roleRepo = new RoleRepository(db);
  const departmentRepo = new DepartmentRepository(db);
  const teamRepo = new TeamRepository(db);
  const roles = new RoleService(roleRepo, audit);
  const users = new UserService({
    users: userRepo,
    roles: roleRepo,
    departments: departmentRepo,
    teams: teamRepo,
    audit,
    maxAgents: async (tenantId, tx) => (await tenantRepo.findById(tenantId, tx))?.tenant.maxAgents ?? 0,
  });
  const sipHost = sipAddress(config);
  /** Live events: the switch's now, published in process (an adapter over NATS can take its place). */
  const events: EventBus = new InProcessEventBus({ logger });
  // GET /metrics (Prometheus): the gauges read the switch at each scrape.
  const metrics = new Metrics({
    activeCalls: () => callEngine.calls().filter((c) => !c.isEnded).length,
    registrations: () => telephony.registrations().length,
  });
  events.subscribe('call.hangup', (e) => {
    const call = callEngine.calls().find((c) => c.id === e.callId);
    metrics.callEnded(call?.options.direction ?? 'unknown', (call?.answeredAt ?? null) !== null);
  });
  /** 排队记录: the ACD writes each caller's queue visit; call records show them. */
  const queueCalls = new QueueCallRepository(db);
  const callRecords = new CallRecordService(
    new CallRecordRepository(db),
    path.join(config.dataDir, 'recordings'),
    queueCalls,
  );
  const extensionRepo = new ExtensionRepository(db);
  const extensions: ExtensionService = new ExtensionService({
    repo: extensionRepo,
    users: userRepo,
    audit,
    realmOf: async (tenantId) => (await tenantRepo.findById(tenantId))?.tenant.account ?? '',
    serverRealm: config.sip.realm,
    // No registrations until the switch runs (nor in tests that start none).
    registrations: { contacts: (tenantId, number) => telephony.contacts(tenantId, number) },
    endpoint: {
      proxy: `${sipHost}:${config.sip.port}`,
      transports: ['udp', 'tcp', ...(config.sip.wsPort ? ['ws'] : []), ...(config.sip.wss ? ['wss'] : [])],
    },
  });
  const authRepo = new AuthRepository(db);
  /** 网页电话: SIP credentials issued per sign-in, valid while the session lives. */
  const browserPhones = new BrowserPhoneCredentials({
    sessionAlive: async (sessionId) => (await authRepo.findSession(sessionId, new Date())) !== undefined,
  });
  const voicemail = new VoicemailService({ repo: new VoicemailRepository(db), dataDir: config.dataDir, logger });
  const telephony: TelephonyService = new TelephonyService({
    config,
    logger,
    events,
    directory: directoryPort({ tenantRepo, extensions, browserPhones }),
    callRecords,
    voicemail,
    routes: {
      resolve: (ingress) => pbxRouter.resolve(ingress),
      admitOutside: (t, dial) => pbxRouter.admitOutside(t, dial),
    },
    queues: { join: (o) => acd.join(o) },
    trunks: {
      listTrunks: () => trunks.directory.listTrunks(),
      trunkById: (id) => trunks.directory.trunkById(id),
    },
    musicOnHoldFor: musicOnHoldPort(
      (tenantId) => musicOnHold.musicOnHoldFor(tenantId),
      (err, tenantId) => logger?.warn({ err, tenantId }, 'music on hold not read'),
    ),
    createSwitch: options.createSwitch,
  });
  // PBX configuration (step 3): trunks, routes, black/red lists, caller IDs.
  const callerIds = new CallerIdService(
    new CallerIdRepository(db),
    audit,
    (tenantId, number) => routing.routesUsingCallerId(tenantId, number),
    voiceCodeCaller({
      outsideTarget: (tenantId, number) => pbxRouter.outsideTarget(tenantId, number),
      telephony,
      logger,
    }),
  );
  const trunks: TrunkService = new TrunkService({
    repo: new TrunkRepository(db),
    audit,
    secrets: secretBox(fileKey(config.dataDir)),
    status: trunkStatusSource(telephony),
    onChange: () => {
      void telephony
        .reloadTrunks()
        .then(() => live.resync('trunk-status'))
        .catch((err) => logger?.error({ err }, 'trunks not reloaded'));
      // Outbound routes may take their trunks from a trunk group.
      pbxRouter.invalidate();
    },
    routesUsing: (tenantId, trunkId) => routing.routesUsingTrunk(tenantId, trunkId),
  });
  const routing: RoutingService = new RoutingService({
    repo: new RoutingRepository(db),
    audit,
    checkTrunks: (tenantId, ids) => trunks.checkTrunks(tenantId, ids),
    checkTrunkGroup: (tenantId, id) => trunks.checkTrunkGroup(tenantId, id),
    checkMohClass: (tenantId, id) => musicOnHold.checkClass(tenantId, id),
    unverifiedCallerIds: (tenantId, numbers) => callerIds.unverified(tenantId, numbers),
    onChange: () => pbxRouter.invalidate(),
    destinationChecks: { queue: async (tenantId, d) => d.kind === 'queue' && queues.exists(tenantId, d.queueId) },
  });
  const numberLists = new NumberListService(new NumberListRepository(db), audit);
  /** 拦截记录: the router reports every refused call here. */
  const refusedCalls = new RefusedCallLog(db, logger);
  // 语音文件 and 保持音乐 classes; files under CC_DATA_DIR/voice-files/<enterprise id>/.
  const voiceFiles: VoiceFileService = new VoiceFileService({
    repo: new VoiceFileRepository(db),
    storage: new LocalVoiceStorage(path.join(config.dataDir, 'voice-files')),
    audit,
    classesUsing: (tenantId, fileId) => musicOnHold.classesUsing(tenantId, fileId),
    maxSeconds: VOICE_FILE_MAX_SECONDS,
  });
  const musicOnHold: MohClassService = new MohClassService(new MohClassRepository(db), voiceFiles, audit);
  const ivr = new IvrService({
    repo: new IvrRepository(db),
    audit,
    telephony,
    voiceFilePath: (tenantId, id) => voiceFiles.resolveVoiceFile(tenantId, id).then((p) => p ?? undefined),
    handoff: immediateDestinationSteps,
    resolveHandoff: (tenantId, destination) => resolvedDestinationSteps(tenantId, destination, pbxRouter),
    queueExists: (tenantId, id) => queues.exists(tenantId, id),
    routesUsing: (tenantId, id) => routing.routesUsingIvr(tenantId, id),
  });
  // 技能组 (step 4): the ACD runtime reads them with queues.acdQueues().
  const queues: QueueService = new QueueService({
    repo: new QueueRepository(db),
    audit,
    ivrExists: (tenantId, id) => ivr.exists(tenantId, id),
    voiceFilePath: (tenantId, id) => voiceFiles.resolveVoiceFile(tenantId, id).then((p) => p ?? undefined),
    // A changed queue (strategy, members, times) reaches the ACD at its next call rather than after its 5 s reload.
    onChange: (tenantId) => acd.invalidate(tenantId),
  });
  /** 示忙示闲记录: every agent state change, written behind the ACD's back. */
  const agentStateLogRepo = new AgentStateLogRepository(db);
  const agentStateLog = new AgentStateLogWriter(agentStateLogRepo, logger?.child({ module: 'agent-state-log' }));
  /** The ACD at run time: the enqueue verb's queue port, agents' states (step 4). */
  const acd: AcdRuntime = new AcdRuntime({
    onAgentState: (tenantId, record) => agentStateLog.record(tenantId, record),
    queues: (tenantId) => queues.acdQueues(tenantId),
    agentDevice: (tenantId, agentId) => extensionRepo.numberOfUser(tenantId, agentId),
    // 回呼模式: an agent's mobile number through the outbound routes and trunks (ADR 0020).
    agentOutside: async (tenantId, agentId, number, check) => {
      const extension = await extensionRepo.numberOfUser(tenantId, agentId);
      const r = await pbxRouter.agentDeviceDial(tenantId, { extension, number, check });
      return r.ok ? { ok: true, target: { trunk: r.trunk }, done: r.done } : r;
    },
    destinationSteps: async (tenantId, destination) => {
      const parsed = parseFlow({ steps: await pbxRouter.destinationSteps(tenantId, destination) });
      return parsed.ok ? parsed.flow.steps : null;
    },
    musicOnHold: (tenantId, classId) =>
      classId ? musicOnHold.filesOfClass(tenantId, classId) : musicOnHold.musicOnHoldFor(tenantId),
    voiceFilePath: (tenantId, id) => voiceFiles.resolveVoiceFile(tenantId, id).then((p) => p ?? null),
    queueVisits: {
      open: (v) => queueCalls.open(v),
      update: (tenantId, id, patch) => {
        if (patch.leftAt && patch.waitSec !== undefined) metrics.queueLeft(patch.outcome ?? 'left', patch.waitSec);
        return queueCalls.update(tenantId, id, patch);
      },
    },
    ...(logger ? { logger: logger.child({ module: 'acd' }) } : {}),
  });
  const callForwarding = new CallForwardingService({
    repo: new CallForwardingRepository(db),
    extensions: extensionRepo,
    audit,
    onChange: () => pbxRouter.invalidate(),
  });
  const pbxRouter = pbxRouting({
    routing,
    trunks,
    musicOnHold,
    forwarding: callForwarding,
    numberLists,
    callerIds,
    extensions,
    ivr,
    voiceFiles,
    logger,
    onRefused: (refused) => void refusedCalls.record(refused),
  });
  const dictionaries = new DictionaryService(new DictionaryRepository(db), audit);
  const customerRepo = new CustomerRepository(db);
  const customFields = new CustomFieldService(new CustomFieldRepository(db), dictionaries, audit, (tenantId, ids, tx) =>
    roleRepo.existingIds(tenantId, ids, tx),
  );
  const customers = new CustomerService({ repo: customerRepo, fields: customFields, dictionaries, audit });
  const ownership = new OwnershipService({
    repo: new OwnershipRepository(db),
    customers: customerRepo,
    customerService: customers,
    audit,
  });
  /** The console's live channel (GET /api/live): trunk states, registrations, voicemail counts. */
  const live = new LiveHub({ logger });
  startLiveTopics({ hub: live, events, trunks, telephony, voicemail });
  /** The running switch's calls and its command API, for the call-control API and the CTI. */
  const callEngine: CallEngine = {
    get running() {
      return telephony.running;
    },
    calls: () => telephony.engine?.calls() ?? [],
    execute: (command) => telephony.execute(command),
  };
  /** 外呼 and 代接 from the workstation (the CTI's dial and pickup commands). */
  const agentDial = new AgentDial({
    engine: callEngine,
    agentExtension: (tenantId, userId) => extensionRepo.numberOfUser(tenantId, userId),
    agentState: async (tenantId, userId) => (await acd.liveState(tenantId, userId)).state,
    route: (tenantId, extension, number) => pbxRouter.dialFor(tenantId, extension, number),
    // A click-to-call makes the agent talking for the ACD until it ends (ADR 0022).
    ownCall: (tenantId, userId) => acd.ownCall(tenantId, userId),
    pickupScope: (tenantId, userId) =>
      pickupScope(
        {
          teamOf: async (t, u) => (await userRepo.findById(t, u))?.teamId ?? null,
          teamMembers: async (t, id) => (await userRepo.teamMemberIds(t, [id])).get(id) ?? [],
          queueMembers: async (t) => (await queues.acdQueues(t)).map((q) => q.config.members.map((m) => m.agentId)),
          extensions: async (t) => (await extensionRepo.list(t)).map(({ extension: e }) => e),
        },
        tenantId,
        userId,
      ),
  });
  // The bar's call is read for every agent of the enterprise at each call event: their extension is kept a moment
  // (none found is not kept: an extension bound just now is seen at once).
  const barExtension = cached(5000, async (key) => {
    const [tenantId = '', userId = ''] = key.split('/');
    const number = await extensionRepo.numberOfUser(tenantId, userId);
    if (!number) throw new Error('no extension');
    return number;
  });
  const agentCalls = new AgentCalls({
    dial: agentDial,
    engine: callEngine,
    agentExtension: (tenantId, userId) => barExtension(`${tenantId}/${userId}`).catch(() => null),
    queueCall: (tenantId, userId, callId) => acd.queueCall(tenantId, userId, callId),
    // 回呼模式: the trunk leg that answered at the agent's mobile (ADR 0020).
    agentLeg: (tenantId, userId) => acd.agentLeg(tenantId, userId),
    mobileRing: (userId) => acd.mobileRing(userId),
    redirect: new AgentRedirect({
      engine: callEngine,
      queueExists: (tenantId, id) => queues.exists(tenantId, id),
      ivrExists: (tenantId, id) => ivr.exists(tenantId, id),
      redirectSteps: (tenantId, destination, extension) => pbxRouter.redirectSteps(tenantId, destination, extension),
    }),
  });
  startAgentLive(live, acd, agentCalls, events);
  // 班长强制操作: on the agents of the teams one leads (the call records' circle), or on all with interveneAll.
  const supervisionScope = new CallRecordScope(db);
  const supervision = new Supervision({
    engine: callEngine,
    agentCall: (tenantId, userId) => agentCalls.find(tenantId, userId),
    extensionOf: (tenantId, userId) => extensionRepo.numberOfUser(tenantId, userId),
    userExists: async (tenantId, userId) => (await userRepo.findById(tenantId, userId)) !== undefined,
    scope: (actor) => supervisionScope.usersOf(actor, 'supervision:interveneAll'),
    setState: (tenantId, agentId, state, reason) => acd.setState(tenantId, agentId, state, reason),
    audit,
  });
  startMonitorAgents({
    hub: live,
    events,
    members: async (tenantId) => {
      const setups = await queues.acdQueues(tenantId);
      const ids = [...new Set(setups.flatMap((q) => q.config.members.map((m) => m.agentId)))];
      return userRepo.namesOf(tenantId, ids);
    },
    liveState: (tenantId, agentId) => acd.liveState(tenantId, agentId),
    callView: (tenantId, agentId) => agentCalls.view(tenantId, agentId),
    scope: (actor) => supervisionScope.usersOf(actor, 'supervision:interveneAll'),
    onAgentStateChange: (listener) => acd.onAgentStateChange((tenantId, record) => listener(tenantId, record.agentId)),
  });
  startMonitorQueues({
    hub: live,
    board: (tenantId) => acd.queueBoard(tenantId),
    counts: (tenantId, since) => queueCalls.countsSince(tenantId, since),
    onQueueChange: (listener) => acd.onQueueChange((tenantId) => listener(tenantId)),
    onAgentStateChange: (listener) => acd.onAgentStateChange((tenantId) => listener(tenantId)),
  });
  // A colleague's consult or transfer, an internal call: the agent is talking for the ACD meanwhile.
  followExtensionCalls({
    events,
    engine: callEngine,
    userOfExtension: async (tenantId, number) => (await extensionRepo.findByNumber(tenantId, number))?.userId ?? null,
    ownCall: (tenantId, userId) => acd.ownCall(tenantId, userId),
    queueOf: (callId) => acd.queueOf(callId),
  });
  return {
    live,
    dictionaries,
    viewers: new Viewers(customerRepo),
    customerRepo,
    customFields,
    customers,
    ownership,
    blacklist: new BlacklistService(db, customerRepo, audit),
    imports: new ImportService({
      repo: new ImportRepository(db),
      customers: customerRepo,
      fields: customFields,
      dictionaries,
      audit,
      logger,
      batchSize: config.importBatchRows,
    }),
    followUps: new FollowUpService({ repo: new FollowUpRepository(db), customers, dictionaries, audit }),
    tickets: new TicketService({
      repo: new TicketRepository(db),
      customers,
      customerRepo,
      dictionaries,
      audit,
    }),
    exports: new ExportService({ repo: customerRepo, customers, fields: customFields, dictionaries, logger }),
    events,
    telephony,
    voicemail,
    callControl: new CallControlService(callEngine),
    /** The PBX routing (its fraud-guard counters: tests and, later, the console). */
    pbxRouter,
    extensions,
    callForwarding,
    voiceFiles,
    musicOnHold,
    ivr,
    queues,
    acd,
    supervision,
    metrics,
    agentStateLog,
    agentStateLogRepo,
    trunks,
    routing,
    numberLists,
    callerIds,
    refusedCalls,
    callRecords,
    audit,
    tenantRepo,
    userRepo,
    roles,
    users,
    tenants: new TenantService({ tenants: tenantRepo, roles, users, userRepo, audit }),
    departments: new DepartmentService(departmentRepo, audit),
    teams: new TeamService(teamRepo, userRepo, audit),
    userGroups: new UserGroupService(new UserGroupRepository(db), userRepo, audit),
    auth: new AuthService({ config, repo: authRepo, users: userRepo, tenants: tenantRepo, audit }),
    browserPhones,
    extensionRepo,
  };
}
