export { IvrRepository } from './ivr.repository.ts';
export { registerIvrRoutes } from './ivr.routes.ts';
export { type IvrDeps, IvrService } from './ivr.service.ts';
export { ivrMenus, ivrMenuVersions } from './ivr.table.ts';
export { compileDestination, compileIvr, handoffName, type IvrCompileContext, IvrCompileError } from './ivr-compile.ts';
